from django.urls import path

from warp.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="login"),
    path("sign-out/", views.sign_out, name="logout"),
    path("", views.profile, name="profile"),
    path("acting-as/", views.acting_role_switch, name="acting-role-switch"),
    path("password/", views.password_change, name="password-change"),
    path("sessions/", views.session_list, name="sessions"),
    path("sessions/<int:pk>/end/", views.session_end, name="session-end"),
    path("sessions/end-others/", views.session_end_others, name="session-end-others"),
    path("access-review/", views.access_review, name="access-review"),
    path("staff/new/", views.staff_create, name="staff-create"),
    path("staff/<int:pk>/roles/", views.staff_roles, name="staff-roles"),
    path("staff/<int:pk>/invite/", views.staff_invite, name="staff-invite"),
    path(
        "staff/<int:pk>/organisation/invite/",
        views.staff_organisation_invite,
        name="staff-organisation-invite",
    ),
    path(
        "staff/<int:pk>/organisation/unlink/",
        views.staff_organisation_unlink,
        name="staff-organisation-unlink",
    ),
    path("organisation/invitation/<str:key>/", views.organisation_invitation, name="organisation-invitation"),
]
