from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from warp.accounts.access import SignedInRequest, role_required
from warp.core.forms import add_service_errors
from warp.teams import queries, services
from warp.teams.access import (
    ALL_TEAMS_MANAGERS,
    PARTNERSHIP_READERS,
    TEAM_EDITORS,
    TEAM_READERS,
    get_care_assessment_for,
    get_exercise_for,
    get_team_for,
)
from warp.teams.forms import (
    CareAssessmentForm,
    CareAuditForm,
    CarerProblemForm,
    ConclusionsForm,
    ExerciseForm,
    ParticipantForm,
    PriorityAreaForm,
    ProgressForm,
    TopThreeForm,
)
from warp.teams.models import CareKind, CareStandard, PrioritisationExercise
from warp.teams.views._common import can_edit

# Triangle of Care ------------------------------------------------------------------------------------


@role_required(*TEAM_EDITORS)
def care_create(request: SignedInRequest, team_pk: int) -> HttpResponse:
    team = get_team_for(request.user, team_pk)
    form = CareAssessmentForm(
        request.POST or None,
        standards=CareStandard.objects.all(),
        initial={"year": timezone.localdate().year},
    )
    existing = None
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        try:
            with transaction.atomic():
                assessment = services.care_assessment_save(team=team, year=year, ratings=form.ratings())
        except IntegrityError:  # saved by someone else a moment ago: refused like the check below
            form.add_error("year", f"{team} already has a Triangle of Care assessment for {year}.")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The Triangle of Care self-assessment is saved.")
            return redirect(assessment)
        # Refused: everything typed stays in the form below; say where that year's assessment is.
        existing = team.care_assessments.filter(year=year).first()
    return render(request, "teams/care_form.html", {"form": form, "team": team, "existing": existing})


@role_required(*ALL_TEAMS_MANAGERS)
def care_audit_create(request: SignedInRequest, team_pk: int) -> HttpResponse:
    """An audit of a team by someone from outside it, beside the team's own self-assessment."""
    team = get_team_for(request.user, team_pk)
    form = CareAuditForm(
        request.POST or None,
        standards=CareStandard.objects.all(),
        initial={"year": timezone.localdate().year},
    )
    existing = None
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        try:
            with transaction.atomic():
                assessment = services.care_assessment_save(
                    team=team,
                    year=year,
                    ratings=form.ratings(),
                    kind=CareKind.AUDIT,
                    audited_by=form.cleaned_data["audited_by"],
                )
        except IntegrityError:  # saved by someone else a moment ago: refused like the check below
            form.add_error("year", f"{team} already has a Triangle of Care audit for {year}.")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The Triangle of Care audit is saved.")
            return redirect(assessment)
        existing = team.care_assessments.filter(year=year, kind=CareKind.AUDIT).first()
    return render(
        request, "teams/care_form.html", {"form": form, "team": team, "existing": existing, "audit": True}
    )


@role_required(*TEAM_EDITORS)
def care_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    assessment = get_care_assessment_for(request.user, pk)
    if assessment.is_audit and request.user.role not in ALL_TEAMS_MANAGERS:
        raise PermissionDenied("An audit is changed by the partnership, not by the team audited.")
    ratings = {r.standard_id: r for r in assessment.ratings.all()}
    initial: dict = {"year": assessment.year, "audited_by": assessment.audited_by}
    for standard_id, r in ratings.items():
        for name in ["rating", "evidence", "actions", "owner", "due_on"]:
            initial[f"s{standard_id}_{name}"] = getattr(r, name)
    form_class = CareAuditForm if assessment.is_audit else CareAssessmentForm
    form = form_class(request.POST or None, standards=CareStandard.objects.all(), initial=initial)
    form.fields["year"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.care_assessment_save(
                team=assessment.team,
                year=assessment.year,
                ratings=form.ratings(),
                assessment=assessment,
                audited_by=form.cleaned_data.get("audited_by", ""),
            )
        except ValidationError as error:  # shown beside what was typed, which stays in the form
            add_service_errors(form, error)
        else:
            what = "audit" if assessment.is_audit else "self-assessment"
            messages.success(request, f"The Triangle of Care {what} is saved.")
            return redirect(assessment)
    return render(
        request,
        "teams/care_form.html",
        {"form": form, "team": assessment.team, "assessment": assessment, "audit": assessment.is_audit},
    )


@role_required(*TEAM_READERS)
@require_safe
def care_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    assessment = get_care_assessment_for(request.user, pk)
    ratings = list(assessment.ratings.select_related("standard"))
    other = (
        assessment.team.care_assessments.filter(year=assessment.year).exclude(kind=assessment.kind).first()
    )
    # Beside each other per standard, once the year has both a self-assessment and an audit.
    comparison = queries.care_comparison(team=assessment.team, year=assessment.year) if other else []
    may_edit = can_edit(request.user) and (not assessment.is_audit or request.user.role in ALL_TEAMS_MANAGERS)
    return render(
        request,
        "teams/care_detail.html",
        {
            "assessment": assessment,
            "team": assessment.team,
            "ratings": ratings,
            "can_edit": may_edit,
            "other": other,
            "comparison": comparison,
        },
    )


@role_required(*PARTNERSHIP_READERS)
@require_safe
def care_summary(request: SignedInRequest) -> HttpResponse:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    if not 2000 <= year <= 2100:  # a year nobody rated in (and one too big for the database): this year
        year = timezone.localdate().year
    summary = queries.care_summary(year=year)
    progress = queries.care_progress(year=year)
    return render(
        request,
        "teams/care_summary.html",
        {"summary": summary, "progress": progress, "small_number": queries.SMALL_NUMBER},
    )


# Carers' needs prioritisation ------------------------------------------------------------------------


@role_required(*PARTNERSHIP_READERS)
@require_safe
def carers(request: SignedInRequest) -> HttpResponse:
    return render(
        request,
        "teams/carers.html",
        {
            "exercises": list(PrioritisationExercise.objects.all()),
            "can_manage": request.user.role in ALL_TEAMS_MANAGERS,
        },
    )


@role_required(*ALL_TEAMS_MANAGERS)
def exercise_create(request: SignedInRequest) -> HttpResponse:
    form = ExerciseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        exercise = services.exercise_create(**form.cleaned_data)
        messages.success(request, "Exercise started. Now type in its list of problems.")
        return redirect("teams:problem-add", pk=exercise.pk)
    return render(request, "teams/exercise_form.html", {"form": form})


@role_required(*PARTNERSHIP_READERS)
@require_safe
def exercise_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    exercise = get_exercise_for(request.user, pk)
    return render(
        request,
        "teams/exercise_detail.html",
        {
            "exercise": exercise,
            "results": queries.exercise_results(exercise),
            "can_manage": request.user.role in ALL_TEAMS_MANAGERS,
        },
    )


@role_required(*ALL_TEAMS_MANAGERS)
def problem_add(request: SignedInRequest, pk: int) -> HttpResponse:
    exercise = get_exercise_for(request.user, pk)
    form = CarerProblemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.carer_problem_create(exercise=exercise, name=form.cleaned_data["name"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Problem added to the list. Add the next, or go back to the exercise.")
            return redirect("teams:problem-add", pk=exercise.pk)
    problems = list(exercise.problems.order_by("name"))
    return render(
        request, "teams/problem_form.html", {"form": form, "exercise": exercise, "problems": problems}
    )


@role_required(*ALL_TEAMS_MANAGERS)
def participant_add(request: SignedInRequest, pk: int) -> HttpResponse:
    exercise = get_exercise_for(request.user, pk)
    form = ParticipantForm(
        request.POST or None,
        exercise=exercise,
        initial={"label": f"Participant {exercise.participants.count() + 1}"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_add(exercise=exercise, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"{form.cleaned_data['label']}'s choices are saved. Add the next person."
            )
            return redirect("teams:participant-add", pk=exercise.pk)
    return render(request, "teams/participant_form.html", {"form": form, "exercise": exercise})


@role_required(*ALL_TEAMS_MANAGERS)
def top_three(request: SignedInRequest, pk: int) -> HttpResponse:
    exercise = get_exercise_for(request.user, pk)
    current = {p.group_rank: p for p in exercise.problems.filter(group_rank__isnull=False)}
    form = TopThreeForm(
        request.POST or None,
        exercise=exercise,
        initial={"first": current.get(1), "second": current.get(2), "third": current.get(3)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.group_top_three_record(exercise=exercise, problems=form.problems())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The group's top three are saved.")
            return redirect(exercise)
    return render(request, "teams/top_three_form.html", {"form": form, "exercise": exercise})


@role_required(*ALL_TEAMS_MANAGERS)
def area_add(request: SignedInRequest, pk: int) -> HttpResponse:
    exercise = get_exercise_for(request.user, pk)
    form = PriorityAreaForm(request.POST or None, exercise=exercise)
    if request.method == "POST" and form.is_valid():
        try:
            services.priority_area_create(exercise=exercise, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Priority area added.")
            return redirect(exercise)
    return render(request, "teams/area_form.html", {"form": form, "exercise": exercise})


@role_required(*ALL_TEAMS_MANAGERS)
def progress_add(request: SignedInRequest, pk: int) -> HttpResponse:
    exercise = get_exercise_for(request.user, pk)
    form = ProgressForm(
        request.POST or None, participants=exercise.participants.all(), areas=exercise.areas.all()
    )
    if request.method == "POST" and form.is_valid():
        services.progress_ratings_record(participant=form.cleaned_data["participant"], ratings=form.ratings())
        messages.success(request, "Progress ratings saved. Choose the next participant.")
        return redirect("teams:progress-add", pk=exercise.pk)
    return render(request, "teams/progress_form.html", {"form": form, "exercise": exercise})


@role_required(*ALL_TEAMS_MANAGERS)
def conclusions(request: SignedInRequest, pk: int) -> HttpResponse:
    exercise = get_exercise_for(request.user, pk)
    form = ConclusionsForm(
        request.POST or None,
        exercise=exercise,
        initial={
            "strongest": exercise.strongest_area_id,
            "weakest": exercise.weakest_area_id,
            "most_important": exercise.most_important_area_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.exercise_conclusions_record(exercise=exercise, **form.cleaned_data)
        messages.success(request, "The group's strongest, weakest and most important areas are saved.")
        return redirect(exercise)
    return render(request, "teams/conclusions_form.html", {"form": form, "exercise": exercise})
