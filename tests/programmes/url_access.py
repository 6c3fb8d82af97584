"""Who gets what from every programmes URL.

Workforce: team leads for the peer workers of their own teams (404 for another team's), the partnership
lead and administrators for all; centre managers read. Mentoring and awards: the partnership lead and
administrators manage, centre managers read. The staff network: every member of staff (and commissioners)
sees its counts page; only its coordinators (here the professional trainer, given the role by an
administrator) see the member list and its forms, administrators included getting 403. A nomination link
works for anyone.
"""

from datetime import date

from tests.programmes import factories
from tests.teams.factories import make_lead, make_team
from tests.url_access import ACTION, FORBIDDEN, FORM, NOT_ALLOWED, NOT_FOUND, OK, READS, only, route
from warp.programmes.access import the_network
from warp.programmes.services import awards, mentoring, network

MANAGERS = ("partnership_lead", "administrator")
READERS = (*MANAGERS, "centre_manager")
WORKFORCE_READERS = (*READERS, "team_lead")
STAFF = (
    "admissions_tutor",
    "peer_trainer",
    "professional_trainer",
    "centre_manager",
    "team_lead",
    "partnership_lead",
    "administrator",
)
COORDINATOR = "professional_trainer"


def world(built):
    personas = built["personas"]
    own_team = make_team(name="Beacon Ward", leads=[personas["team_lead"]])
    other_team = make_team(name="Harbour Crisis Team", leads=[make_lead()])
    own_worker = factories.make_worker(first_name="Ash")
    factories.place(own_worker, own_team)
    other_worker = factories.make_worker(first_name="Bo")
    other_placement = factories.place(other_worker, other_team)
    pairing = factories.make_pairing()
    evaluated = factories.make_pairing(ended_on=date(2025, 6, 30))
    mentoring.evaluation_record(
        pairing=evaluated, given_on=date(2025, 7, 1), answers={}, consent_to_quote=True
    )
    net = the_network()
    network.coordinators_set(network=net, users=[personas[COORDINATOR]], by=personas["administrator"])
    first = factories.join(net, personas["peer_trainer"])
    second = factories.join(net, personas["admissions_tutor"])
    pair = network.buddy_pair_create(network=net, first=first, second=second, on=date(2026, 1, 6))
    action = network.network_action_create(network=net, action="Write a leaflet", owner="Coordinators")
    award_year = factories.make_year(2026)
    nomination = factories.nominate(award_year)
    awards.nomination_shortlist(nomination=nomination, shortlisted=True)
    awards.judge_add(award_year=award_year, user=personas["peer_trainer"])
    return {
        "own_worker": own_worker,
        "other_worker": other_worker,
        "other_placement": other_placement,
        "pairing": pairing,
        "evaluated_pairing": evaluated,
        "buddy_pair": pair,
        "network_action": action,
        "award_year": award_year,
        "nomination": nomination,
    }


def _pk(key):
    return lambda w: {"pk": w[key].pk}


ROUTES = {
    "programmes:workforce": only(WORKFORCE_READERS, methods=READS),
    "programmes:worker-create": only(MANAGERS, methods=FORM),
    "programmes:worker-detail": only(WORKFORCE_READERS, kwargs=_pk("own_worker"), methods=READS),
    "programmes:worker-edit": only(MANAGERS, kwargs=_pk("own_worker"), methods=FORM),
    "programmes:placement-create": only(MANAGERS, kwargs=_pk("own_worker"), methods=FORM),
    "programmes:training-create": only(MANAGERS, kwargs=_pk("own_worker"), methods=FORM),
    "programmes:supervision-create": only(("team_lead", *MANAGERS), kwargs=_pk("own_worker"), methods=FORM),
    "programmes:placement-end": only(MANAGERS, kwargs=_pk("other_placement"), methods=FORM),
    "programmes:mentoring": only(READERS, methods=READS),
    "programmes:mentoring-csv": only(READERS, methods=READS),
    "programmes:mentor-create": only(MANAGERS, methods=FORM),
    "programmes:mentee-create": only(MANAGERS, methods=FORM),
    "programmes:pairing-create": only(MANAGERS, methods=FORM),
    "programmes:pairing-detail": only(READERS, kwargs=_pk("pairing"), methods=READS),
    "programmes:pairing-end": only(MANAGERS, kwargs=_pk("pairing"), methods=FORM),
    "programmes:meeting-create": only(MANAGERS, kwargs=_pk("pairing"), methods=FORM),
    "programmes:evaluation-create": only(MANAGERS, kwargs=_pk("pairing"), methods=FORM),
    "programmes:evaluation-consent": only(MANAGERS, kwargs=_pk("evaluated_pairing"), methods=FORM),
    # Counts for every member of staff and commissioners; the names for the coordinators only.
    "programmes:network": only((*STAFF, "commissioner"), methods=READS),
    "programmes:network-join": only(STAFF, methods=ACTION, allowed=NOT_ALLOWED),
    "programmes:network-leave": only(STAFF, methods=ACTION, allowed=NOT_ALLOWED),
    "programmes:network-members": only((COORDINATOR,), methods=READS),
    "programmes:network-meeting-create": only((COORDINATOR,), methods=FORM),
    "programmes:network-action-create": only((COORDINATOR,), methods=FORM),
    "programmes:network-action-edit": only((COORDINATOR,), kwargs=_pk("network_action"), methods=FORM),
    "programmes:network-guidance": only((COORDINATOR,), methods=FORM),
    "programmes:buddy-create": only((COORDINATOR,), methods=FORM),
    "programmes:buddy-end": only(
        (COORDINATOR,), kwargs=_pk("buddy_pair"), methods=ACTION, allowed=NOT_ALLOWED
    ),
    "programmes:network-coordinators": only(("administrator",), methods=FORM),
    "programmes:awards": only(READERS, methods=READS),
    "programmes:award-year-create": only(MANAGERS, methods=FORM),
    "programmes:category-create": only(MANAGERS, methods=FORM),
    "programmes:category-edit": only(
        MANAGERS, kwargs=lambda w: {"pk": w["award_year"].nominations.first().category_id}, methods=FORM
    ),
    "programmes:award-year-detail": only(READERS, kwargs=_pk("award_year"), methods=READS),
    "programmes:award-year-edit": only(MANAGERS, kwargs=_pk("award_year"), methods=FORM),
    "programmes:judge-add": only(MANAGERS, kwargs=_pk("award_year"), methods=FORM),
    "programmes:nomination-detail": only(READERS, kwargs=_pk("nomination"), methods=READS),
    "programmes:nomination-consent": only(MANAGERS, kwargs=_pk("nomination"), methods=FORM),
    "programmes:nomination-nominator-consent": only(MANAGERS, kwargs=_pk("nomination"), methods=FORM),
    "programmes:nomination-student": only(("administrator",), kwargs=_pk("nomination"), methods=FORM),
    "programmes:nomination-shortlist": only(
        MANAGERS, kwargs=_pk("nomination"), methods=ACTION, allowed=NOT_ALLOWED
    ),
    "programmes:nomination-winner": only(
        MANAGERS, kwargs=_pk("nomination"), methods=ACTION, allowed=NOT_ALLOWED
    ),
    "programmes:judging": only(STAFF, methods=READS),
    # On the panel: the peer trainer. Any other member of staff: 404 (no hint the nomination exists).
    "programmes:judge-nomination": route(
        default=FORBIDDEN,
        kwargs=_pk("nomination"),
        methods=FORM,
        **{role: NOT_FOUND for role in STAFF if role != "peer_trainer"},
        peer_trainer=OK,
    ),
    "programmes:winners": route(
        default=OK, anonymous=OK, kwargs=lambda w: {"year": w["award_year"].year}, methods=READS
    ),
    "programmes:nominate": route(
        default=OK, anonymous=OK, kwargs=lambda w: {"token": w["award_year"].token}, methods=FORM
    ),
    "programmes:nominate-thanks": route(
        default=OK, anonymous=OK, kwargs=lambda w: {"token": w["award_year"].token}, methods=READS
    ),
}
