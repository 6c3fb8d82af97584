"""What people do with the network: trust a centre, import its bundle, load a framework, rate fidelity."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from warp.accounts.models import User
from warp.audit import services as audit
from warp.audit.models import Action
from warp.network import keys
from warp.network.bundle import BundleRefused, canonical, parse, period_of
from warp.network.models import (
    FidelityComponent,
    FidelityLevel,
    FidelityRating,
    NetworkBundle,
    TrustedCentre,
)


class FrameworkProblem(Exception):
    """A framework file that cannot be loaded; the message says where and what to do."""


def _clean_code(code: str) -> str:
    code = (code or "").strip()
    if not code or len(code) > 32 or any(c.isspace() for c in code):
        raise ValidationError("A centre code is 1 to 32 characters with no spaces, for example NORTH-REC.")
    return code


@transaction.atomic
def trust_set(*, code: str, public_key: str, name: str = "", by: User | None = None) -> TrustedCentre:
    """Trust a centre's key, or replace the key this hub trusts for it (also trusts a withdrawn one again)."""
    code = _clean_code(code)
    try:
        key = keys.normalised_public_key(public_key)
    except keys.KeyProblem as problem:
        raise ValidationError(str(problem)) from problem
    centre = TrustedCentre.objects.select_for_update().filter(code=code).first()
    now = timezone.now()
    if centre is None:
        centre = TrustedCentre(code=code, name=name.strip(), public_key=key, trusted_at=now)
    else:
        centre.public_key, centre.trusted_at, centre.withdrawn_at = key, now, None
        if name.strip():
            centre.name = name.strip()
    centre.full_clean()
    centre.save()
    audit.record(action=Action.CHANGE, user=by, obj=centre, note=f"trusted the key of centre {code}")
    return centre


@transaction.atomic
def trust_withdraw(*, centre: TrustedCentre, by: User | None = None) -> TrustedCentre:
    """Stop accepting this centre's bundles; those already imported leave the network report too."""
    if centre.withdrawn_at is None:
        centre.withdrawn_at = timezone.now()
        centre.save(update_fields=["withdrawn_at"])
        audit.record(
            action=Action.CHANGE, user=by, obj=centre, note=f"withdrew trust in centre {centre.code}"
        )
    return centre


@dataclass
class ImportResult:
    bundle: NetworkBundle
    outcome: str  # "added", "replaced" or "unchanged"


def verify(document: dict) -> TrustedCentre:
    """The trusted centre whose key signed exactly this content, or BundleRefused saying why not."""
    code = str(document["centre"]["code"])
    centre = TrustedCentre.objects.filter(code=code).first()
    if centre is None:
        raise BundleRefused(
            f"This hub does not trust a centre with the code {code!r}, so its bundle was not imported. If it "
            "belongs in the network, record its public key first: warp network trust --centre "
            f"{code} --public-key KEY."
        )
    if not centre.is_trusted:
        raise BundleRefused(
            f"This hub withdrew its trust in {code} on {centre.withdrawn_at:%Y-%m-%d}, so its bundle was not "
            "imported. Trust its key again if it should rejoin."
        )
    if keys.verifies(centre.public_key, canonical(document), str(document.get("signature", ""))):
        return centre
    if str(document.get("public_key", "")) != centre.public_key:
        raise BundleRefused(
            f"This bundle was not signed with the key this hub trusts for {code}, so it was not imported. "
            "If the centre has a new key, check it with them and replace the trusted key first."
        )
    raise BundleRefused(
        f"This bundle's content does not match its signature: something in it changed after {code} signed "
        "it, so it was not imported. Ask the centre to export it again and send the file unchanged."
    )


@transaction.atomic
def bundle_import(*, text: str | bytes, by: User | None = None) -> ImportResult:
    """Verify a bundle and keep it, replacing the one this hub holds for that centre and period."""
    document = parse(text)
    centre = verify(document)
    start, end = period_of(document)
    existing = NetworkBundle.objects.select_for_update().filter(centre=centre, start=start, end=end).first()
    if existing is not None and existing.document == document:
        return ImportResult(existing, "unchanged")
    bundle = existing or NetworkBundle(centre=centre, start=start, end=end)
    bundle.centre_name = str(document["centre"].get("name") or centre.name or centre.code)[:200]
    bundle.software_version = str(document.get("software_version", ""))[:40]
    bundle.document = document
    bundle.imported_at = timezone.now()
    bundle.full_clean()
    bundle.save()
    if not centre.name:
        centre.name = bundle.centre_name
        centre.save(update_fields=["name"])
    audit.record(
        action=Action.CREATE if existing is None else Action.CHANGE,
        user=by,
        obj=bundle,
        note=f"imported the bundle of {centre.code} for {start.isoformat()} to {end.isoformat()}",
    )
    return ImportResult(bundle, "replaced" if existing else "added")


def _text(item: dict, key: str, where: str, *, required: bool = True, limit: int = 0) -> str:
    value = item.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise FrameworkProblem(f"{where}: {key!r} must be some text.")
    if limit and len(value.strip()) > limit:
        raise FrameworkProblem(f"{where}: {key!r} is longer than {limit} characters.")
    return value.strip()


def _framework_rows(data: Any) -> list[dict]:
    """The file's components, every one checked before anything is saved."""
    if not isinstance(data, dict) or not isinstance(data.get("components"), list) or not data["components"]:
        raise FrameworkProblem('The framework must be a JSON object with a list of "components".')
    rows, seen = [], set()
    for number, item in enumerate(data["components"], start=1):
        where = f"Component {number}"
        if not isinstance(item, dict):
            raise FrameworkProblem(f"{where} is not an object with code, name, description and levels.")
        code = _text(item, "code", where, limit=32)
        where = f"Component {number} ({code})"
        if code in seen:
            raise FrameworkProblem(f"{where}: the code appears twice.")
        seen.add(code)
        levels = item.get("levels")
        if not isinstance(levels, list) or len(levels) < 2:
            raise FrameworkProblem(f"{where}: 'levels' must list at least two levels.")
        parsed = []
        for place, level in enumerate(levels, start=1):
            at = f"{where}, level {place}"
            if not isinstance(level, dict):
                raise FrameworkProblem(f"{at} is not an object with level, name and description.")
            value = level.get("level")
            if not isinstance(value, int) or isinstance(value, bool) or value != place:
                raise FrameworkProblem(
                    f"{at}: 'level' must be the whole number {place} (levels count from 1)."
                )
            parsed.append(
                {
                    "level": value,
                    "name": _text(level, "name", at, limit=160),
                    "description": _text(level, "description", at, required=False),
                }
            )
        rows.append(
            {
                "code": code,
                "name": _text(item, "name", where, limit=160),
                "description": _text(item, "description", where, required=False),
                "levels": parsed,
            }
        )
    return rows


@dataclass
class FrameworkLoaded:
    added: int
    updated: int
    retired: int


@transaction.atomic
def framework_load(*, data: Any) -> FrameworkLoaded:
    """Load (or load again) the framework a network agreed: idempotent; components missing from the file are
    kept for the ratings already made, but no longer offered."""
    rows = _framework_rows(data)
    added = updated = 0
    for order, row in enumerate(rows, start=1):
        component, created = FidelityComponent.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "description": row["description"],
                "order": order,
                "is_active": True,
            },
        )
        added, updated = added + created, updated + (not created)
        for level in row["levels"]:
            FidelityLevel.objects.update_or_create(
                component=component,
                level=level["level"],
                defaults={"name": level["name"], "description": level["description"]},
            )
        component.levels.filter(level__gt=len(row["levels"])).delete()
    retired = (
        FidelityComponent.objects.filter(is_active=True)
        .exclude(code__in=[row["code"] for row in rows])
        .update(is_active=False)
    )
    return FrameworkLoaded(added=added, updated=updated, retired=retired)


@transaction.atomic
def rating_record(
    *,
    component: FidelityComponent,
    rated_on: date,
    level: int,
    evidence: str,
    actions: str = "",
    by: User | None = None,
) -> FidelityRating:
    """Record the centre's rating of one component on one day (a second rating that day replaces it)."""
    top = component.levels.order_by("-level").values_list("level", flat=True).first() or 0
    if not 1 <= level <= top:
        raise ValidationError({"level": f"Choose a level from 1 to {top}."})
    rating, _ = FidelityRating.objects.update_or_create(
        component=component,
        rated_on=rated_on,
        defaults={
            "level": level,
            "evidence": evidence.strip(),
            "actions": actions.strip(),
            "recorded_by": by,
        },
    )
    rating.full_clean()
    return rating
