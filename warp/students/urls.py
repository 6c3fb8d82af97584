from django.urls import path, re_path

from warp.students import review_views, second_coding_views, views

app_name = "students"
urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/myself/", views.register_myself, name="register-myself"),
    path("me/", views.my_record, name="my-record"),
    path("me/contact/", views.my_contact, name="my-contact"),
    path("", views.student_list, name="student-list"),
    path("export/", views.student_export, name="student-export"),
    path("new/", views.staff_register, name="staff-register"),
    path("waiting-for-a-plan/", views.waiting_list, name="waiting-list"),
    path("<int:pk>/", views.student_detail, name="student-detail"),
    path("<int:pk>/edit/", views.student_edit, name="student-edit"),
    path("<int:pk>/contact-notes/", views.plan_contacts, name="plan-contacts"),
    re_path(r"^(?P<pk>[0-9]+)/(?P<change>left|back)/$", views.student_status_change, name="student-status"),
    path("<int:pk>/learning-plan/", views.learning_plan_edit, name="learning-plan"),
    path("<int:pk>/reviews/new/", review_views.review_record_view, name="review-record"),
    path("reviews/to-code/", review_views.review_coding, name="review-coding"),
    path("reviews/<int:pk>/code/", review_views.review_code_view, name="review-code"),
    path("reviews/second-coding/", second_coding_views.second_coding, name="second-coding"),
    path(
        "reviews/second-coding/draw/", second_coding_views.second_coding_sample, name="second-coding-sample"
    ),
    path(
        "reviews/<int:pk>/second-code/",
        second_coding_views.review_second_code_view,
        name="review-second-code",
    ),
    path("reviews/disagreements/", second_coding_views.disagreements, name="coding-disagreements"),
    path("reviews/<int:pk>/agree/", second_coding_views.review_final_agree_view, name="review-agree"),
    path("service-area/", views.service_area, name="service-area"),
    path("import/", views.import_upload, name="import-upload"),
    path("import/<int:pk>/", views.import_preview, name="import-preview"),
]
