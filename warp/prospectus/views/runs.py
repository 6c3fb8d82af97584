from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from warp.accounts.access import MANAGER_ROLES, SignedInRequest, role_required
from warp.prospectus import queries, services
from warp.prospectus.forms import (
    CourseRunForm,
    RunCancelForm,
    SessionForm,
    SessionSeriesForm,
    TrainerAddForm,
)
from warp.prospectus.models import CourseRun, CourseRunTrainer, RunStatus, Session, Term


def _run(pk: int) -> CourseRun:
    return get_object_or_404(CourseRun.objects.select_related("course", "term"), pk=pk)


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@role_required(*MANAGER_ROLES)
def run_create(request: SignedInRequest, term_pk: int) -> HttpResponse:
    term = get_object_or_404(Term, pk=term_pk)
    form = CourseRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in CourseRunForm.Meta.fields}
        try:
            run = services.course_run_create(by=request.user, term=term, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Course run saved as a draft. Now add its sessions and trainers.")
            return redirect("prospectus:run-update", pk=run.pk)
    return render(request, "prospectus/run_create.html", {"form": form, "term": term})


@role_required(*MANAGER_ROLES)
def run_update(request: SignedInRequest, pk: int) -> HttpResponse:
    """A run's details, sessions and trainers, and what stands between it and the prospectus."""
    run = _run(pk)
    form = CourseRunForm(request.POST or None, instance=run)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in CourseRunForm.Meta.fields}
        try:
            services.course_run_update(course_run=run, by=request.user, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Course run saved.")
            return redirect("prospectus:run-update", pk=run.pk)
    context = {
        "run": run,
        "form": form,
        "sessions": run.sessions.select_related("venue"),
        "assignments": run.run_trainers.select_related("trainer"),
        "session_form": SessionForm(prefix="session"),
        "trainer_form": TrainerAddForm(prefix="trainer"),
        "problems": services.course_run_publish_problems(run),
    }
    return render(request, "prospectus/run_update.html", context)


def _status_change(request: SignedInRequest, pk: int, change: Callable[..., Any], done: str) -> HttpResponse:
    run = _run(pk)
    try:
        change(course_run=run, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, done)
    return redirect("prospectus:run-update", pk=run.pk)


@role_required(*MANAGER_ROLES)
@require_POST
def run_publish(request: SignedInRequest, pk: int) -> HttpResponse:
    return _status_change(request, pk, services.course_run_publish, "Published: it is in the prospectus now.")


@role_required(*MANAGER_ROLES)
@require_POST
def run_unpublish(request: SignedInRequest, pk: int) -> HttpResponse:
    return _status_change(
        request, pk, services.course_run_unpublish, "Moved back to draft: it is out of the prospectus."
    )


@role_required(*MANAGER_ROLES)
def run_cancel(request: SignedInRequest, pk: int) -> HttpResponse:
    """Ask first: say how many people will be told, and take the reason their message gives."""
    run = _run(pk)
    if run.status == RunStatus.CANCELLED:
        messages.info(request, "This course run is already cancelled.")
        return redirect("prospectus:run-update", pk=run.pk)
    people = services.course_run_people_to_tell(run)
    form = RunCancelForm(request.POST if request.method == "POST" else None, people_to_tell=people)
    if request.method == "POST" and form.is_valid():
        services.course_run_cancel(course_run=run, by=request.user, reason=form.cleaned_data["reason"])
        told = f" {people} {'person is' if people == 1 else 'people are'} being told." if people else ""
        messages.success(request, f"Course run cancelled.{told}")
        return redirect("prospectus:run-update", pk=run.pk)
    return render(request, "prospectus/run_cancel.html", {"run": run, "form": form, "people": people})


@role_required(*MANAGER_ROLES)
@require_POST
def trainer_add(request: SignedInRequest, pk: int) -> HttpResponse:
    run = _run(pk)
    form = TrainerAddForm(request.POST, prefix="trainer")
    if form.is_valid():
        try:
            services.course_run_trainer_add(
                course_run=run,
                trainer=form.cleaned_data["trainer"],
                by=request.user,
                perspective=form.cleaned_data["perspective"],
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, f"{form.cleaned_data['trainer']} added.")
    else:
        messages.error(request, "Choose a trainer from the list, then select Add trainer.")
    return redirect("prospectus:run-update", pk=run.pk)


@role_required(*MANAGER_ROLES)
@require_POST
def trainer_remove(request: SignedInRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(CourseRunTrainer.objects.select_related("course_run", "trainer"), pk=pk)
    try:
        services.course_run_trainer_remove(assignment=assignment, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, f"{assignment.trainer} removed.")
    return redirect("prospectus:run-update", pk=assignment.course_run_id)


def _session_fields(form: SessionForm) -> dict:
    fields = {name: form.cleaned_data[name] for name in SessionForm.Meta.fields}
    return {**fields, "allow_outside_term": form.cleaned_data["outside_term"]}


@role_required(*MANAGER_ROLES)
def session_create(request: SignedInRequest, pk: int) -> HttpResponse:
    run = _run(pk)
    form = SessionForm(request.POST or None, prefix="session")
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(course_run=run, by=request.user, **_session_fields(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Session added.")
            _warn_of_clashes(request, [session])
            return redirect("prospectus:run-update", pk=run.pk)
    return render(request, "prospectus/session_form.html", {"form": form, "run": run, "session": None})


def _warn_of_clashes(request: SignedInRequest, sessions: list[Session]) -> None:
    for warning in queries.session_clashes(sessions=sessions):
        messages.warning(request, f"Please check: {warning}")


@role_required(*MANAGER_ROLES)
def session_series(request: SignedInRequest, pk: int) -> HttpResponse:
    """Add several sessions at once, e.g. weekly, 6 sessions from 12 January; then warn of clashes."""
    run = _run(pk)
    form = SessionSeriesForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sessions = services.session_series_create(
                course_run=run,
                by=request.user,
                first_date=data["first_date"],
                every_weeks=data["every_weeks"],
                count=data["count"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                venue=data["venue"],
                room=data["room"],
                is_online=data["is_online"],
                joining_link=data["joining_link"],
                allow_outside_term=data["outside_term"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            last = sessions[-1].date
            messages.success(
                request,
                f"{len(sessions)} session{'s' if len(sessions) != 1 else ''} added, the last on "
                f"{last:%A} {last.day} {last:%B}.",
            )
            _warn_of_clashes(request, sessions)
            return redirect("prospectus:run-update", pk=run.pk)
    return render(request, "prospectus/session_series.html", {"form": form, "run": run})


@role_required(*MANAGER_ROLES)
def session_update(request: SignedInRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(
        Session.objects.select_related("course_run__course", "course_run__term"), pk=pk
    )
    run = session.course_run
    form = SessionForm(request.POST or None, instance=session, prefix="session")
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(session=session, by=request.user, **_session_fields(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Session saved.")
            _warn_of_clashes(request, [session])
            return redirect("prospectus:run-update", pk=run.pk)
    return render(request, "prospectus/session_form.html", {"form": form, "run": run, "session": session})


@role_required(*MANAGER_ROLES)
@require_POST
def session_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session, pk=pk)
    run_pk = session.course_run_id
    try:
        services.session_delete(session=session, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, "Session removed.")
    return redirect("prospectus:run-update", pk=run_pk)
