from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from warp.accounts.access import MANAGER_ROLES, role_required
from warp.prospectus import services
from warp.prospectus.forms import CourseRunForm, SessionForm, TrainerAddForm
from warp.prospectus.models import CourseRun, CourseRunTrainer, Session, Term


def _run(pk: int) -> CourseRun:
    return get_object_or_404(CourseRun.objects.select_related("course", "term"), pk=pk)


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@role_required(*MANAGER_ROLES)
def run_create(request, term_pk: int):
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
def run_update(request, pk: int):
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


def _status_change(request, pk: int, change, done: str):
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
def run_publish(request, pk: int):
    return _status_change(request, pk, services.course_run_publish, "Published: it is in the prospectus now.")


@role_required(*MANAGER_ROLES)
@require_POST
def run_unpublish(request, pk: int):
    return _status_change(
        request, pk, services.course_run_unpublish, "Moved back to draft: it is out of the prospectus."
    )


@role_required(*MANAGER_ROLES)
@require_POST
def run_cancel(request, pk: int):
    return _status_change(request, pk, services.course_run_cancel, "Course run cancelled.")


@role_required(*MANAGER_ROLES)
@require_POST
def trainer_add(request, pk: int):
    run = _run(pk)
    form = TrainerAddForm(request.POST, prefix="trainer")
    if form.is_valid():
        try:
            services.course_run_trainer_add(
                course_run=run, trainer=form.cleaned_data["trainer"], by=request.user
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
def trainer_remove(request, pk: int):
    assignment = get_object_or_404(CourseRunTrainer.objects.select_related("course_run", "trainer"), pk=pk)
    try:
        services.course_run_trainer_remove(assignment=assignment, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, f"{assignment.trainer} removed.")
    return redirect("prospectus:run-update", pk=assignment.course_run_id)


def _session_fields(form: SessionForm) -> dict:
    return {name: form.cleaned_data[name] for name in SessionForm.Meta.fields}


@role_required(*MANAGER_ROLES)
def session_create(request, pk: int):
    run = _run(pk)
    form = SessionForm(request.POST or None, prefix="session")
    if request.method == "POST" and form.is_valid():
        try:
            services.session_create(course_run=run, by=request.user, **_session_fields(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Session added.")
            return redirect("prospectus:run-update", pk=run.pk)
    return render(request, "prospectus/session_form.html", {"form": form, "run": run, "session": None})


@role_required(*MANAGER_ROLES)
def session_update(request, pk: int):
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
            return redirect("prospectus:run-update", pk=run.pk)
    return render(request, "prospectus/session_form.html", {"form": form, "run": run, "session": session})


@role_required(*MANAGER_ROLES)
@require_POST
def session_delete(request, pk: int):
    session = get_object_or_404(Session, pk=pk)
    run_pk = session.course_run_id
    try:
        services.session_delete(session=session, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, "Session removed.")
    return redirect("prospectus:run-update", pk=run_pk)
