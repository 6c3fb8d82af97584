from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_safe

from warp import audit
from warp.accounts.access import SignedInRequest, public, role_required
from warp.accounts.models import Role
from warp.core.exports import table_download
from warp.core.forms import add_service_errors
from warp.core.words import count_of
from warp.feedback import access, queries
from warp.feedback.forms import LinkForm, feedback_form_class
from warp.feedback.models import FeedbackLink, FeedbackQuestion, FeedbackResponse, FeedbackSource
from warp.feedback.services import (
    AlreadyGiven,
    LinkUsedUp,
    TooEarly,
    feedback_link_create,
    feedback_submit,
)
from warp.feedback.sheets import link_qr_svg, link_sheet_pdf
from warp.students.access import own_student_record

RUNS_PER_PAGE = 25


def _questions() -> list[FeedbackQuestion]:
    return list(FeedbackQuestion.objects.filter(is_active=True))


# --- students, in their portal -------------------------------------------------------------------


@role_required(Role.STUDENT)
@require_safe
def give_list(request: SignedInRequest) -> HttpResponse:
    """The courses this student can give feedback on now."""
    student = own_student_record(request.user)
    runs = queries.runs_awaiting_feedback(student, timezone.localdate())
    return render(request, "feedback/run_choose.html", {"runs": runs})


@role_required(Role.STUDENT)
def give(request: SignedInRequest, pk: int) -> HttpResponse:
    student, run = access.get_run_for_student(request.user, pk)
    if FeedbackResponse.objects.filter(course_run=run, student=student).exists():
        messages.info(
            request, f"You have already given feedback for {run.course}. Thank you, it helps us a lot."
        )
        return redirect("feedback:give-list")
    last = queries.last_session_date(run)
    if last is None or last > timezone.localdate():
        return render(request, "feedback/response_early.html", {"run": run, "last_session": last})
    form_class = feedback_form_class(_questions())
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            response = feedback_submit(
                course_run=run,
                answers=form.answers(),
                source=FeedbackSource.PORTAL,
                student=student,
                quote_consent=form.cleaned_data["quote_consent"],
            )
        except AlreadyGiven as exc:
            messages.info(request, exc.message)
            return redirect("feedback:give-list")
        except TooEarly:
            return render(request, "feedback/response_early.html", {"run": run, "last_session": last})
        except ValidationError as exc:
            add_service_errors(form, exc, prefix="q_")
        else:
            audit.record(request=request, action="create", obj=response, student_id=student.pk)
            messages.success(request, f"Thank you for your feedback on {run.course}.")
            return redirect("feedback:give-list")
    return render(request, "feedback/response_form.html", {"form": form, "run": run})


# --- anyone with a link -----------------------------------------------------------------------------


@public
def anonymous(request: HttpRequest, token: str) -> HttpResponse:
    """The anonymous form: shows the course and nothing about the person; stores no student."""
    link = access.find_link(token)
    if link is None:
        return render(request, "feedback/link_closed.html", {"unknown": True}, status=404)
    if link.uses_left == 0:
        return render(request, "feedback/link_closed.html", {"run": link.course_run}, status=410)
    form = feedback_form_class(_questions())(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            feedback_submit(
                course_run=link.course_run,
                answers=form.answers(),
                source=FeedbackSource.LINK,
                link=link,
                quote_consent=form.cleaned_data["quote_consent"],
            )
        except LinkUsedUp:
            return render(request, "feedback/link_closed.html", {"run": link.course_run}, status=410)
        except ValidationError as exc:
            add_service_errors(form, exc, prefix="q_")
        else:
            return redirect("feedback:thanks")
    return render(request, "feedback/response_anonymous.html", {"form": form, "run": link.course_run})


@public
@require_safe
def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "feedback/response_thanks.html")


# --- staff ------------------------------------------------------------------------------------------


@role_required(*access.PAPER_ROLES)
@require_safe
def run_list(request: SignedInRequest) -> HttpResponse:
    """Runs whose last session has started, with their number of responses."""
    runs = queries.runs_with_feedback_counts(access.runs_for_paper_entry(request.user), timezone.localdate())
    page = Paginator(runs, RUNS_PER_PAGE).get_page(request.GET.get("page"))
    may_see_summary = request.user.role in access.SUMMARY_ROLES
    return render(request, "feedback/run_list.html", {"page": page, "may_see_summary": may_see_summary})


@role_required(*access.SUMMARY_ROLES)
@require_safe
def run_summary(request: SignedInRequest, pk: int) -> HttpResponse:
    run = access.get_run_for_summary(request.user, pk)
    summary = queries.run_summary(run)
    return render(request, "feedback/run_summary.html", {"run": run, "summary": summary})


@role_required(*access.SUMMARY_ROLES)
@require_safe
def run_comments(request: SignedInRequest, pk: int, fmt: str) -> HttpResponse:
    """What people wrote on a run's feedback, as XLSX or CSV: unnamed, with whether each may be quoted."""
    run = access.get_run_for_summary(request.user, pk)
    rows = (
        [comment.question, comment.text, "yes" if comment.quote_consent else "no", comment.submitted_on]
        for comment in queries.written_answers(run)
    )
    return table_download(
        filename=f"feedback-comments-run-{run.pk}",
        headers=["question", "comment", "may_be_quoted", "submitted_on"],
        rows=rows,
        fmt=fmt,
        sheet="Comments",
    )


@role_required(*access.LINK_ROLES)
def link_list(request: SignedInRequest, pk: int) -> HttpResponse:
    run = access.get_run_for_links(request.user, pk)
    form = LinkForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            link = feedback_link_create(
                course_run=run,
                created_by=request.user,
                uses_allowed=form.cleaned_data["uses_allowed"],
                label=form.cleaned_data["label"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc, prefix="q_")
        else:
            messages.success(
                request,
                f"New link made. It can be used {count_of(link.uses_allowed, 'time')}.",
            )
            return redirect("feedback:link-list", pk=run.pk)
    links = [(link, _link_url(request, link)) for link in FeedbackLink.objects.filter(course_run=run)]
    return render(request, "feedback/link_list.html", {"run": run, "form": form, "links": links})


def _link_url(request: HttpRequest, link: FeedbackLink) -> str:
    """The address people type or scan: the one this server was asked for, as on the links page."""
    return request.build_absolute_uri(reverse("feedback:anonymous", args=[link.token]))


@role_required(*access.LINK_ROLES)
@require_safe
def link_qr(request: SignedInRequest, pk: int, link_pk: int) -> HttpResponse:
    """The link as a QR code image (SVG), shown on the links page and printed on the sheet."""
    _run, link = access.get_link_for(request.user, pk, link_pk)
    response = HttpResponse(link_qr_svg(_link_url(request, link)), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"  # the picture is the key to the form
    return response


@role_required(*access.LINK_ROLES)
@require_safe
def link_sheet(request: SignedInRequest, pk: int, link_pk: int) -> HttpResponse:
    """A printable sheet for the last session: the course, the QR code, the link and a thank-you."""
    run, link = access.get_link_for(request.user, pk, link_pk)
    last_session = run.sessions.order_by("-date", "-starts_at").first()
    pdf = link_sheet_pdf(run=run, url=_link_url(request, link), last_session=last_session)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="feedback-sheet-{run.pk}-{link.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def _date_or_today(text: str | None) -> date:
    try:
        return parse_date(text or "") or timezone.localdate()
    except ValueError:  # well-formed but impossible, e.g. 2026-02-31
        return timezone.localdate()


@role_required(*access.PAPER_ROLES)
def paper_entry(request: SignedInRequest, pk: int) -> HttpResponse:
    """One paper form at a time; after saving, the page comes back empty (same date) for the next."""
    run = access.get_run_for_paper_entry(request.user, pk)
    form_class = feedback_form_class(_questions(), paper=True)
    initial = {"submitted_on": _date_or_today(request.GET.get("date"))}
    form = form_class(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            response = feedback_submit(
                course_run=run,
                answers=form.answers(),
                source=FeedbackSource.PAPER,
                entered_by=request.user,
                quote_consent=form.cleaned_data["quote_consent"],
                submitted_on=form.cleaned_data["submitted_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc, prefix="q_")
        else:
            messages.success(request, "Saved. The form is ready for the next one.")
            url = reverse("feedback:paper-entry", args=[run.pk])
            return redirect(f"{url}?date={response.submitted_on.isoformat()}")
    entered = FeedbackResponse.objects.filter(
        course_run=run, source=FeedbackSource.PAPER, entered_by=request.user
    ).count()
    return render(
        request,
        "feedback/paper_entry.html",
        {
            "form": form,
            "run": run,
            "entered": entered,
            "may_see_summary": request.user.role in access.SUMMARY_ROLES,
        },
    )
