from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from warp.accounts.access import SignedInRequest, role_required
from warp.core.exports import table_download
from warp.programmes import queries
from warp.programmes.access import MANAGERS, READERS, get_pairing_for
from warp.programmes.forms import (
    EndDateForm,
    EvaluationForm,
    MeetingForm,
    MenteeForm,
    MentorForm,
    PairingForm,
    PeriodForm,
    QuoteConsentForm,
)
from warp.programmes.models import PairingEvaluation
from warp.programmes.services import mentoring as services
from warp.programmes.views._common import form_page


@role_required(*READERS)
@require_safe
def mentoring(request: SignedInRequest) -> HttpResponse:
    period = PeriodForm(request.GET or None)
    start = end = None
    if period.is_bound and period.is_valid():
        start, end = period.cleaned_data["start"], period.cleaned_data["end"]
    mentors, mentees = queries.mentors_and_mentees()
    context = {
        "period": period,
        "summary": queries.mentoring_summary(start=start, end=end),
        "pairings": queries.pairings_list(),
        "mentors": mentors,
        "mentees": mentees,
        "can_manage": request.user.role in MANAGERS,
    }
    return render(request, "programmes/mentoring.html", context)


@role_required(*READERS)
@require_safe
def mentoring_csv(request: SignedInRequest) -> HttpResponse:
    """The mentoring summary (all time, or the period chosen on the page) as CSV: one figure a row, then
    each evaluation question with how many answered it and its average score."""
    period = PeriodForm(request.GET or None)
    start = end = None
    if period.is_bound:
        if not period.is_valid():  # show the page with what to fix, keeping what was typed
            return redirect(f"{reverse('programmes:mentoring')}?{request.GET.urlencode()}")
        start, end = period.cleaned_data["start"], period.cleaned_data["end"]
    s = queries.mentoring_summary(start=start, end=end)
    rows: list[tuple] = [
        ("Period from", s.start or "the beginning", ""),
        ("Period to", s.end or "today", ""),
        ("Pairings", s.pairings, ""),
        ("Pairings ended", s.pairings_ended, ""),
        ("Pairings running", s.pairings_running, ""),
        ("Mentors", s.mentors, ""),
        ("Mentees", s.mentees, ""),
        ("Meetings", s.meetings, ""),
        ("Hours", s.hours, ""),
        ("Meetings per pairing", "" if s.meetings_per_pairing is None else s.meetings_per_pairing, ""),
        ("Evaluations", s.evaluations, ""),
        ("Happy to be quoted", s.consented_to_quote, ""),
    ]
    rows += [
        (f"Answered: {q.text}", q.answered, "" if q.mean_score is None else q.mean_score) for q in s.questions
    ]
    return table_download(
        filename="mentoring-summary", headers=["Measure", "Value", "Average score"], rows=rows, fmt="csv"
    )


@role_required(*MANAGERS)
def mentor_create(request: SignedInRequest) -> HttpResponse:
    return form_page(
        request,
        MentorForm(request.POST or None),
        title="Add a mentor",
        back=reverse("programmes:mentoring"),
        save=lambda data: services.mentor_create(**data),
        done="programmes:mentoring",
        message="The mentor is added.",
    )


@role_required(*MANAGERS)
def mentee_create(request: SignedInRequest) -> HttpResponse:
    return form_page(
        request,
        MenteeForm(request.POST or None),
        title="Add a mentee",
        back=reverse("programmes:mentoring"),
        save=lambda data: services.mentee_create(**data),
        done="programmes:mentoring",
        message="The mentee is added.",
    )


@role_required(*MANAGERS)
def pairing_create(request: SignedInRequest) -> HttpResponse:
    return form_page(
        request,
        PairingForm(request.POST or None),
        title="Pair a mentor and a mentee",
        back=reverse("programmes:mentoring"),
        save=lambda data: services.pairing_create(**data),
        done="programmes:mentoring",
        message="The pairing is recorded.",
    )


@role_required(*READERS)
@require_safe
def pairing_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    pairing = get_pairing_for(request.user, pk)
    evaluation = PairingEvaluation.objects.filter(pairing=pairing).first()
    context = {
        "pairing": pairing,
        "meetings": pairing.meetings.all(),
        "evaluation": evaluation,
        "answers": evaluation.answers.select_related("question") if evaluation else [],
        "can_manage": request.user.role in MANAGERS,
    }
    return render(request, "programmes/pairing_detail.html", context)


@role_required(*MANAGERS)
def pairing_end(request: SignedInRequest, pk: int) -> HttpResponse:
    pairing = get_pairing_for(request.user, pk)
    url = reverse("programmes:pairing-detail", args=[pairing.pk])
    return form_page(
        request,
        EndDateForm(request.POST or None),
        title=f"End the pairing of {pairing}",
        back=url,
        save=lambda data: services.pairing_end(pairing=pairing, **data),
        done=url,
        message="The pairing is ended. You can now record its evaluation.",
    )


@role_required(*MANAGERS)
def meeting_create(request: SignedInRequest, pk: int) -> HttpResponse:
    pairing = get_pairing_for(request.user, pk)
    url = reverse("programmes:pairing-detail", args=[pairing.pk])
    return form_page(
        request,
        MeetingForm(request.POST or None),
        title=f"Record a meeting of {pairing}",
        intro="Record only the date and length. What was said is not kept here.",
        back=url,
        save=lambda data: services.meeting_record(pairing=pairing, **data),
        done=url,
        message="The meeting is recorded.",
    )


@role_required(*MANAGERS)
def evaluation_create(request: SignedInRequest, pk: int) -> HttpResponse:
    pairing = get_pairing_for(request.user, pk)
    url = reverse("programmes:pairing-detail", args=[pairing.pk])
    form = EvaluationForm(request.POST or None)
    return form_page(
        request,
        form,
        title=f"Record the evaluation of {pairing}",
        intro="The mentee's answers at the end of the pairing.",
        back=url,
        save=lambda data: services.evaluation_record(
            pairing=pairing,
            given_on=data["given_on"],
            answers=form.answers(),
            consent_to_quote=data["consent_to_quote"],
            by=request.user,
        ),
        done=url,
        message="The evaluation is recorded.",
    )


@role_required(*MANAGERS)
def evaluation_consent(request: SignedInRequest, pk: int) -> HttpResponse:
    """Give or withdraw the mentee's consent to quote their evaluation."""
    pairing = get_pairing_for(request.user, pk)
    evaluation = PairingEvaluation.objects.filter(pairing=pairing).first()
    if evaluation is None:
        raise Http404("This pairing has no evaluation yet.")
    url = reverse("programmes:pairing-detail", args=[pairing.pk])
    return form_page(
        request,
        # Bound on every POST: an unticked box posts nothing, and that is the answer "no".
        QuoteConsentForm(
            request.POST if request.method == "POST" else None,
            initial={"consent_to_quote": evaluation.consent_to_quote},
        ),
        title="May we quote the mentee?",
        intro="Their words are only ever quoted as a mentee's, never with their name.",
        back=url,
        save=lambda data: services.evaluation_consent_change(
            evaluation=evaluation, consent_to_quote=data["consent_to_quote"], by=request.user
        ),
        done=url,
        message="The mentee's answer about quoting is recorded.",
    )
