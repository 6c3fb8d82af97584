from django.urls import path

from warp.network import views

app_name = "network"
urlpatterns = [
    path("", views.report, name="report"),
    path("report.csv", views.report_csv, name="report-csv"),
    path("report.json", views.report_json, name="report-json"),
    path("report.pdf", views.report_pdf, name="report-pdf"),
    path("export/", views.export, name="export"),
    path("fidelity/", views.fidelity, name="fidelity"),
    path("fidelity/rate/", views.fidelity_rate, name="fidelity-rate"),
    path("centres/", views.trust, name="trust"),
    path("centres/<int:pk>/withdraw/", views.trust_withdraw, name="trust-withdraw"),
    path("import/", views.bundle_import, name="import"),
]
