"""Staff pages: booking for a student, offers by hand, people to contact, registers, the term dashboard."""

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Min, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST, require_safe

from warp import audit
from warp.accounts.access import MANAGER_ROLES, STUDENT_RECORD_ROLES, role_required
from warp.accounts.models import Role
from warp.bookings import notify, queries
from warp.bookings.access import (
    get_booking_for,
    get_cohort_run_for_trainer_feedback,
    get_referral_for_team_feedback,
    get_referring_team_for,
    get_register_session_for,
    get_walk_in_student,
)
from warp.bookings.documents import register_pdf
from warp.bookings.forms import (
    OfferForm,
    ReferralAccountsForm,
    ReferralForm,
    ReferringTeamFeedbackForm,
    RegisterForm,
    RunMessageForm,
    StaffBookForm,
    TrainerFeedbackForm,
    WalkInForm,
    register_lines,
)
from warp.bookings.messages import previews, text_previews
from warp.bookings.models import BookingMessage, Channel, Mark, Referral, ReferringTeamFeedback
from warp.bookings.services import (
    BookingRefused,
    attendance_marks_record,
    booking_create,
    booking_offer_make,
    booking_walk_in,
    message_handled,
    referral_accounts_save,
    referral_record,
    referring_team_feedback_save,
    run_message_send,
    session_has_ended,
    trainer_feedback_add,
)
from warp.bookings.timing import session_start
from warp.core.exports import table_download
from warp.core.forms import add_service_errors
from warp.core.kept import kept
from warp.core.words import count_of
from warp.prospectus.models import CourseRun, Level, RunStatus, Session, Term
from warp.students.access import get_student_for

RUNS_PER_PAGE = 50  # the term dashboard's run table; its totals are always for the whole term


def _bookable_runs(*, level: str = Level.REC_COURSE):
    """Published runs of this level with a session ahead, by course, term and first date; each with its
    sessions and venues, so two runs of one course are told apart in the list. Staff book REC courses;
    intensive runs are given by referral (`referral_create`), and skills workshops are never booked."""
    now = timezone.now()
    return (
        CourseRun.objects.filter(
            status=RunStatus.PUBLISHED, sessions__date__gte=timezone.localdate(), course__level=level
        )
        .filter(Q(booking_closes_at__isnull=True) | Q(booking_closes_at__gt=now))
        .annotate(first_date=Min("sessions__date"))
        .select_related("course", "term")
        .prefetch_related(Prefetch("sessions", queryset=Session.objects.select_related("venue")))
        .order_by("course__title", "term__starts_on", "first_date", "pk")
    )


@role_required(*STUDENT_RECORD_ROLES)
def student_bookings(request, pk: int):
    student = get_student_for(request.user, pk)
    if request.method != "POST":  # GET, and HEAD, which runs the same view
        audit.record(request=request, action="view", model="bookings.Booking", student_id=student.pk)
    form = StaffBookForm(request.POST or None, runs=_bookable_runs())
    if request.method == "POST" and form.is_valid():
        try:
            result = booking_create(
                student=student, course_run=form.cleaned_data["course_run"], by=request.user
            )
        except BookingRefused as refused:
            form.add_error("course_run", str(refused))
        else:
            where = "a place" if not result.is_waiting else "a place on the waiting list"
            messages.success(
                request, f"{student.full_name} has {where} on {result.booking.course_run.course.title}."
            )
            for clash in result.clashes:
                messages.warning(request, f"Dates to check: {clash}")
            return redirect("bookings:student-bookings", pk=student.pk)
    return render(
        request,
        "bookings/student_bookings.html",
        {
            "student": student,
            "bookings": list(queries.bookings_for_portal(student)),
            "referrals": list(student.referrals.select_related("course_run__course").order_by("referred_on")),
            "form": form,
        },
    )


@role_required(*STUDENT_RECORD_ROLES)
@require_POST
def offer_make(request, pk: int):
    booking = get_booking_for(request.user, pk)
    form = OfferForm(request.POST)
    form.is_valid()
    try:
        booking_offer_make(
            booking=booking,
            by=request.user,
            allow_over_capacity=bool(form.cleaned_data.get("allow_over_capacity")),
        )
    except BookingRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"{booking.student.full_name} has been offered a place.")
    return redirect("bookings:student-bookings", pk=booking.student_id)


@role_required(*STUDENT_RECORD_ROLES)
@require_safe
def contact_list(request):
    return render(request, "bookings/contact_list.html", {"items": list(queries.messages_to_pass_on())})


@role_required(*STUDENT_RECORD_ROLES)
@require_POST
def contact_done(request, pk: int):
    message = get_object_or_404(
        BookingMessage.objects.filter(Q(channel=Channel.STAFF) | ~Q(problem="")),
        pk=pk,
        handled_at__isnull=True,
    )
    message_handled(message=message, by=request.user)
    messages.success(request, "Marked as passed on. Thank you.")
    return redirect("bookings:contact-list")


@role_required(Role.TRAINER)
@require_safe
def trainer_sessions(request):
    today = timezone.localdate()
    # One query for the last fortnight and everything ahead, split here: a trainer's sessions ahead are
    # those of the runs they are on (tens at most), and three queries of this shape cost three compilations.
    sessions = list(queries.sessions_for_trainer(request.user).filter(date__gte=today - timedelta(days=14)))
    return render(
        request,
        "bookings/session_list.html",
        {
            "today_sessions": [session for session in sessions if session.date == today],
            "upcoming": [session for session in sessions if session.date > today][:10],
            "recent": [session for session in reversed(sessions) if session.date < today][:10],
            "today": today,
        },
    )


@role_required(Role.TRAINER, *MANAGER_ROLES)
def register(request, pk: int):
    session = get_register_session_for(request.user, pk)
    rows = queries.register_rows(session)
    if request.method != "POST":  # GET, and HEAD, which runs the same view
        # One entry per named student on the register (one insert), so each record shows who saw it.
        audit.record_many(
            request=request,
            action="view",
            model="prospectus.Session",
            object_id=session.pk,
            student_ids=[booking.student_id for booking in rows],
            note="Register",
        )
    started = session_start(session) <= timezone.now()
    # The form validates what is posted; a register shown without a post needs no form objects.
    form = RegisterForm(request.POST, rows=rows) if request.method == "POST" else None
    if form is not None and started and form.is_valid():
        marks = {row.pk: form.cleaned_data.get(f"mark_{row.pk}") or "" for row in rows}
        if request.POST.get("everyone") == Mark.PRESENT:  # "Mark everyone present": fills only the gaps
            marks = {pk: mark or Mark.PRESENT for pk, mark in marks.items()}
        changes = {
            row.student.pk: marks[row.pk] for row in rows if marks[row.pk] and marks[row.pk] != row.mark
        }
        try:
            changed = attendance_marks_record(session=session, marks=changes, by=request.user)
        except ValidationError as error:  # e.g. a booking cancelled since the register was opened
            form.add_error(None, error)
        else:
            messages.success(
                request, f"Register saved ({changed} mark{'s' if changed != 1 else ''} changed)."
            )
            return redirect("bookings:register", pk=session.pk)
    return render(
        request,
        "bookings/register_take.html",
        {
            "session": session,
            "form": form,
            "rows": rows,
            "register": register_lines(form, rows),
            "mark_choices": Mark.choices,
            "shared_needs": [row for row in rows if row.support_needs.strip()],
            "started": started,
            "ended": session_has_ended(session),
            "trainers": session.course_run.run_trainers.select_related("trainer"),
        },
    )


@role_required(Role.TRAINER, *MANAGER_ROLES)
@require_safe
def register_print(request, pk: int):
    """The register and sign-in sheet as a PDF, for a session without a screen or a signal."""
    session = get_register_session_for(request.user, pk)
    rows = queries.register_rows(session)
    audit.record_many(
        request=request,
        action="export",
        model="prospectus.Session",
        object_id=session.pk,
        student_ids=[row.student_id for row in rows],
        note="Printed register",
    )
    trainers = list(session.course_run.run_trainers.select_related("trainer"))
    response = HttpResponse(
        register_pdf(session=session, rows=rows, trainers=trainers), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="register-{session.date:%Y-%m-%d}-{session.pk}.pdf"'
    )
    response["Cache-Control"] = "no-store"
    return response


@role_required(Role.TRAINER, *MANAGER_ROLES)
def register_walk_in(request, pk: int):
    """Add a student who has turned up: a registered student with a learning plan gets a place and a mark."""
    session = get_register_session_for(request.user, pk)
    form = WalkInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["registration_number"].strip()
        last_name = form.cleaned_data["last_name"].strip()
        student = get_walk_in_student(request.user, session, number, last_name)
        if student is None:
            form.add_error(
                "registration_number",
                f"We cannot find a student with the registration number {number} and the last name "
                f"{last_name}. Check both with them; if they have not registered yet, they are welcome to "
                "stay today and contact the centre.",
            )
        else:
            try:
                result = booking_walk_in(session=session, student=student, by=request.user)
            except BookingRefused as refused:
                form.add_error("registration_number", str(refused))
            else:
                done = "marked present" if result.was_booked else "given a place and marked present"
                messages.success(request, f"{student.full_name} is {done}.")
                return redirect("bookings:register", pk=session.pk)
    return render(request, "bookings/register_walk_in.html", {"session": session, "form": form})


@role_required(*MANAGER_ROLES)
@require_safe
def registers_not_taken(request):
    return render(
        request, "bookings/register_list.html", {"sessions": list(queries.registers_not_taken()[:200])}
    )


def _current_term(today):
    terms = Term.objects.order_by("-starts_on")
    return terms.filter(starts_on__lte=today, ends_on__gte=today).first() or terms.first()


def _runs_with_progress(term: Term, progress: dict, *, pks: list[int] | None = None) -> list[Any]:
    """The term's runs (or only those in `pks`) with their counts (queries.runs_for_dashboard), each with
    its `progress` from progress_by_run: zeros for a run nobody has booked yet."""
    runs: list[Any] = list(queries.runs_for_dashboard(term, pks=pks))  # annotated with their counts
    for run in runs:
        run.progress = progress.get(run.pk, queries.Progress(0, 0, 0, 0, 0))
    return runs


def _dashboard_figures(term: Term, number: int) -> str:
    """The term's figures and one page of its runs (paginated in the database), as HTML."""
    page = Paginator(queries.run_order_for_dashboard(term), RUNS_PER_PAGE).get_page(number)
    progress = queries.progress_by_run(CourseRun.objects.filter(term=term))
    page.object_list = _runs_with_progress(term, progress, pks=list(page.object_list))
    # The term's totals are the sum over its runs: every booking and mark belongs to exactly one run.
    total = queries.progress_sum(progress.values())
    context = {
        "term": term,
        "page": page,
        "total": total,
        "dropout_percent": round(total.dropout_rate * 100) if total.dropout_rate is not None else None,
        "reminders": queries.reminder_attendance(term),  # one query
        **queries.dashboard_totals(term),
    }
    return render_to_string("bookings/_term_dashboard_figures.html", context)


def _chosen_term(request) -> Term | None:
    """The term in `?term=` (404 when there is no such term), else the current one (None when there are no
    terms yet)."""
    chosen = request.GET.get("term", "")
    if chosen.isascii() and chosen.isdigit():  # "²" is a digit to str.isdigit() but not to int()
        if len(chosen) > 18:  # wider than any id: SQLite cannot even be asked
            raise Http404("There is no such term.")
        return get_object_or_404(Term, pk=int(chosen))
    return _current_term(timezone.localdate())


DASHBOARD_EXPORT_HEADERS = [
    "course",
    "run_status",
    "first_session",
    "sessions",
    "places",
    "places_taken",
    "offered",
    "waiting",
    "booked",
    "started",
    "completed",
    "present_marks",
    "all_marks",
]


@role_required(*MANAGER_ROLES)
@require_safe
def term_dashboard_export(request, fmt: str):
    """Every run of the dashboard's term with its figures, as XLSX or CSV: counts only, nobody named."""
    term = _chosen_term(request)
    if term is None:
        messages.error(request, "There are no terms yet, so there is nothing to download.")
        return redirect("bookings:term-dashboard")
    progress = queries.progress_by_run(CourseRun.objects.filter(term=term))
    rows = [
        [
            run.course.title,
            run.get_status_display(),
            run.first_date,
            run.session_count,
            run.places,
            run.places_taken,
            run.offered_count,
            run.waiting_count,
            run.progress.booked,
            run.progress.started,
            run.progress.completed,
            run.progress.present_marks,
            run.progress.all_marks,
        ]
        for run in _runs_with_progress(term, progress)
    ]
    return table_download(
        filename=f"term-dashboard-{slugify(term.name) or term.pk}",
        headers=DASHBOARD_EXPORT_HEADERS,
        rows=rows,
        fmt=fmt,
        sheet=term.name,
    )


RUN_BOOKINGS_HEADERS = [
    "registration_number",
    "first_name",
    "last_name",
    "email",
    "phone",
    "booking_status",
    "booked_on",
    "present_marks",
]


@role_required(*STUDENT_RECORD_ROLES)
@require_safe
def run_bookings_export(request, pk: int, fmt: str):
    """Everyone booked, offered a place or waiting on a run, as XLSX or CSV, for those who see every
    student's record; each person in it gets an audit entry."""
    run = get_object_or_404(CourseRun.objects.select_related("course", "term"), pk=pk)
    bookings: Any = list(queries.run_bookings_for_export(run))  # annotated with present_marks
    audit.record_many(
        request=request,
        action="export",
        model="bookings.Booking",
        student_ids=[booking.student_id for booking in bookings],
        note=f"Bookings on {run.course.title}, {run.term.name} ({fmt.upper()})",
    )
    rows = (
        [
            b.student.registration_number,
            b.student.first_name,
            b.student.last_name,
            b.student.email,
            b.student.phone,
            b.get_status_display(),
            timezone.localtime(b.created_at).date(),
            b.present_marks,
        ]
        for b in bookings
    )
    return table_download(
        filename=f"bookings-{slugify(run.course.title)}-{slugify(run.term.name)}",
        headers=RUN_BOOKINGS_HEADERS,
        rows=rows,
        fmt=fmt,
        sheet="Bookings",
    )


@role_required(*MANAGER_ROLES)
def run_messages(request, pk: int):
    """Write to everyone on a course run or its waiting list, and the log of what went to whom: centre
    managers and administrators."""
    run = get_object_or_404(CourseRun.objects.select_related("course", "term"), pk=pk)
    form = RunMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = run_message_send(course_run=run, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            told = f"Message sent to {count_of(sent.emailed + sent.to_contact, 'person', 'people')}"
            if sent.to_contact:
                told += (
                    f": {sent.emailed} by email, and {sent.to_contact} on “People to contact”, who prefer "
                    "another way or have no email address"
                )
            messages.success(request, told + ".")
            return redirect("bookings:run-messages", pk=run.pk)
    log = list(queries.run_message_log(run))
    audit.record_many(
        request=request,
        action="view",
        model="bookings.RunMessage",
        student_ids=sorted({d.booking.student_id for m in log for d in m.deliveries.all()}),
        note="Messages to the run",
    )
    return render(request, "bookings/run_messages.html", {"run": run, "form": form, "log": log})


@role_required(*MANAGER_ROLES)
@require_safe
def message_previews(request):
    """Every email WaRP sends, as it reads, for an invented student: centre managers and administrators."""
    texts = [
        (name, words, notify.text_length(words), notify.fits_one_text(words))
        for name, words in text_previews()
    ]
    return render(
        request,
        "bookings/message_previews.html",
        {"emails": previews(timezone.localdate()), "texts": texts},
    )


@role_required(*MANAGER_ROLES)
@require_safe
def term_dashboard(request):
    terms = list(Term.objects.order_by("-starts_on")[:12])
    term = _chosen_term(request)
    figures = ""
    if term is not None:
        # The figures are kept until a booking, mark, run or session changes, or another of today's
        # sessions starts (warp/core/kept.py): recounting a term and writing its table is the page's cost.
        asked = request.GET.get("page", "")
        number = int(asked) if asked.isascii() and asked.isdigit() and len(asked) <= 4 else 1
        figures = kept(
            "term-dashboard-html",
            (term.pk, number, queries.sessions_started_today()),
            lambda: _dashboard_figures(term, number),
            terms=[term.pk],  # the term's own runs: a register taken in another term leaves it kept
        )
    return render(request, "bookings/term_dashboard.html", {"terms": terms, "term": term, "figures": figures})


@role_required(*STUDENT_RECORD_ROLES)
def referral_create(request, pk: int):
    """Give a student a place on an intensive course (a closed cohort) by referral or invitation."""
    student = get_student_for(request.user, pk)
    if request.method != "POST":  # the page names the student: a look at their record
        audit.record(request=request, action="view", model="bookings.Referral", student_id=student.pk)
    form = ReferralForm(request.POST or None, runs=_bookable_runs(level=Level.INTENSIVE))
    if request.method == "POST" and form.is_valid():
        try:
            referral = referral_record(student=student, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"{student.full_name} has a place on {referral.course_run.course.title} by referral."
            )
            return redirect("bookings:student-bookings", pk=student.pk)
    return render(request, "bookings/referral_form.html", {"form": form, "student": student})


@role_required(*STUDENT_RECORD_ROLES)
def referral_accounts(request, pk: int):
    """A cohort participant's own written accounts before and after, with their case-study consent."""
    referral = get_object_or_404(Referral.objects.select_related("course_run__course"), pk=pk)
    student = get_student_for(request.user, referral.student_id)
    if request.method != "POST":  # the page shows what they wrote: a look at their record
        audit.record(request=request, action="view", model="bookings.Referral", student_id=student.pk)
    form = ReferralAccountsForm(request.POST or None, instance=referral)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral_accounts_save(
                referral=referral,
                account_before=data["account_before"],
                account_after=data["account_after"],
                case_study_consent=data["case_study_consent"],
                team_feedback_consent=data["team_feedback_consent"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{student.full_name}'s accounts are saved.")
            return redirect("bookings:student-bookings", pk=student.pk)
    return render(
        request, "bookings/referral_accounts.html", {"form": form, "student": student, "referral": referral}
    )


@role_required(*MANAGER_ROLES, Role.TRAINER)
def trainer_feedback(request, pk: int):
    """The trainer feedback on an intensive run: its trainers and the managers write and read it."""
    run = get_cohort_run_for_trainer_feedback(request.user, pk)
    form = TrainerFeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            trainer_feedback_add(course_run=run, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Thank you: your feedback is kept with the course run.")
            return redirect("bookings:trainer-feedback", pk=run.pk)
    entries = run.trainer_feedback.select_related("written_by")  # one query, however many entries
    # What the referring teams said, each only with the person's agreement: one query; it names them.
    team_entries = list(queries.team_feedback_for_run(run))
    if request.method != "POST" and team_entries:
        audit.record_many(
            request=request,
            action="view",
            model="bookings.ReferringTeamFeedback",
            student_ids=[entry.referral.student_id for entry in team_entries],
            note=f"Referring teams' feedback on {run.course.title}",
        )
    return render(
        request,
        "bookings/trainer_feedback.html",
        {"run": run, "form": form, "entries": entries, "team_entries": team_entries},
    )


@role_required(Role.TEAM_LEAD)
@require_safe
def referring_team_progress(request, pk: int):
    """How the people this team referred are getting on in their intensive courses: only those who agreed
    the team may hear it, and only their attendance so far and whether they completed."""
    team = get_referring_team_for(request.user, pk)
    rows = list(queries.referred_progress(team))
    feedback_rows = list(queries.referrals_for_team_feedback(team))
    return render(
        request,
        "bookings/referring_team_progress.html",
        {"team": team, "rows": rows, "feedback_rows": feedback_rows},
    )


@role_required(Role.TEAM_LEAD)
def referring_team_feedback(request, pk: int):
    """A lead of the referring team says how an intensive course went for someone they referred, and may
    change it later: only while that person agrees."""
    referral = get_referral_for_team_feedback(request.user, pk)
    existing = ReferringTeamFeedback.objects.filter(referral=referral).first()
    form = ReferringTeamFeedbackForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        try:
            referring_team_feedback_save(referral=referral, text=form.cleaned_data["text"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"Thank you: your team's feedback on {referral.student.full_name} is kept."
            )
            return redirect("bookings:referring-team-progress", pk=referral.referring_team_id)
    # The page names the person referred: a look at their record, as every staff page showing a student.
    audit.record(request=request, action="view", model="bookings.Referral", student_id=referral.student_id)
    return render(request, "bookings/referring_team_feedback.html", {"form": form, "referral": referral})
