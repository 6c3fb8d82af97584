from django.urls import path

from warp.students import views

app_name = "students"
urlpatterns = [
    path("register/", views.register, name="register"),
]
