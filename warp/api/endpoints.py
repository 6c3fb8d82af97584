"""The read-only API: each endpoint asks the same getters and queries as the page it mirrors.

Every API view states its audience as the pages do (ACCESS_ATTRIBUTE): "token roles: ..." for the roles a
token may act in. Authentication is the bearer token only (warp/api/auth.py)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from warp import audit
from warp.accounts.access import ACCESS_ATTRIBUTE, STUDENT_RECORD_ROLES
from warp.accounts.models import Role
from warp.api import serializers
from warp.api.reports import ApiReport
from warp.bookings import queries as booking_queries
from warp.bookings.access import get_register_session_for
from warp.prospectus.models import CourseRun, Term
from warp.students.access import students_listed_for

ALL_ROLES = tuple(Role)
MANAGERS = (Role.CENTRE_MANAGER, Role.ADMINISTRATOR)

_DETAIL = OpenApiResponse(OpenApiTypes.OBJECT, description='What went wrong, as {"detail": "..."}.')
REFUSALS = {
    401: OpenApiResponse(OpenApiTypes.OBJECT, description="No token, or a wrong, expired or revoked one."),
    403: OpenApiResponse(OpenApiTypes.OBJECT, description="This token's role may not see this."),
    429: OpenApiResponse(OpenApiTypes.OBJECT, description="Too many requests: wait Retry-After seconds."),
}
NOT_FOUND = {404: OpenApiResponse(OpenApiTypes.OBJECT, description="No such record, or not one you may see.")}
BAD_QUERY = {400: OpenApiResponse(OpenApiTypes.OBJECT, description="A value in the query string is wrong.")}


def stated(view_class: type[APIView]):
    """The view function for a URL, stating its audience for the role-by-URL table."""
    view = view_class.as_view()
    roles = getattr(view_class, "roles", ())
    setattr(view, ACCESS_ATTRIBUTE, "token roles: " + ", ".join(sorted(roles)))
    return view


LARGEST_ID = 2**63 - 1  # the widest id column (bigint); SQLite cannot even be asked about a larger number


class TokenView(APIView):
    """A view for tokens acting in one of `roles` (settings' REST_FRAMEWORK: bearer token, role, throttle)."""

    roles: tuple[str, ...] = ()

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)  # the token, the role and the throttle come first
        if any(isinstance(value, int) and value > LARGEST_ID for value in kwargs.values()):
            raise NotFound  # an id no record can have: 404, not the database's overflow error


def report_view(name: str, report: ApiReport) -> type[TokenView]:
    """The endpoint for one of warp.api.reports.REPORTS."""
    # drf-spectacular writes a path's "<int:pk>" as "{id}" (its SCHEMA_COERCE_PATH_PK), so "pk" is named
    # "id" here too: otherwise the schema lists a "pk" that is not in the address beside the "id" that is.
    path_parameters = [
        OpenApiParameter(
            "id" if value == "pk" else value,
            {"type": "integer", "format": "int64", "minimum": 1},  # a record's id, as its address takes it
            OpenApiParameter.PATH,
        )
        for value in report.path_parameters
    ]

    class ReportView(TokenView):
        roles = report.roles

        @extend_schema(
            operation_id=f"report_{name}",
            summary=f"The {name} report, as its JSON download",
            parameters=[*([report.query] if report.query().fields else []), *path_parameters],
            responses={200: OpenApiTypes.OBJECT, **BAD_QUERY, **REFUSALS, **NOT_FOUND},
        )
        def get(self, request: Request, **kwargs) -> HttpResponse:
            query = report.query(data=request.query_params)
            query.is_valid(raise_exception=True)
            suppress = request.user.role == Role.COMMISSIONER
            text = report.json(**query.validated_data, **kwargs, suppress=suppress)
            return HttpResponse(text, content_type="application/json")

    ReportView.__name__ = ReportView.__qualname__ = f"{name.title()}ReportView"
    return ReportView


class StudentList(TokenView, ListAPIView):
    """The student list, as the page shows it to this role (everyone for admissions tutors and managers, a
    trainer's own runs' students for trainers); each page's students are audited as viewed."""

    roles = (*STUDENT_RECORD_ROLES, Role.TRAINER)
    serializer_class = serializers.StudentRow

    def get_queryset(self):
        return students_listed_for(self.request.user).for_list().order_by("last_name", "first_name", "pk")

    @extend_schema(
        operation_id="students_list",
        responses={200: serializers.StudentRow(many=True), **REFUSALS, **NOT_FOUND},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        audit.record_many(
            request=self.request._request,
            user=self.request.user,
            action="view",
            model="students.Student",
            student_ids=[student.pk for student in page or []],
            note="Student list (API)",
        )
        return page


class TrainerSessionList(TokenView, ListAPIView):
    """A trainer's sessions (of the runs they co-deliver), with booked and marked counts."""

    roles = (Role.TRAINER,)
    serializer_class = serializers.TrainerSession

    def get_queryset(self):
        return booking_queries.sessions_for_trainer(self.request.user)

    @extend_schema(
        operation_id="sessions_list",
        responses={200: serializers.TrainerSession(many=True), **REFUSALS, **NOT_FOUND},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class RegisterView(TokenView):
    """A session's register: a trainer's own runs' sessions, every session for managers. Audited."""

    roles = (Role.TRAINER, *MANAGERS)

    @extend_schema(operation_id="register", responses={200: serializers.Register, **REFUSALS, **NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        session = get_register_session_for(request.user, pk)
        rows = booking_queries.register_rows(session)
        audit.record_many(
            request=request._request,
            user=request.user,
            action="view",
            model="prospectus.Session",
            object_id=session.pk,
            student_ids=[row.student_id for row in rows],
            note="Register (API)",
        )
        register = {
            "session": session.pk,
            "course": session.course_run.course.title,
            "date": session.date,
            "starts_at": session.starts_at,
            "ends_at": session.ends_at,
            "students": rows,
        }
        return Response(serializers.Register(register).data)


class ProspectusList(TokenView, ListAPIView):
    """A term's published course runs, as the prospectus shows them (any role)."""

    roles = ALL_ROLES
    serializer_class = serializers.ProspectusRun

    def get_queryset(self):
        query = serializers.ProspectusQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        term: Term | None
        if "term" in query.validated_data:
            term = get_object_or_404(Term, pk=query.validated_data["term"])
        else:
            term = Term.objects.for_prospectus(timezone.localdate())
        if term is None:
            return CourseRun.objects.none()
        return CourseRun.objects.for_prospectus(term)

    @extend_schema(
        operation_id="prospectus",
        parameters=[serializers.ProspectusQuery],
        responses={200: serializers.ProspectusRun(many=True), **BAD_QUERY, **REFUSALS, **NOT_FOUND},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)
