from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_safe

from warp import audit
from warp.accounts.access import MANAGER_ROLES, STUDENT_RECORD_ROLES, SignedInRequest, role_required
from warp.accounts.models import Role
from warp.core.forms import add_service_errors
from warp.measures import access, exports
from warp.measures.disclosure import for_commissioners
from warp.measures.forms import (
    ITEM_PREFIX,
    InstrumentForm,
    OutcomesForm,
    RequestForm,
    default_period,
    questionnaire_form_class,
)
from warp.measures.models import Instrument, MeasureResponse, ResponseSource
from warp.measures.queries import OutcomesReport, outcomes_report
from warp.measures.services import (
    CREATED,
    NEW_VERSION,
    UNCHANGED,
    instrument_save,
    measure_request_create,
    response_record,
)
from warp.students.access import own_student_record

OUTCOMES_ROLES = (*MANAGER_ROLES, Role.COMMISSIONER)


# --- instruments, for managers ---------------------------------------------------------------------


@role_required(*MANAGER_ROLES)
@require_safe
def instrument_list(request: SignedInRequest) -> HttpResponse:
    """Every questionnaire with its newest version and how many responses it has: one query."""
    instruments = Instrument.objects.annotate(
        version=Max("versions__number"), response_count=Count("responses", distinct=True)
    ).order_by("name")
    return render(request, "measures/instrument_list.html", {"instruments": instruments})


def _instrument_form(request: SignedInRequest, instrument: Instrument | None) -> HttpResponse:
    form = InstrumentForm(request.POST or None, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        try:
            saved, outcome = instrument_save(
                data=form.data_for_service(),
                show_scores_to_students=form.cleaned_data["show_scores_to_students"],
                ask_when=form.cleaned_data["ask_when"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            audit.record(request=request, action="create" if outcome == CREATED else "change", obj=saved)
            messages.success(
                request,
                {
                    CREATED: f"{saved.name} is ready to use.",
                    NEW_VERSION: f"{saved.name} now scores in a new way (version {saved.current.number}). "
                    "Responses already given keep the scores they were given.",
                    UNCHANGED: f"Nothing changed in {saved.name}.",
                }.get(outcome, f"{saved.name} is saved."),
            )
            return redirect("measures:instrument-list")
    return render(request, "measures/instrument_form.html", {"form": form, "instrument": instrument})


@role_required(*MANAGER_ROLES)
def instrument_create(request: SignedInRequest) -> HttpResponse:
    return _instrument_form(request, None)


@role_required(*MANAGER_ROLES)
def instrument_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    return _instrument_form(request, access.get_instrument(pk))


# --- responses typed in from paper, and requests, for staff who see every student ---------------------


@role_required(*STUDENT_RECORD_ROLES)
def paper_entry(request: SignedInRequest, pk: int) -> HttpResponse:
    instrument = access.get_instrument(pk)
    form = questionnaire_form_class(instrument.current, paper=True)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        student = access.find_student(request.user, form.cleaned_data["registration_number"])
        if student is None:
            form.add_error(
                "registration_number", "No student has this registration number. Check it and try again."
            )
        else:
            try:
                response = response_record(
                    student=student,
                    instrument=instrument,
                    completed_on=form.cleaned_data["completed_on"],
                    occasion=form.cleaned_data["occasion"],
                    answers=form.answers(),
                    source=ResponseSource.PAPER,
                    entered_by=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc, prefix=ITEM_PREFIX)
            else:
                audit.record(request=request, action="create", obj=response, student_id=student.pk)
                state = (
                    ""
                    if response.is_complete
                    else " Some items were left empty, so it is kept but not scored."
                )
                messages.success(request, f"Saved {instrument.name} for {student}.{state}")
                return redirect("measures:paper-entry", pk=instrument.pk)
    return render(request, "measures/paper_entry.html", {"form": form, "instrument": instrument})


@role_required(*STUDENT_RECORD_ROLES)
def request_create(request: SignedInRequest) -> HttpResponse:
    """Ask one student to fill in a questionnaire in their portal."""
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        student = access.find_student(request.user, form.cleaned_data["registration_number"])
        if student is None:
            form.add_error(
                "registration_number", "No student has this registration number. Check it and try again."
            )
        else:
            asked = measure_request_create(
                student=student,
                instrument=form.cleaned_data["instrument"],
                occasion=form.cleaned_data["occasion"],
                by=request.user,
            )
            audit.record(request=request, action="create", obj=asked, student_id=student.pk)
            messages.success(request, f"{student} will find {asked.instrument.name} in their portal.")
            return redirect("measures:request-create")
    return render(request, "measures/request_form.html", {"form": form})


# --- students, in their portal ---------------------------------------------------------------------


@role_required(Role.STUDENT)
@require_safe
def my_questionnaires(request: SignedInRequest) -> HttpResponse:
    """The questionnaires the centre has asked this student to fill in, and (where the centre shows them)
    their own scores over time: two queries."""
    student = own_student_record(request.user)
    waiting = list(student.measure_requests.waiting().select_related("instrument"))
    scores = list(
        MeasureResponse.objects.filter(student=student, instrument__show_scores_to_students=True)
        .select_related("instrument", "version")
        .order_by("instrument__name", "completed_on")
    )
    return render(request, "measures/my_questionnaires.html", {"waiting": waiting, "scores": scores})


@role_required(Role.STUDENT)
def fill(request: SignedInRequest, pk: int) -> HttpResponse:
    student, asked = access.get_waiting_request_for_student(request.user, pk)
    instrument = asked.instrument
    form = questionnaire_form_class(instrument.current)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            response = response_record(
                student=student,
                instrument=instrument,
                completed_on=timezone.localdate(),
                occasion=asked.occasion,
                answers=form.answers(),
                source=ResponseSource.PORTAL,
                request=asked,
            )
        except ValidationError as exc:
            add_service_errors(form, exc, prefix=ITEM_PREFIX)
        else:
            audit.record(request=request, action="create", obj=response, student_id=student.pk)
            messages.success(request, f"Thank you for filling in {instrument.name}.")
            return redirect("measures:mine")
    return render(request, "measures/fill.html", {"form": form, "instrument": instrument, "asked": asked})


# --- the outcomes report ----------------------------------------------------------------------------


def _outcomes_form(request: SignedInRequest) -> OutcomesForm:
    if request.GET:
        return OutcomesForm(request.GET)
    start, end = default_period()
    first = Instrument.objects.order_by("name").values_list("code", flat=True).first()
    return OutcomesForm({"instrument": first or "", "start": start, "end": end})


def _report_for(request: SignedInRequest, form: OutcomesForm) -> OutcomesReport:
    """The one computation; commissioners get its suppressed copy."""
    data = form.cleaned_data
    report = outcomes_report(instrument=data["instrument"], start=data["start"], end=data["end"])
    return for_commissioners(report) if request.user.role == Role.COMMISSIONER else report


@role_required(*OUTCOMES_ROLES)
@require_safe
def outcomes(request: SignedInRequest) -> HttpResponse:
    """The outcomes report as a page. Commissioners see small numbers suppressed."""
    if not Instrument.objects.exists():
        return render(request, "measures/report.html", {"no_instruments": True})
    form = _outcomes_form(request)
    if not form.is_valid():
        return render(request, "measures/report.html", {"form": form})
    report = _report_for(request, form)
    body = render_to_string("measures/_report_body.html", exports.report_context(report))
    query = (
        f"instrument={report.instrument_code}&start={report.start.isoformat()}&end={report.end.isoformat()}"
    )
    return render(request, "measures/report.html", {"form": form, "body": body, "query": query})


def _download(fmt: str) -> Callable[..., HttpResponse]:
    @role_required(*OUTCOMES_ROLES)
    @require_safe
    def view(request: SignedInRequest) -> HttpResponse:
        form = _outcomes_form(request)
        if not form.is_valid():
            problems = "; ".join(str(e) for errors in form.errors.values() for e in errors)
            return HttpResponse(
                f"Please check the questionnaire and period: {problems}",
                status=400,
                content_type="text/plain",
            )
        report = _report_for(request, form)
        name = f"outcomes-{report.instrument_code}-{report.start.isoformat()}-to-{report.end.isoformat()}"
        if fmt == "json":
            return HttpResponse(exports.report_json(report), content_type="application/json")
        if fmt == "csv":
            response = HttpResponse(exports.report_csv(report), content_type="text/csv; charset=utf-8")
        else:
            pdf = exports.report_pdf(report, base_url=request.build_absolute_uri("/"))
            response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return response

    view.__name__ = f"outcomes_{fmt}"
    return view


outcomes_csv = _download("csv")
outcomes_json = _download("json")
outcomes_pdf = _download("pdf")
