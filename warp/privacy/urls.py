from django.urls import path

from warp.privacy import views

app_name = "privacy"
urlpatterns = [
    path("requests/", views.request_list, name="request-list"),
    path("requests/new/", views.request_new, name="request-new"),
    path("requests/<int:pk>/", views.request_detail, name="request-detail"),
    path("students/<int:pk>/bundle.json", views.bundle_download_json, name="bundle-json"),
    path("students/<int:pk>/bundle.pdf", views.bundle_download_pdf, name="bundle-pdf"),
    path("audit/", views.audit_log, name="audit-log"),
    path("audit.csv", views.audit_log_csv, name="audit-log-csv"),
    path("my-consent/", views.consent_change, name="consent-change"),
]
