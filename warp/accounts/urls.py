from django.urls import path

from warp.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="login"),
    path("sign-out/", views.sign_out, name="logout"),
    path("", views.profile, name="profile"),
    path("password/", views.password_change, name="password-change"),
]
