from django.urls import path, re_path

from warp.bookings import staff_views, views

app_name = "bookings"
urlpatterns = [
    # Students
    path("", views.portal, name="portal"),
    path("runs/<int:run_pk>/book/", views.book, name="book"),
    path("<int:pk>/cancel/", views.booking_cancel_view, name="booking-cancel"),
    path("<int:pk>/accept/", views.offer_accept, name="offer-accept"),
    path("<int:pk>/decline/", views.offer_decline, name="offer-decline"),
    path("<int:pk>/certificate/", views.certificate, name="certificate"),
    path("calendar/new/", views.calendar_renew, name="calendar-renew"),
    path("calendar/stop/", views.calendar_revoke, name="calendar-revoke"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    # Staff
    path("students/<int:pk>/", staff_views.student_bookings, name="student-bookings"),
    path("students/<int:pk>/referral/", staff_views.referral_create, name="referral-create"),
    path("referrals/<int:pk>/accounts/", staff_views.referral_accounts, name="referral-accounts"),
    path("<int:pk>/offer/", staff_views.offer_make, name="offer-make"),
    path("to-contact/", staff_views.contact_list, name="contact-list"),
    path("to-contact/<int:pk>/done/", staff_views.contact_done, name="contact-done"),
    # Trainers and managers
    path("sessions/", staff_views.trainer_sessions, name="trainer-sessions"),
    path("sessions/<int:pk>/register/", staff_views.register, name="register"),
    path("sessions/<int:pk>/register.pdf", staff_views.register_print, name="register-pdf"),
    path("sessions/<int:pk>/register/walk-in/", staff_views.register_walk_in, name="register-walk-in"),
    path("runs/<int:pk>/trainer-feedback/", staff_views.trainer_feedback, name="trainer-feedback"),
    path("teams/<int:pk>/referred/", staff_views.referring_team_progress, name="referring-team-progress"),
    path(
        "referrals/<int:pk>/team-feedback/",
        staff_views.referring_team_feedback,
        name="referring-team-feedback",
    ),
    path("registers/not-taken/", staff_views.registers_not_taken, name="registers-not-taken"),
    path("dashboard/", staff_views.term_dashboard, name="term-dashboard"),
    path("emails/", staff_views.message_previews, name="message-previews"),
    path("runs/<int:pk>/messages/", staff_views.run_messages, name="run-messages"),
    re_path(
        r"^runs/(?P<pk>[0-9]+)/bookings\.(?P<fmt>csv|xlsx)$",
        staff_views.run_bookings_export,
        name="run-bookings-export",
    ),
    # GOV.UK Notify's callbacks (POST, bearer token): delivery receipts and texts students send back
    path("notify/callback/", views.notify_delivery, name="notify-callback"),
    path("notify/received-text/", views.notify_received_text, name="notify-received-text"),
    re_path(
        r"^dashboard/export\.(?P<fmt>csv|xlsx)$",
        staff_views.term_dashboard_export,
        name="term-dashboard-export",
    ),
]
