from django.urls import path

from warp.service_use import views

app_name = "service_use"
urlpatterns = [
    path("services/", views.service_list, name="service-list"),
    path("services/new/", views.service_create, name="service-create"),
    path("services/<int:pk>/edit/", views.service_edit, name="service-edit"),
    path("students/<int:pk>/", views.answer_record, name="answer-record"),
]
