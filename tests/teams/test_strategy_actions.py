"""Issue 16, item 3: the strategy's ten organisational challenges, each with what it means in practice and
the actions taken, seeded in our own words with owners and states. The report's "Wellbeing and Recovery
Strategy 2012/13" table (lines 666-684) sets them out; the challenges come from ImROC (line 209)."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from warp.teams import seeds
from warp.teams.models import ActionState, Challenge, ChallengeAction

pytestmark = pytest.mark.django_db


def test_every_challenge_is_seeded_with_its_actions_owners_and_states():
    """Lines 666-684: ten challenges, each with at least one action; owners are roles, states are known."""
    challenges = list(Challenge.objects.prefetch_related("actions"))
    assert [c.number for c in challenges] == list(range(1, 11))
    for challenge in challenges:
        actions = list(challenge.actions.all())
        assert actions, f"challenge {challenge.number} has no actions"
        assert [a.title for a in actions] == [t for t, _, _ in seeds.CHALLENGE_ACTIONS[challenge.number]]
        assert all(a.owner and a.state in ActionState.values for a in actions)


def test_the_strategy_page_shows_every_challenge_with_its_actions(client_for):
    """Lines 666-684: the page reads like the strategy's table: each challenge, what it means in practice,
    and under it each of its actions with owner and state, in order."""
    page = client_for("partnership_lead").get(reverse("teams:strategy")).content.decode()
    sections = re.split(r'<h2 class="nhsuk-heading-m">', page)[1:]
    challenges = list(Challenge.objects.order_by("number"))
    assert len(sections) == len(challenges) == 10
    for challenge, section in zip(challenges, sections, strict=True):
        assert section.startswith(f"{challenge.number}. {escape(challenge.name)}</h2>")
        assert escape(challenge.in_practice) in section
        actions = ChallengeAction.objects.filter(challenge=challenge).order_by("pk")
        for action in actions:
            row = section[section.index(escape(action.title)) :]
            assert (
                row.index(escape(action.owner)) < row.index(action.get_state_display()) < row.index("</tr>")
            )


def test_the_seeded_actions_summarise_the_report_rather_than_copy_it():
    """Lines 666-684 in our own words: no seeded action repeats eight words running from the report."""
    from pathlib import Path

    report = Path("/work/shared/reference/wellbeing-and-recovery-partnership-report-2012-14.txt")
    if not report.exists():
        pytest.skip("the source report is not beside this checkout")
    words = re.findall(r"[a-z']+", report.read_text(encoding="utf-8").lower())
    runs = {" ".join(words[i : i + 8]) for i in range(len(words) - 7)}
    for actions in seeds.CHALLENGE_ACTIONS.values():
        for title, _, _ in actions:
            mine = re.findall(r"[a-z']+", title.lower())
            copied = [
                " ".join(mine[i : i + 8]) for i in range(len(mine) - 7) if " ".join(mine[i : i + 8]) in runs
            ]
            assert not copied, f"copied from the report: {copied}"
