"""The Django admin never goes around a service: a model a service writes is read-only there (inlines too),
or its admin saves through the service."""

import importlib
import inspect
import pkgutil
import re
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import make_run
from tests.personas import sign_in_fully
from warp.accounts.models import TrainerKind
from warp.core.admin import ServiceOwnedAdmin
from warp.prospectus.models import CourseRun, CourseRunTrainer, RunStatus
from warp.teams import services as team_services
from warp.teams.models import CarerProblem

pytestmark = pytest.mark.django_db

# Models a service reads but never writes (it checks a review's categories against them, say): reference
# data the administrators keep in the admin. The test below checks that no service writes them.
REFERENCE_DATA = {
    "students.Identity": "the identities a student may tick; a service only reads them",
    "students.OutcomeCategory": "the review outcome categories; a service only reads them",
    "feedback.FeedbackQuestion": "the feedback questions; a service only reads them",
    "teams.TripCriterion": "the ten TRIP criteria; a service only reads them",
    "teams.CareStandard": "the six Triangle of Care standards; a service only reads them",
    "teams.Challenge": "the ImROC challenges; a service only reads them",
    "programmes.PeerRole": "the peer roles; a service only reads them",
    "programmes.EvaluationQuestion": "the mentoring evaluation's questions; a service only reads them",
}
# Admins that save through the service (save_model calls it) instead of being read-only; never delete.
SAVED_THROUGH_SERVICES = {"teams.CarerProblem"}
# Admins that may add and change a model but not the fields a service owns; never delete.
FIELDS_OWNED_BY_SERVICES = {"accounts.User": {"is_active"}}  # switched off and on at the access review


def _services_modules():
    for config in apps.get_app_configs():
        if not config.name.startswith("warp."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.services")
        except ModuleNotFoundError:
            continue
        yield module
        if hasattr(module, "__path__"):  # services/ split by topic
            for info in pkgutil.iter_modules(module.__path__):
                yield importlib.import_module(f"{module.__name__}.{info.name}")


def models_with_a_service() -> dict[str, type[models.Model]]:
    """Every model a services module works with (it imports the model to write or check it)."""
    found = {}
    for module in _services_modules():
        for value in vars(module).values():
            if inspect.isclass(value) and issubclass(value, models.Model) and not value._meta.abstract:
                found[value._meta.label] = value
    return found


def _written_in(source: str, name: str) -> bool:
    return bool(
        re.search(rf"\b{name}\(", source)
        or re.search(
            rf"\b{name}\.objects\.(create|bulk_create|get_or_create|update_or_create|update)\b", source
        )
    )


def test_reference_data_is_only_read_by_services():
    sources = "\n".join(Path(inspect.getfile(m)).read_text() for m in _services_modules())
    service_models = models_with_a_service()
    for label in REFERENCE_DATA:
        model = service_models.get(label) or apps.get_model(label)
        assert not _written_in(sources, model.__name__), (
            f"A service writes {label}: its admin must be read-only"
        )


@pytest.fixture
def admin_request(personas):
    request = RequestFactory().get("/admin/")
    request.user = personas["administrator"]
    return request


def _writes(model_admin, request) -> list[str]:
    found = []
    if model_admin.has_add_permission(request):
        found.append("add")
    if model_admin.has_change_permission(request):
        found.append("change")
    if model_admin.has_delete_permission(request):
        found.append("delete")
    if model_admin.list_editable:
        found.append("list_editable")
    for inline in model_admin.get_inline_instances(request):
        name = inline.model._meta.label
        found += [
            f"{name} inline: {w}" for w in ("add", "change", "delete") if _inline_may(inline, request, w)
        ]
    return found


def _inline_may(inline, request, what: str) -> bool:
    check = getattr(inline, f"has_{what}_permission")
    return bool(check(request, None)) or (what == "delete" and inline.can_delete and check(request, None))


def test_no_admin_can_write_a_model_that_has_a_service_directly(admin_request):
    service_models = models_with_a_service()
    assert {"prospectus.CourseRun", "students.Student", "students.LearningPlan"} <= set(service_models)
    wrong = []
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label
        if label not in service_models or label in REFERENCE_DATA:
            continue
        writes = _writes(model_admin, admin_request)
        if label in SAVED_THROUGH_SERVICES:
            if type(model_admin).save_model is admin.ModelAdmin.save_model:
                wrong.append(f"{label}: saves without its service")
            writes = [w for w in writes if w not in ("add", "change")]
        elif label in FIELDS_OWNED_BY_SERVICES:
            obj = model.objects.first()
            owned = FIELDS_OWNED_BY_SERVICES[label] - set(model_admin.get_readonly_fields(admin_request, obj))
            if owned:
                wrong.append(f"{label}: {sorted(owned)} can be changed without the service")
            writes = [w for w in writes if w not in ("add", "change")]
        if writes:
            wrong.append(f"{label}: the admin can {', '.join(writes)}")
    assert not wrong, (
        "Make these read-only (warp.core.admin.ServiceOwnedAdmin) or save through the service:\n"
        + ("\n".join(wrong))
    )


def test_every_read_only_admin_links_to_the_warp_page_that_does_the_job(personas):
    run = make_run(trainers=[personas["peer_trainer"], personas["professional_trainer"]])
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, ServiceOwnedAdmin):
            assert type(model_admin).warp_url is not ServiceOwnedAdmin.warp_url, model._meta.label
    assert admin.site._registry[CourseRun].warp_url(run) == reverse("prospectus:run-update", args=[run.pk])


def test_the_admin_cannot_remove_a_published_runs_last_peer_trainer_or_publish_a_draft(client, personas):
    run = make_run(trainers=[personas["peer_trainer"], personas["professional_trainer"]])
    assert run.status == RunStatus.PUBLISHED
    sign_in_fully(client, personas["administrator"])
    change = reverse("admin:prospectus_courserun_change", args=[run.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert reverse("prospectus:run-update", args=[run.pk]) in page.content.decode()  # change this in WaRP
    peer = run.run_trainers.get(trainer__trainer_kind=TrainerKind.PEER)
    form = {
        "course": run.course_id,
        "term": run.term_id,
        "places": run.places,
        "status": RunStatus.DRAFT,
        "run_trainers-TOTAL_FORMS": "2",
        "run_trainers-INITIAL_FORMS": "2",
        "run_trainers-0-id": peer.pk,
        "run_trainers-0-DELETE": "on",
    }
    assert client.post(change, form).status_code == 403
    assert client.post(reverse("admin:prospectus_courserun_add"), form).status_code == 403
    run.refresh_from_db()
    assert run.status == RunStatus.PUBLISHED
    assert CourseRunTrainer.objects.filter(pk=peer.pk).exists()


def test_the_carers_problem_admin_saves_through_the_teams_services(client, personas, monkeypatch):
    calls = []
    for name in ("carer_problem_create", "carer_problem_update"):
        real = getattr(team_services, name)
        monkeypatch.setattr(
            team_services, name, lambda *, _real=real, _name=name, **kw: calls.append(_name) or _real(**kw)
        )
    sign_in_fully(client, personas["administrator"])
    exercise = team_services.exercise_create(title="Workshop", held_on=date(2026, 1, 23))
    client.post(
        reverse("admin:teams_carerproblem_add"),
        {"exercise": exercise.pk, "name": "Feeling alone", "active": "on"},
    )
    problem = CarerProblem.objects.get(name="Feeling alone")
    client.post(
        reverse("admin:teams_carerproblem_change", args=[problem.pk]),
        {"exercise": exercise.pk, "name": "Feeling alone"},
    )
    problem.refresh_from_db()
    assert not problem.active  # retired
    assert calls == ["carer_problem_create", "carer_problem_update"]
    assert (
        client.post(
            reverse("admin:teams_carerproblem_delete", args=[problem.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
