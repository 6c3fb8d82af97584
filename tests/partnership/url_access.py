"""Who gets what from every partnership report URL: the partnership lead and administrators write and
publish editions; centre managers read every edition; commissioners read published editions only (a draft is
404 to them); everyone else 403."""

from datetime import date

from tests.url_access import ACTION, FORM, NOT_ALLOWED, NOT_FOUND, READS, only
from warp.partnership import services

EDITORS = ("partnership_lead", "administrator")
STAFF = (*EDITORS, "centre_manager")
READERS = (*STAFF, "commissioner")


def world(built):
    draft = services.edition_create(
        title="Draft edition", start=date(2025, 4, 1), end=date(2026, 3, 31), sections=["college"]
    )
    published = services.edition_publish(
        edition=services.edition_create(
            title="Published edition", start=date(2024, 4, 1), end=date(2025, 3, 31), sections=["college"]
        )
    )
    return {"draft_edition": draft, "published_edition": published}


def _pk(key):
    return lambda w: {"pk": w[key].pk}


ROUTES = {
    "partnership:edition-list": only(READERS, methods=READS),
    "partnership:edition-create": only(EDITORS, methods=FORM),
    # A draft: commissioners are not told it exists.
    "partnership:edition-detail": only(
        STAFF, kwargs=_pk("draft_edition"), methods=READS, commissioner=NOT_FOUND
    ),
    "partnership:edition-edit": only(EDITORS, kwargs=_pk("draft_edition"), methods=FORM),
    # Publishing an already published edition says so kindly and goes back to it (POST only).
    "partnership:edition-publish": only(
        EDITORS, kwargs=_pk("published_edition"), methods=ACTION, allowed=NOT_ALLOWED
    ),
    "partnership:edition-pdf": only(READERS, kwargs=_pk("published_edition"), methods=READS),
    "partnership:edition-docx": only(READERS, kwargs=_pk("published_edition"), methods=READS),
}
