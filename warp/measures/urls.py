from django.urls import path

from warp.measures import views

app_name = "measures"
urlpatterns = [
    path("questionnaires/", views.instrument_list, name="instrument-list"),
    path("questionnaires/new/", views.instrument_create, name="instrument-create"),
    path("questionnaires/<int:pk>/", views.instrument_edit, name="instrument-edit"),
    path("questionnaires/<int:pk>/paper/", views.paper_entry, name="paper-entry"),
    path("questionnaires/ask/", views.request_create, name="request-create"),
    path("mine/", views.my_questionnaires, name="mine"),
    path("mine/<int:pk>/", views.fill, name="fill"),
    path("outcomes/", views.outcomes, name="outcomes"),
    path("outcomes.csv", views.outcomes_csv, name="outcomes-csv"),
    path("outcomes.json", views.outcomes_json, name="outcomes-json"),
    path("outcomes.pdf", views.outcomes_pdf, name="outcomes-pdf"),
]
