from django.urls import path

from warp.evaluation import service_use_views, views

app_name = "evaluation"
urlpatterns = [
    path("evaluation/", views.report, name="report"),
    path("evaluation.csv", views.report_csv, name="report-csv"),
    path("evaluation.json", views.report_json, name="report-json"),
    path("evaluation.pdf", views.report_pdf, name="report-pdf"),
    path("terms/", views.term_list, name="term-list"),
    path("terms/<int:pk>/", views.term, name="term-report"),
    path("terms/<int:pk>/report.csv", views.term_csv, name="term-report-csv"),
    path("terms/<int:pk>/report.json", views.term_json, name="term-report-json"),
    path("terms/<int:pk>/report.pdf", views.term_pdf, name="term-report-pdf"),
    path("service-use/", service_use_views.service_use, name="service-use"),
    path("service-use.csv", service_use_views.service_use_csv, name="service-use-csv"),
    path("service-use.json", service_use_views.service_use_json, name="service-use-json"),
    path("service-use.pdf", service_use_views.service_use_pdf, name="service-use-pdf"),
]
