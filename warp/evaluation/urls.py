from django.urls import path

from warp.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("evaluation/", views.report, name="report"),
    path("evaluation.csv", views.report_csv, name="report-csv"),
    path("evaluation.json", views.report_json, name="report-json"),
    path("evaluation.pdf", views.report_pdf, name="report-pdf"),
]
