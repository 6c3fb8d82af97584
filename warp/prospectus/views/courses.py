from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms import BaseFormSet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from warp.accounts.access import MANAGER_ROLES, SignedInRequest, role_required
from warp.prospectus import services
from warp.prospectus.forms import CoProducerFormSet, CourseForm, CourseThemeForm
from warp.prospectus.models import Course, CourseTheme


@role_required(*MANAGER_ROLES)
@require_safe
def course_list(request: SignedInRequest) -> HttpResponse:
    courses = Course.objects.prefetch_related("co_producers").order_by("is_historic", "title")
    return render(request, "prospectus/course_list.html", {"courses": courses})


@role_required(*MANAGER_ROLES)
@require_safe
def course_review_list(request: SignedInRequest) -> HttpResponse:
    today = timezone.localdate()
    courses = Course.objects.due_for_review(today)
    return render(request, "prospectus/course_review_list.html", {"courses": courses, "today": today})


def _co_producers(formset: BaseFormSet) -> list[services.CoProducerInput]:
    return [
        services.CoProducerInput(name=form.cleaned_data["name"], perspective=form.cleaned_data["perspective"])
        for form in formset.forms
        if form.cleaned_data.get("name") and not form.cleaned_data.get("DELETE")
    ]


def _course_fields(form: CourseForm) -> dict:
    return {name: form.cleaned_data[name] for name in form.Meta.fields}


def _course_edit(request: SignedInRequest, course: Course | None) -> HttpResponse:
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
def course_create(request: SignedInRequest) -> HttpResponse:
    return _course_edit(request, None)


@role_required(*MANAGER_ROLES)
def course_update(request: SignedInRequest, pk: int) -> HttpResponse:
    return _course_edit(request, get_object_or_404(Course, pk=pk))


@role_required(*MANAGER_ROLES)
def theme_list(request: SignedInRequest) -> HttpResponse:
    """The course themes courses are chosen from: add one, or remove one no course has."""
    form = CourseThemeForm(request.POST if request.POST.get("action") == "add" else None)
    if request.method == "POST":
        if request.POST.get("action") == "remove":
            # The id comes from the page's hidden field; anything else (edited by hand) names no theme.
            theme_id = request.POST.get("theme", "")
            theme = (
                CourseTheme.objects.filter(pk=int(theme_id)).first()
                if theme_id.isascii() and theme_id.isdigit() and len(theme_id) <= 18
                else None
            )
            if theme is None:
                messages.error(request, "That theme was already removed.")
            else:
                try:
                    services.course_theme_remove(theme=theme, by=request.user)
                except ValidationError as exc:
                    messages.error(request, " ".join(exc.messages))
                else:
                    messages.success(request, f"“{theme.name}” is no longer a course theme.")
            return redirect("prospectus:theme-list")
        if form.is_valid():
            try:
                theme = services.course_theme_add(name=form.cleaned_data["name"], by=request.user)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, f"“{theme.name}” is now a course theme.")
                return redirect("prospectus:theme-list")
    # Two queries: how many courses have each theme, and the themes.
    used = dict(
        Course.objects.exclude(theme="").values("theme").annotate(n=Count("pk")).values_list("theme", "n")
    )
    rows = [(theme, used.get(theme.name, 0)) for theme in CourseTheme.objects.all()]
    return render(request, "prospectus/theme_list.html", {"form": form, "rows": rows})
