"""Services and their unit costs (managers), and typing in a student's service-use answer (staff)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from warp import audit
from warp.accounts.access import MANAGER_ROLES, STUDENT_RECORD_ROLES, SignedInRequest, role_required
from warp.core.forms import add_service_errors
from warp.service_use.access import get_service_for
from warp.service_use.forms import ServiceForm, ServiceUseAnswerForm
from warp.service_use.models import Service, ServiceUseAnswer
from warp.service_use.services import service_save, service_use_record
from warp.students.access import get_student_for
from warp.students.services import is_erased


@role_required(*MANAGER_ROLES)
@require_safe
def service_list(request: SignedInRequest) -> HttpResponse:
    """The services the centre asks about and what one contact costs (one query)."""
    return render(request, "service_use/service_list.html", {"services": list(Service.objects.all())})


def _service_form(request: SignedInRequest, service: Service | None) -> HttpResponse:
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = service_save(
                service=service,
                code=data["code"],
                label=data["label"],
                unit_cost=data["unit_cost"],
                source=data["source"],
                year=data["year"],
                is_active=data["is_active"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Saved {saved.label}: £{saved.unit_cost} a contact.")
            return redirect("service_use:service-list")
    return render(request, "service_use/service_form.html", {"form": form, "service": service})


@role_required(*MANAGER_ROLES)
def service_create(request: SignedInRequest) -> HttpResponse:
    return _service_form(request, None)


@role_required(*MANAGER_ROLES)
def service_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    return _service_form(request, get_service_for(request.user, pk))


@role_required(*STUDENT_RECORD_ROLES)
def answer_record(request: SignedInRequest, pk: int) -> HttpResponse:
    """Type in a student's answer about the services they used (from a paper form or a conversation)."""
    student = get_student_for(request.user, pk)
    if is_erased(student):
        messages.info(request, "This student's record has been erased, so nothing more can be added to it.")
        return redirect("students:student-detail", pk=student.pk)
    services = list(Service.objects.filter(is_active=True))
    form = ServiceUseAnswerForm(request.POST or None, services=services)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service_use_record(
                student=student,
                answered_on=data["answered_on"],
                period=data["period"],
                months=data["months"],
                contacts=form.contacts(),
                entered_by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Saved {student.first_name}'s answer about the services they used.")
            return redirect("service_use:answer-record", pk=student.pk)
    audit.record(request=request, action="view", obj=student, note="Service use")
    answers = (
        ServiceUseAnswer.objects.filter(student=student)
        .prefetch_related("contacts__service")
        .order_by("-answered_on", "-pk")
    )
    return render(
        request,
        "service_use/answer_record.html",
        {"student": student, "form": form, "answers": answers, "services": services},
    )
