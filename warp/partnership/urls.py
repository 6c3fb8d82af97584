from django.urls import path

from warp.partnership import views

app_name = "partnership"
urlpatterns = [
    path("", views.edition_list, name="edition-list"),
    path("new/", views.edition_create, name="edition-create"),
    path("<int:pk>/", views.edition_detail, name="edition-detail"),
    path("<int:pk>/edit/", views.edition_edit, name="edition-edit"),
    path("<int:pk>/publish/", views.edition_publish, name="edition-publish"),
    path("<int:pk>/report.pdf", views.edition_pdf, name="edition-pdf"),
    path("<int:pk>/report.docx", views.edition_docx, name="edition-docx"),
]
