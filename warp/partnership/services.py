"""What the partnership lead does with a report edition: create it, edit its sections and words, publish it.

A published edition is frozen: publishing builds the report once per version and keeps each as JSON
(`document.report_to_dict`) with the time and the data version, and every later read renders that snapshot.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from warp.accounts.models import User
from warp.core.kept import data_version
from warp.partnership.access import ALL_VERSIONS
from warp.partnership.document import report_to_dict
from warp.partnership.models import Edition, EditionStatus
from warp.partnership.report import built
from warp.partnership.sections import BY_KEY

PUBLISHED_REFUSAL = (
    "This edition has been published, so its words and figures are kept as they were. "
    "To change them, start a new edition for the same period."
)


def _check(sections: list[str], words: dict[str, str]) -> None:
    unknown = [key for key in [*sections, *words] if key not in BY_KEY]
    if unknown:
        raise ValidationError(f"These are not sections of the report: {', '.join(sorted(set(unknown)))}.")
    if len(set(sections)) != len(sections):
        raise ValidationError("Each section can be in the report once.")


def _clean_words(words: dict[str, str]) -> dict[str, str]:
    return {key: text.strip() for key, text in words.items() if text and text.strip()}


@transaction.atomic
def edition_create(
    *,
    title: str,
    start: date,
    end: date,
    sections: list[str],
    words: dict[str, str] | None = None,
    created_by: User | None = None,
) -> Edition:
    words = _clean_words(words or {})
    _check(sections, words)
    edition = Edition(
        title=title, start=start, end=end, sections=list(sections), words=words, created_by=created_by
    )
    edition.full_clean()
    edition.save()
    return edition


@transaction.atomic
def edition_update(
    *, edition: Edition, title: str, start: date, end: date, sections: list[str], words: dict[str, str]
) -> Edition:
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.is_published:
        raise ValidationError(PUBLISHED_REFUSAL)
    words = _clean_words(words)
    _check(sections, words)
    edition.title, edition.start, edition.end = title, start, end
    edition.sections, edition.words = list(sections), words
    edition.full_clean()
    edition.save()
    return edition


@transaction.atomic
def edition_publish(*, edition: Edition) -> Edition:
    """Build every version once and keep them; from now on the edition renders only these snapshots."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.is_published:
        raise ValidationError("This edition has already been published.")
    edition.data_version = data_version()
    edition.snapshots = {version: report_to_dict(built(edition, version=version)) for version in ALL_VERSIONS}
    edition.status = EditionStatus.PUBLISHED
    edition.published_at = timezone.now()
    edition.full_clean()
    edition.save()
    return edition
