"""Who gets what from the quote library: the partnership lead, centre managers and administrators read,
pick and tag quotes; everyone else, commissioners included, 403. A quote whose consent is withdrawn, or
that never had it, answers 404 (tests/quotes/test_library.py)."""

from datetime import date

from tests.url_access import ACTION, FORM, NOT_ALLOWED, READS, only
from warp.impact import services as impact

READERS = ("partnership_lead", "centre_manager", "administrator")


def world(built):
    workshop = impact.workshop_create(
        held_on=date(2026, 4, 29), service="Children's service", locality="Poole"
    )
    theme = impact.workshop_theme_create(name="Hope")
    comment = impact.workshop_comment_add(
        workshop=workshop, theme=theme, text="It gave me hope.", perspective="carer", quote_consent=True
    )
    return {"quote": {"source": "coproduction", "ref": comment.pk}}


def _quote(w):
    return dict(w["quote"])


ROUTES = {
    "quotes:library": only(READERS, methods=READS),
    "quotes:picked": only(READERS, methods=READS),
    "quotes:picked-csv": only(READERS, methods=READS),
    "quotes:pick": only(READERS, kwargs=_quote, methods=ACTION, allowed=NOT_ALLOWED),
    "quotes:unpick": only(READERS, kwargs=_quote, methods=ACTION, allowed=NOT_ALLOWED),
    "quotes:tags": only(READERS, kwargs=_quote, methods=FORM),
}
