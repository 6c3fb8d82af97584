"""Who gets what from every outreach URL.

Workshops held: team leads for the wards they lead (404 for another ward's), centre managers, the
partnership lead and administrators for all. The library: those four read it; team leads may not add to it.
Open-access groups: the centre's three roles. Everyone else (students, trainers, tutors, commissioners) 403.
"""

from datetime import date

from tests.outreach import factories
from tests.teams.factories import make_lead, make_team
from tests.url_access import FORBIDDEN, FORM, READS, only
from warp.outreach import services

CENTRE = ("centre_manager", "partnership_lead", "administrator")
RECORDERS = ("team_lead", *CENTRE)


def world(built):
    personas = built["personas"]
    own = make_team(name="Cedar Ward", leads=[personas["team_lead"]])
    other = make_team(name="Crisis Team East", leads=[make_lead()])
    workshop = factories.make_workshop("Introduction to Recovery")
    handout = services.handout_add(
        workshop=workshop,
        kind="handout",
        filename="recovery.pdf",
        content_type="application/pdf",
        data=b"%PDF-1.4 a handout",
        by=None,
    )
    return {
        "workshop": workshop,
        "handout": handout,
        "held": factories.hold(own, workshop=workshop, held_on=date(2026, 2, 3)),
        "other_held": factories.hold(other, workshop=workshop, held_on=date(2026, 2, 4)),
        "activity": factories.make_activity("Hearing Voices Group"),
    }


def _pk(key):
    return lambda w: {"pk": w[key].pk}


ROUTES = {
    "outreach:workshops": only(RECORDERS, methods=READS),
    "outreach:held-create": only(RECORDERS, methods=FORM),
    "outreach:held-detail": only(RECORDERS, kwargs=_pk("held"), methods=FORM),
    "outreach:library": only(RECORDERS, methods=READS),
    "outreach:library-create": only(CENTRE, methods=FORM),
    # Team leads read a workshop and its files; adding a file is for those who keep the library.
    "outreach:library-detail": only(
        RECORDERS, kwargs=_pk("workshop"), methods=FORM, post={"team_lead": FORBIDDEN}
    ),
    "outreach:library-edit": only(CENTRE, kwargs=_pk("workshop"), methods=FORM),
    "outreach:handout-download": only(RECORDERS, kwargs=_pk("handout"), methods=READS),
    "outreach:activities": only(CENTRE, methods=READS),
    "outreach:activity-create": only(CENTRE, methods=FORM),
    "outreach:activity-detail": only(CENTRE, kwargs=_pk("activity"), methods=FORM),
}
