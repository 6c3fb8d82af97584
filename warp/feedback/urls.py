from django.urls import path, re_path

from warp.feedback import views

app_name = "feedback"
urlpatterns = [
    path("give/", views.give_list, name="give-list"),
    path("give/<int:pk>/", views.give, name="give"),
    path("f/<str:token>/", views.anonymous, name="anonymous"),
    path("thank-you/", views.thanks, name="thanks"),
    path("runs/", views.run_list, name="run-list"),
    path("runs/<int:pk>/", views.run_summary, name="run-summary"),
    re_path(r"^runs/(?P<pk>[0-9]+)/comments\.(?P<fmt>csv|xlsx)$", views.run_comments, name="run-comments"),
    path("runs/<int:pk>/links/", views.link_list, name="link-list"),
    path("runs/<int:pk>/links/<int:link_pk>/qr.svg", views.link_qr, name="link-qr"),
    path("runs/<int:pk>/links/<int:link_pk>/sheet.pdf", views.link_sheet, name="link-sheet"),
    path("runs/<int:pk>/paper/", views.paper_entry, name="paper-entry"),
]
