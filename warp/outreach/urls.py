from django.urls import path

from warp.outreach import views

app_name = "outreach"
urlpatterns = [
    path("workshops/", views.workshops, name="workshops"),
    path("workshops/new/", views.held_create, name="held-create"),
    path("workshops/<int:pk>/", views.held_detail, name="held-detail"),
    path("library/", views.library, name="library"),
    path("library/new/", views.library_create, name="library-create"),
    path("library/<int:pk>/", views.library_detail, name="library-detail"),
    path("library/<int:pk>/edit/", views.library_edit, name="library-edit"),
    path("handouts/<int:pk>/", views.handout_download, name="handout-download"),
    path("activities/", views.activities, name="activities"),
    path("activities/new/", views.activity_create, name="activity-create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity-detail"),
]
