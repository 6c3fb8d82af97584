from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from warp.accounts.access import SignedInRequest, public, role_required
from warp.accounts.models import Role
from warp.core.forms import add_service_errors
from warp.programmes import queries
from warp.programmes.access import (
    JUDGES,
    MANAGERS,
    READERS,
    get_award_year_for,
    get_judged_nomination_for,
    get_nomination_for,
    judge_seats,
)
from warp.programmes.forms import (
    AwardCategoryEditForm,
    AwardCategoryForm,
    AwardYearCreateForm,
    AwardYearForm,
    ConflictForm,
    ConsentForm,
    JudgeForm,
    NominationForm,
    NominatorQuoteConsentForm,
    NomineeStudentForm,
    ScoreForm,
)
from warp.programmes.models import AwardCategory, AwardYear
from warp.programmes.services import awards as services
from warp.programmes.views._common import form_page
from warp.students.access import students_visible_to


@role_required(*READERS)
@require_safe
def awards(request: SignedInRequest) -> HttpResponse:
    context = {
        "years": queries.award_years(),
        "categories": AwardCategory.objects.all(),
        "can_manage": request.user.role in MANAGERS,
    }
    return render(request, "programmes/awards.html", context)


@role_required(*MANAGERS)
def award_year_create(request: SignedInRequest) -> HttpResponse:
    return form_page(
        request,
        AwardYearCreateForm(request.POST or None),
        title="Set up a year's awards",
        back=reverse("programmes:awards"),
        save=lambda data: services.award_year_create(**data),
        done="programmes:awards",
        message="The year's awards are set up, with a nomination link to share.",
    )


@role_required(*MANAGERS)
def category_create(request: SignedInRequest) -> HttpResponse:
    return form_page(
        request,
        AwardCategoryForm(request.POST or None),
        title="Add an award category",
        back=reverse("programmes:awards"),
        save=lambda data: services.award_category_create(**data),
        done="programmes:awards",
        message="The category is added to the nomination form.",
    )


@role_required(*MANAGERS)
def category_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    category = get_object_or_404(AwardCategory, pk=pk)
    return form_page(
        request,
        AwardCategoryEditForm(request.POST or None, instance=category),
        title=f"Change the {category.name} award",
        back=reverse("programmes:awards"),
        save=lambda data: services.award_category_update(category=category, **data),
        done="programmes:awards",
        message="The category is saved.",
    )


@role_required(*READERS)
@require_safe
def award_year_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    award_year = get_award_year_for(request.user, pk)
    context = {
        "award_year": award_year,
        "nominations": queries.award_results(award_year),
        "judges": award_year.judges.select_related("user"),
        "link": request.build_absolute_uri(reverse("programmes:nominate", args=[award_year.token])),
        "can_manage": request.user.role in MANAGERS,
    }
    return render(request, "programmes/award_year_detail.html", context)


@role_required(*MANAGERS)
def award_year_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    award_year = get_award_year_for(request.user, pk)
    url = reverse("programmes:award-year-detail", args=[award_year.pk])
    return form_page(
        request,
        AwardYearForm(request.POST or None, instance=award_year),
        title=f"{award_year}: nominations and the ceremony",
        back=url,
        save=lambda data: services.award_year_update(award_year=award_year, **data),
        done=url,
        message="Saved.",
    )


@role_required(*MANAGERS)
def judge_add(request: SignedInRequest, pk: int) -> HttpResponse:
    award_year = get_award_year_for(request.user, pk)
    url = reverse("programmes:award-year-detail", args=[award_year.pk])
    return form_page(
        request,
        JudgeForm(request.POST or None),
        title=f"Add a judge to the panel for {award_year}",
        back=url,
        save=lambda data: services.judge_add(award_year=award_year, **data),
        done=url,
        message="The judge is on the panel.",
    )


@role_required(*READERS)
@require_safe
def nomination_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    nomination = get_nomination_for(request.user, pk)
    context = {
        "nomination": nomination,
        "consent_form": ConsentForm(initial={"nominee_consent": nomination.nominee_consent}),
        "can_manage": request.user.role in MANAGERS,
        "can_link": request.user.role == Role.ADMINISTRATOR,
    }
    return render(request, "programmes/nomination_detail.html", context)


@role_required(*MANAGERS)
def nomination_consent(request: SignedInRequest, pk: int) -> HttpResponse:
    nomination = get_nomination_for(request.user, pk)
    url = reverse("programmes:nomination-detail", args=[nomination.pk])
    return form_page(
        request,
        ConsentForm(request.POST or None, initial={"nominee_consent": nomination.nominee_consent}),
        title="The nominee's consent",
        intro="Nothing about a nomination is published until the nominee agrees.",
        back=url,
        save=lambda data: services.nominee_consent_record(
            nomination=nomination, consent=data["nominee_consent"], on=timezone.localdate(), by=request.user
        ),
        done=url,
        message="The nominee's answer is recorded.",
    )


@role_required(*MANAGERS)
def nomination_nominator_consent(request: SignedInRequest, pk: int) -> HttpResponse:
    """The nominator's agreement to be quoted: given on the nomination form, changed here when they ask."""
    nomination = get_nomination_for(request.user, pk)
    url = reverse("programmes:nomination-detail", args=[nomination.pk])
    return form_page(
        request,
        # Bound on every POST: an unticked box posts nothing, and that is the answer "no".
        NominatorQuoteConsentForm(
            request.POST if request.method == "POST" else None,
            initial={"nominator_quote_consent": nomination.nominator_quote_consent},
        ),
        title="The nominator's agreement to be quoted",
        intro="The words of a nomination are the nominator's: they are quoted only when the nominator "
        "agrees, as well as the nominee.",
        back=url,
        save=lambda data: services.nominator_quote_consent_change(
            nomination=nomination, consent=data["nominator_quote_consent"], by=request.user
        ),
        done=url,
        message="The nominator's answer is recorded.",
    )


@role_required(Role.ADMINISTRATOR)
def nomination_student(request: SignedInRequest, pk: int) -> HttpResponse:
    """Link the nominee to their student record (administrators, who see every student)."""
    nomination = get_nomination_for(request.user, pk)
    url = reverse("programmes:nomination-detail", args=[nomination.pk])
    form = NomineeStudentForm(
        request.POST or None,
        initial={"registration_number": nomination.student.registration_number if nomination.student else ""},
    )

    def save(data):
        number = data["registration_number"].strip()
        student = None
        if number:
            student = students_visible_to(request.user).filter(registration_number__iexact=number).first()
            if student is None:
                raise ValidationError(
                    {
                        "registration_number": "No student has that registration number. Check it and try again."
                    }
                )
        services.nominee_student_link(nomination=nomination, student=student, by=request.user)

    return form_page(
        request,
        form,
        title="Link the nominee to their student record",
        intro="Then a request from them about their data, or to erase it, finds this nomination too.",
        back=url,
        save=save,
        done=url,
        message="Saved.",
    )


@role_required(*MANAGERS)
@require_POST
def nomination_shortlist(request: SignedInRequest, pk: int) -> HttpResponse:
    nomination = get_nomination_for(request.user, pk)
    try:
        services.nomination_shortlist(nomination=nomination, shortlisted=not nomination.shortlisted)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, "On the shortlist." if nomination.shortlisted else "Taken off the shortlist."
        )
    return redirect("programmes:nomination-detail", pk=nomination.pk)


@role_required(*MANAGERS)
@require_POST
def nomination_winner(request: SignedInRequest, pk: int) -> HttpResponse:
    nomination = get_nomination_for(request.user, pk)
    try:
        services.winner_choose(nomination=nomination)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Chosen as the winner of {nomination.category}.")
    return redirect("programmes:nomination-detail", pk=nomination.pk)


@role_required(*JUDGES)
@require_safe
def judging(request: SignedInRequest) -> HttpResponse:
    panels = [
        (seat, queries.panel_nominations(seat.award_year, seat.pk)) for seat in judge_seats(request.user)
    ]
    return render(request, "programmes/judging.html", {"panels": panels})


@role_required(*JUDGES)
def judge_nomination(request: SignedInRequest, pk: int) -> HttpResponse:
    judge, nomination = get_judged_nomination_for(request.user, pk)
    conflicted = nomination.conflicts.filter(judge=judge).exists()
    declaring = request.method == "POST" and "reason" in request.POST
    score_form = ScoreForm(request.POST if request.method == "POST" and not declaring else None)
    conflict_form = ConflictForm(request.POST if declaring else None)
    if request.method == "POST":
        form = conflict_form if declaring else score_form
        if form.is_valid():
            try:
                if form is score_form:
                    services.score_give(judge=judge, nomination=nomination, score=form.cleaned_data["score"])
                else:
                    services.conflict_declare(
                        judge=judge, nomination=nomination, reason=form.cleaned_data["reason"]
                    )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Saved. Thank you.")
                return redirect("programmes:judging")
    context = {
        "nomination": nomination,
        "conflicted": conflicted,
        "score_form": score_form,
        "conflict_form": conflict_form,
        "form": score_form if score_form.is_bound else conflict_form,
    }
    return render(request, "programmes/judge_nomination.html", context)


@public
def nominate(request: HttpRequest, token: str) -> HttpResponse:
    """Anyone with the year's link may nominate someone."""
    award_year = get_object_or_404(AwardYear, token=token)
    if not award_year.nominations_open:
        return render(request, "programmes/nominate_closed.html", {"award_year": award_year})
    form = NominationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.nomination_submit(award_year=award_year, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("programmes:nominate-thanks", token=token)
    return render(request, "programmes/nominate.html", {"award_year": award_year, "form": form})


@public
@require_safe
def nominate_thanks(request: HttpRequest, token: str) -> HttpResponse:
    award_year = get_object_or_404(AwardYear, token=token)
    return render(request, "programmes/nominate_thanks.html", {"award_year": award_year})


@public
@require_safe
def winners(request: HttpRequest, year: int) -> HttpResponse:
    """The year's winners, published: only those whose nominee agreed to being named."""
    award_year = get_object_or_404(AwardYear, year=year)
    return render(
        request,
        "programmes/winners.html",
        {"award_year": award_year, "winners": queries.published_winners(award_year)},
    )
