"""The report by level: the courses section split into REC courses, intensive and other, and the
workshops, activities and cohorts sections, checked against hand counts (both period dates included)."""

import csv
import io
import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.evaluation.test_courses_and_feedback_sections import A, P, _book_and_mark
from tests.factories import make_course, make_run, make_student
from tests.outreach.factories import hold, make_activity, make_workshop
from tests.teams.factories import make_team
from warp.bookings.services import referral_record
from warp.evaluation.disclosure import DisclosureRule, for_commissioners
from warp.evaluation.exports import report_csv
from warp.evaluation.queries import evaluation_report
from warp.outreach.services import activity_meeting_record
from warp.prospectus.models import Course, Level
from warp.students.services import learning_plan_agree

pytestmark = pytest.mark.django_db
START, END = date(2025, 1, 1), date(2025, 1, 31)


@pytest.fixture
def outreach():
    ward_a, ward_b = make_team(name="Ward A"), make_team(name="Ward B")
    intro = make_workshop("Introduction to Recovery")
    hold(ward_a, workshop=intro, held_on=START, attendees=5, peer=1, clinical=1)  # the first day counts
    hold(ward_a, workshop=intro, held_on=END, attendees=3, peer=1, clinical=0)  # the last day counts
    hold(ward_b, workshop=intro, held_on=date(2025, 1, 15), attendees=7, peer=2, clinical=1)
    hold(ward_b, workshop=intro, held_on=START - timedelta(days=1), attendees=100)  # before
    hold(make_team(name="Ward C"), workshop=intro, held_on=END + timedelta(days=1), attendees=100)  # after
    group, drop_in = make_activity("Hearing Voices Group"), make_activity("Friday Drop-in", kind="drop_in")
    for day, attendees in ((START, 4), (date(2025, 1, 20), 6), (END + timedelta(days=1), 50)):
        activity_meeting_record(activity=group, met_on=day, attendees=attendees, facilitators=2)
    activity_meeting_record(activity=drop_in, met_on=END, attendees=0, facilitators=1)


def test_workshops_match_a_hand_count(outreach):
    workshops = evaluation_report(start=START, end=END).workshops
    # 3 workshops in January: 5 + 3 + 7 people; 2 wards; 2 of 3 had a peer and a clinical facilitator.
    assert (workshops.sessions, workshops.attendances, workshops.settings) == (3, 15, 2)
    assert workshops.co_facilitated_percent == 66.7
    assert [(r.label, r.sessions, r.attendances) for r in workshops.by_setting] == [
        ("Ward A", 2, 8),
        ("Ward B", 1, 7),
    ]


def test_activities_match_a_hand_count(outreach):
    activities = evaluation_report(start=START, end=END).activities
    assert (activities.meetings, activities.attendances) == (3, 10)
    assert [(r.label, r.meetings, r.attendances) for r in activities.by_activity] == [
        ("Friday Drop-in", 1, 0),
        ("Hearing Voices Group", 2, 10),
    ]


def test_a_period_with_no_workshops_has_no_percentage():
    workshops = evaluation_report(start=START, end=END).workshops
    assert (workshops.sessions, workshops.attendances, workshops.co_facilitated_percent) == (0, 0, None)


def test_the_json_workshops_key_has_exactly_the_issues_shape(outreach, client_for):
    client = client_for("centre_manager")
    data = json.loads(client.get(reverse("evaluation:report-json"), {"start": START, "end": END}).content)
    assert data["workshops"] == {
        "sessions": 3,
        "attendances": 15,
        "settings": 2,
        "co_facilitated_percent": 66.7,
        "by_setting": [
            {"label": "Ward A", "sessions": 2, "attendances": 8},
            {"label": "Ward B", "sessions": 1, "attendances": 7},
        ],
    }
    assert data["activities"]["by_activity"][1] == {
        "label": "Hearing Voices Group",
        "meetings": 2,
        "attendances": 10,
    }
    page = client.get(reverse("evaluation:report"), {"start": START, "end": END}).content.decode()
    assert "Recovery Skills Workshops" in page and "Ward A" in page and "66.7%" in page


def test_the_csv_has_a_row_for_each_workshop_figure(outreach):
    rows = list(csv.DictReader(io.StringIO(report_csv(evaluation_report(start=START, end=END)))))
    found = {(r["section"], r["measure"], r["group"]): r["value"] for r in rows}
    assert found[("workshops", "attendances", "")] == "15"
    assert found[("workshops.by_setting", "sessions", "Ward A")] == "2"
    assert found[("activities.by_activity", "attendances", "Hearing Voices Group")] == "10"


def test_commissioners_get_the_workshops_suppressed(outreach):
    safe = for_commissioners(evaluation_report(start=START, end=END), DisclosureRule(threshold=7, base=5))
    workshops = safe.workshops
    # 3 workshops and 2 wards are small numbers; 15 attendances round to 15; 3 workshops is too few for a %.
    assert (workshops.sessions, workshops.settings, workshops.attendances) == ("*", "*", 15)
    assert workshops.co_facilitated_percent == "*"
    # Ward A's 8 people round to 10; Ward B's 7 are a small number.
    assert [(r.sessions, r.attendances) for r in workshops.by_setting] == [("*", 10), ("*", "*")]
    assert (safe.activities.meetings, safe.activities.attendances) == ("*", 10)


def test_courses_are_split_by_level_and_intensive_runs_are_the_cohorts(personas):
    trainer = personas["peer_trainer"]
    today = timezone.localdate()
    rec = make_run(course=make_course("Understanding Depression"), session_days=[-10, -3])
    _book_and_mark(rec, [[P, P], [A, A]], trainer)
    cohort = make_run(course=make_course("Engaging with Life", level=Level.INTENSIVE), session_days=[-9, -2])
    _book_and_mark(cohort, [[P, P], [P, A], [P, P]], trainer)
    referred = make_student()
    learning_plan_agree(student=referred, agreed_by=personas["admissions_tutor"], hopes_and_goals="To cope.")
    referral_record(
        student=referred,
        course_run=cohort,
        route="referral",
        referring_team=make_team(name="Poole CMHT"),
        referred_by="Their care coordinator",
        referred_on=today - timedelta(days=20),
        reason="Low motivation since leaving hospital.",
        person_agreed=True,
        share_progress_with_team=False,
        by=personas["admissions_tutor"],
    )
    old_workshop = make_run(course=make_course("Ward Skills"), session_days=[-8])
    _book_and_mark(old_workshop, [[P]], trainer)
    # Labelled a skills workshop after it was booked, as runs were before workshops were kept on their own.
    Course.objects.filter(pk=old_workshop.course_id).update(level=Level.SKILLS_WORKSHOP)
    report = evaluation_report(start=today - timedelta(days=30), end=today)
    levels = {row.label: (row.booked, row.started, row.completed) for row in report.courses.by_level}
    # completed = came to at least half the sessions: 1 of 2 on the REC course, all 3 in the cohort
    # the referred person holds a place but has not come yet
    assert levels == {"REC courses": (2, 1, 1), "Intensive": (4, 3, 3), "Other": (1, 1, 1)}
    cohorts = report.cohorts
    assert (cohorts.cohorts, cohorts.referrals, cohorts.participants, cohorts.completed) == (1, 1, 4, 3)
    assert cohorts.before_after == []  # no questionnaires: nothing to pair (see test_cohort_before_after.py)
