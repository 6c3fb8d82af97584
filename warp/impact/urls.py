from django.urls import path

from warp.impact import views

app_name = "impact"
urlpatterns = [
    path("", views.log, name="log"),
    path("print/", views.log_print, name="log-print"),
    path("impact-log.csv", views.log_csv, name="log-csv"),
    path("new/", views.entry_create, name="entry-create"),
    path("<int:pk>/edit/", views.entry_edit, name="entry-edit"),
    path("workshops/", views.workshop_list, name="workshop-list"),
    path("workshops/new/", views.workshop_create, name="workshop-create"),
    path("workshops/summary/", views.workshop_summary, name="workshop-summary"),
    path("workshops/<int:pk>/", views.workshop_detail, name="workshop-detail"),
    path("workshops/<int:pk>/edit/", views.workshop_edit, name="workshop-edit"),
    path("workshops/comments/<int:pk>/edit/", views.comment_edit, name="comment-edit"),
    path("workshops/themes/", views.themes, name="themes"),
    path("workshops/themes/<int:pk>/edit/", views.theme_edit, name="theme-edit"),
]
