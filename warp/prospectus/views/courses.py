from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from warp.accounts.access import MANAGER_ROLES, role_required
from warp.prospectus import services
from warp.prospectus.forms import CoProducerFormSet, CourseForm
from warp.prospectus.models import Course


@role_required(*MANAGER_ROLES)
@require_safe
def course_list(request):
    courses = Course.objects.prefetch_related("co_producers").order_by("is_historic", "title")
    return render(request, "prospectus/course_list.html", {"courses": courses})


@role_required(*MANAGER_ROLES)
@require_safe
def course_review_list(request):
    today = timezone.localdate()
    courses = Course.objects.due_for_review(today)
    return render(request, "prospectus/course_review_list.html", {"courses": courses, "today": today})


def _co_producers(formset) -> list[services.CoProducerInput]:
    return [
        services.CoProducerInput(name=form.cleaned_data["name"], perspective=form.cleaned_data["perspective"])
        for form in formset.forms
        if form.cleaned_data.get("name") and not form.cleaned_data.get("DELETE")
    ]


def _course_fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in form.Meta.fields}


def _course_edit(request, course: Course | None):
    instance = course or Course()
    form = CourseForm(request.POST or None, instance=instance)
    formset = CoProducerFormSet(request.POST or None, instance=instance, prefix="co_producers")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            if course is None:
                course = services.course_create(
                    by=request.user, co_producers=_co_producers(formset), **_course_fields(form)
                )
                messages.success(request, f"{course} is in the catalogue.")
            else:
                services.course_update(
                    course=course,
                    by=request.user,
                    co_producers=_co_producers(formset),
                    **_course_fields(form),
                )
                messages.success(request, f"{course} is saved.")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("prospectus:course-list")
    return render(
        request, "prospectus/course_form.html", {"form": form, "formset": formset, "course": course}
    )


@role_required(*MANAGER_ROLES)
def course_create(request):
    return _course_edit(request, None)


@role_required(*MANAGER_ROLES)
def course_update(request, pk: int):
    return _course_edit(request, get_object_or_404(Course, pk=pk))
