from django.urls import path

from warp.prospectus.views import courses, public, runs, terms, venues

app_name = "prospectus"
urlpatterns = [
    # Public: anyone may browse the prospectus, signed in or not.
    path("", public.prospectus, name="prospectus"),
    path("runs/<int:pk>/", public.run_detail, name="run-detail"),
    path("terms/<int:pk>/prospectus.pdf", public.term_pdf, name="term-pdf"),
    # Centre managers and administrators.
    path("manage/courses/", courses.course_list, name="course-list"),
    path("manage/courses/review/", courses.course_review_list, name="course-review-list"),
    path("manage/courses/new/", courses.course_create, name="course-create"),
    path("manage/courses/<int:pk>/", courses.course_update, name="course-update"),
    path("manage/course-themes/", courses.theme_list, name="theme-list"),
    path("manage/venues/", venues.venue_list, name="venue-list"),
    path("manage/venues/new/", venues.venue_create, name="venue-create"),
    path("manage/venues/<int:pk>/", venues.venue_update, name="venue-update"),
    path("manage/terms/", terms.term_list, name="term-list"),
    path("manage/terms/new/", terms.term_create, name="term-create"),
    path("manage/terms/<int:pk>/", terms.term_detail, name="term-detail"),
    path("manage/terms/<int:pk>/edit/", terms.term_update, name="term-update"),
    path("manage/terms/<int:pk>/copy/", terms.term_copy, name="term-copy"),
    path("manage/terms/<int:pk>/runs/", terms.term_runs_bulk, name="term-runs-bulk"),
    path("manage/terms/<int:term_pk>/runs/new/", runs.run_create, name="run-create"),
    path("manage/runs/<int:pk>/", runs.run_update, name="run-update"),
    path("manage/runs/<int:pk>/publish/", runs.run_publish, name="run-publish"),
    path("manage/runs/<int:pk>/unpublish/", runs.run_unpublish, name="run-unpublish"),
    path("manage/runs/<int:pk>/cancel/", runs.run_cancel, name="run-cancel"),
    path("manage/runs/<int:pk>/trainers/", runs.trainer_add, name="trainer-add"),
    path("manage/run-trainers/<int:pk>/remove/", runs.trainer_remove, name="trainer-remove"),
    path("manage/runs/<int:pk>/sessions/new/", runs.session_create, name="session-create"),
    path("manage/runs/<int:pk>/sessions/series/", runs.session_series, name="session-series"),
    path("manage/sessions/<int:pk>/", runs.session_update, name="session-update"),
    path("manage/sessions/<int:pk>/delete/", runs.session_delete, name="session-delete"),
]
