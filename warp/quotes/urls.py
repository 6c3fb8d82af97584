from django.urls import path

from warp.quotes import views

app_name = "quotes"
urlpatterns = [
    path("", views.library, name="library"),
    path("picked/", views.picked, name="picked"),
    path("picked-quotes.csv", views.picked_csv, name="picked-csv"),
    path("<slug:source>/<int:ref>/pick/", views.pick, name="pick"),
    path("<slug:source>/<int:ref>/unpick/", views.unpick, name="unpick"),
    path("<slug:source>/<int:ref>/tags/", views.tags, name="tags"),
]
