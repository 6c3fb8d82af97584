from django.urls import path

from warp.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="login"),
    path("sign-out/", views.sign_out, name="logout"),
    path("", views.profile, name="profile"),
    path("password/", views.password_change, name="password-change"),
    path("sessions/", views.session_list, name="sessions"),
    path("sessions/<int:pk>/end/", views.session_end, name="session-end"),
    path("sessions/end-others/", views.session_end_others, name="session-end-others"),
    path("access-review/", views.access_review, name="access-review"),
]
