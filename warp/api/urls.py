from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny

from warp.accounts.access import ACCESS_ATTRIBUTE
from warp.api import endpoints, views
from warp.api.reports import REPORTS

app_name = "api"


def _schema_view():
    """The OpenAPI 3 schema (YAML, or JSON with ?format=json): public, as the code it describes is."""
    view = SpectacularAPIView.as_view(
        authentication_classes=[], permission_classes=[AllowAny], throttle_classes=[]
    )
    setattr(view, ACCESS_ATTRIBUTE, "public")
    return view


urlpatterns = [
    path("docs/", views.docs, name="docs"),
    path("schema/", _schema_view(), name="schema"),
    path("tokens/", views.token_list, name="token-list"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
    path("v1/students/", endpoints.stated(endpoints.StudentList), name="students"),
    path("v1/sessions/", endpoints.stated(endpoints.TrainerSessionList), name="sessions"),
    path("v1/sessions/<int:pk>/register/", endpoints.stated(endpoints.RegisterView), name="register"),
    path("v1/prospectus/", endpoints.stated(endpoints.ProspectusList), name="prospectus"),
] + [
    path(
        f"v1/reports/{name}/{report.path}",
        endpoints.stated(endpoints.report_view(name, report)),
        name=f"report-{name}",
    )
    for name, report in REPORTS.items()
]
# Last: any other address under v1/ (for example a record's id that is not a number) gets a JSON 404.
urlpatterns.append(re_path(r"^v1/(?P<rest>.*)$", views.not_found, name="not-found"))
