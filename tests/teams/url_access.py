"""Who gets what from every teams URL.

Team pages: team leads for their own teams (404 for another team's), the partnership lead and
administrators for all; centre managers read but change nothing (403 on forms); commissioners only the
summaries page; everyone else 403. A rater link works for anyone, once, without signing in.
"""

from datetime import date

from tests.teams import factories
from tests.url_access import FORBIDDEN, FORM, NOT_FOUND, OK, READS, only, route
from warp.teams import services
from warp.teams.models import Challenge

EDITORS = ("team_lead", "partnership_lead", "administrator")
READERS = (*EDITORS, "centre_manager")
MANAGERS = ("partnership_lead", "administrator")
PARTNERSHIP = (*MANAGERS, "centre_manager")


def world(built):
    personas = built["personas"]
    own = factories.make_team(name="Hillside Ward", leads=[personas["team_lead"]])
    other = factories.make_team(name="Poole CMHT", leads=[factories.make_lead()])
    own_round = factories.make_round(own, responses=[(factories.STAFF, 3)])
    other_round = factories.make_round(other, responses=[(factories.PERSON, 2)])
    link = services.rater_links_create(round=own_round, count=1)[0]
    area = services.focus_area_create(round=own_round, criterion=factories.criteria()[0])
    other_area = services.focus_area_create(round=other_round, criterion=factories.criteria()[0])
    action = services.pdsa_action_create(focus_area=area, title="Ask", owner="Jo", due_on=date(2026, 3, 1))
    other_action = services.pdsa_action_create(
        focus_area=other_area, title="Ask", owner="Jo", due_on=date(2026, 3, 1)
    )
    item = services.work_item_create(team=own, kind="project_plan", summary="Project plan")
    project = services.project_create(
        name="Personal health budgets pilot", kind="personal_health_budgets", summary="A pilot"
    )
    care = services.care_assessment_save(team=own, year=2026, ratings=factories.care_ratings())
    other_care = services.care_assessment_save(team=other, year=2026, ratings=factories.care_ratings())
    exercise = services.exercise_create(title="Carers' workshop", held_on=date(2026, 1, 23))
    services.priority_area_create(exercise=exercise, name="Rapport with the care team")
    challenge = Challenge.objects.get(number=1)
    challenge_action = services.challenge_action_create(challenge=challenge, title="Campaign", owner="Tom")
    return {
        "team": own,
        "other_team": other,
        "round": own_round,
        "other_round": other_round,
        "link": link,
        "area": area,
        "other_area": other_area,
        "action": action,
        "other_action": other_action,
        "item": item,
        "project": project,
        "care": care,
        "other_care": other_care,
        "exercise": exercise,
        "challenge": challenge,
        "challenge_action": challenge_action,
    }


def _pk(key):
    return lambda w: {"pk": w[key].pk}


def _team_pk(key):
    return lambda w: {"team_pk": w[key].pk}


# Another team's record: the team lead gets 404; those who see all teams see it.
def _others(allowed_roles, key, **kw):
    return only(allowed_roles, kwargs=_pk(key), team_lead=NOT_FOUND, **kw)


ROUTES = {
    "teams:team-list": only(READERS, methods=READS),
    "teams:team-create": only(MANAGERS, methods=FORM),
    "teams:reviews-due": only(READERS, methods=READS),
    "teams:summaries": only(("commissioner", *PARTNERSHIP), methods=READS),
    "teams:team-detail": only(READERS, kwargs=_pk("team"), methods=READS),
    "teams:team-edit": only(MANAGERS, kwargs=_pk("team"), methods=FORM),
    "teams:team-history": only(READERS, kwargs=_pk("team"), methods=READS),
    "teams:round-create": only(EDITORS, kwargs=_team_pk("team"), methods=FORM),
    "teams:round-detail": only(READERS, kwargs=_pk("round"), methods=READS),
    "teams:round-edit": only(EDITORS, kwargs=_pk("round"), methods=FORM),
    "teams:round-poster": only(READERS, kwargs=_pk("round"), methods=READS),
    "teams:response-add": only(EDITORS, kwargs=_pk("round"), methods=FORM),
    "teams:links": only(EDITORS, kwargs=_pk("round"), methods=FORM),
    "teams:focus-create": only(EDITORS, kwargs=_pk("round"), methods=FORM),
    "teams:focus-detail": only(READERS, kwargs=_pk("area"), methods=READS),
    "teams:action-create": only(EDITORS, kwargs=_pk("area"), methods=FORM),
    "teams:action-edit": only(EDITORS, kwargs=_pk("action"), methods=FORM),
    # No account needed: the token is the key. Anyone may open an unused link.
    "teams:rate": route(default=OK, anonymous=OK, kwargs=lambda w: {"token": w["link"].token}, methods=FORM),
    "teams:register": only(PARTNERSHIP, methods=READS),
    "teams:register-pdf": only(PARTNERSHIP, methods=READS),
    "teams:register-csv": only(PARTNERSHIP, methods=READS),
    "teams:work-create": only(MANAGERS, methods=FORM),
    "teams:work-edit": only(MANAGERS, kwargs=_pk("item"), methods=FORM),
    "teams:project-create": only(MANAGERS, methods=FORM),
    "teams:project-edit": only(MANAGERS, kwargs=_pk("project"), methods=FORM),
    "teams:care-create": only(EDITORS, kwargs=_team_pk("team"), methods=FORM),
    # An audit is by someone from outside the team: the partnership records it, never the team's lead.
    "teams:care-audit-create": only(MANAGERS, kwargs=_team_pk("team"), methods=FORM),
    "teams:care-detail": only(READERS, kwargs=_pk("care"), methods=READS),
    "teams:care-edit": only(EDITORS, kwargs=_pk("care"), methods=FORM),
    "teams:care-summary": only(PARTNERSHIP, methods=READS),
    # Centre managers read the carers' page; changing an exercise is for those who manage every team.
    "teams:carers": only(PARTNERSHIP, methods=READS),
    "teams:problem-add": only(MANAGERS, kwargs=_pk("exercise"), methods=FORM),
    "teams:top-three": only(MANAGERS, kwargs=_pk("exercise"), methods=FORM),
    "teams:conclusions": only(MANAGERS, kwargs=_pk("exercise"), methods=FORM),
    "teams:exercise-create": only(MANAGERS, methods=FORM),
    "teams:exercise-detail": only(PARTNERSHIP, kwargs=_pk("exercise"), methods=READS),
    "teams:participant-add": only(MANAGERS, kwargs=_pk("exercise"), methods=FORM),
    "teams:area-add": only(MANAGERS, kwargs=_pk("exercise"), methods=FORM),
    "teams:progress-add": only(MANAGERS, kwargs=_pk("exercise"), methods=FORM),
    "teams:strategy": only(PARTNERSHIP, methods=READS),
    "teams:challenge-action-create": only(MANAGERS, kwargs=_pk("challenge"), methods=FORM),
    "teams:challenge-action-edit": only(MANAGERS, kwargs=_pk("challenge_action"), methods=FORM),
}

FORBIDDEN_FOR_OTHERS = FORBIDDEN  # re-exported for readers of this table
