import random
from datetime import date, timedelta

import pytest

from warp.demo import DemoContext
from warp.demo import outreach as demo_outreach
from warp.demo import teams as demo_teams
from warp.evaluation.queries import evaluation_report
from warp.outreach.models import Activity, HeldWorkshop


@pytest.mark.django_db
def test_demo_workshops_run_on_several_wards_over_the_last_year_beside_two_open_access_groups():
    today = date(2026, 6, 1)
    context = DemoContext(rng=random.Random(2012), today=today)
    demo_teams.build(context)
    demo_outreach.build(context)
    held = HeldWorkshop.objects.all()
    assert held.values("team").distinct().count() == 4
    assert held.filter(held_on__lt=today - timedelta(days=300)).exists()
    assert not held.filter(minutes__gt=45).exists()
    assert Activity.objects.count() == 2
    workshops = evaluation_report(start=today - timedelta(days=365), end=today).workshops
    assert workshops.sessions == held.count() and workshops.settings == 4
    assert held.values("workshop").distinct().count() == 4  # the library's own workshops, used on the wards
