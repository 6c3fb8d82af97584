"""Who gets what from every impact URL: the partnership lead and administrators keep the impact log and
the co-production workshops; centre managers read them (403 on forms, and on posting a comment);
everyone else, commissioners included, 403."""

from datetime import date

from tests.url_access import FORBIDDEN, FORM, READS, only
from warp.impact import services

KEEPERS = ("partnership_lead", "administrator")
READERS = (*KEEPERS, "centre_manager")


def world(built):
    entry = services.impact_entry_create(
        kind="presentation", held_on=date(2026, 3, 4), title="Learning together", people=["Alex Moran"]
    )
    workshop = services.workshop_create(held_on=date(2026, 4, 29), service="Pain Service", locality="Poole")
    theme = services.workshop_theme_create(name="Being heard")
    comment = services.workshop_comment_add(workshop=workshop, theme=theme, text="I felt listened to.")
    return {
        "impact_entry": entry,
        "coproduction_workshop": workshop,
        "workshop_theme": theme,
        "workshop_comment": comment,
    }


def _pk(key):
    return lambda w: {"pk": w[key].pk}


ROUTES = {
    "impact:log": only(READERS, methods=READS),
    "impact:log-print": only(READERS, methods=READS),
    "impact:log-csv": only(READERS, methods=READS),
    "impact:entry-create": only(KEEPERS, methods=FORM),
    "impact:entry-edit": only(KEEPERS, kwargs=_pk("impact_entry"), methods=FORM),
    "impact:workshop-list": only(READERS, methods=READS),
    "impact:workshop-create": only(KEEPERS, methods=FORM),
    "impact:workshop-summary": only(READERS, methods=READS),
    # Centre managers read a workshop's comments; adding one is for those who keep the workshops.
    "impact:workshop-detail": only(
        READERS, kwargs=_pk("coproduction_workshop"), methods=FORM, post={"centre_manager": FORBIDDEN}
    ),
    "impact:workshop-edit": only(KEEPERS, kwargs=_pk("coproduction_workshop"), methods=FORM),
    "impact:comment-edit": only(KEEPERS, kwargs=_pk("workshop_comment"), methods=FORM),
    "impact:themes": only(KEEPERS, methods=FORM),
    "impact:theme-edit": only(KEEPERS, kwargs=_pk("workshop_theme"), methods=FORM),
}
