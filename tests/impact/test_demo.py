import random
from datetime import date

import pytest

from warp.demo import DemoContext
from warp.demo import impact as demo_impact
from warp.impact.models import CoproductionWorkshop, ImpactEntry, ImpactKind, ImpactPerson, WorkshopComment
from warp.impact.queries import workshop_summary
from warp.teams.models import PartnershipProject
from warp.teams.queries import work_register

# The source report's own people: the demo invents its own.
REAL_PEOPLE = ["Phil Morgan", "Becky Aldridge", "Rick Dyer", "Sarah Rose", "Julie Repper"]


@pytest.mark.django_db
def test_demo_impact_has_every_kind_workshops_with_themed_comments_and_projects_all_invented():
    demo_impact.build(DemoContext(rng=random.Random(2012), today=date(2026, 6, 1)))
    kinds = set(ImpactEntry.objects.values_list("kind", flat=True))
    assert kinds == set(ImpactKind.values)
    assert set(
        ImpactEntry.objects.filter(kind="publication").values_list("publication_status", flat=True)
    ) == {
        "in_preparation",
        "submitted",
        "published",
    }
    assert CoproductionWorkshop.objects.count() == 2
    summary = workshop_summary()
    assert summary.total == WorkshopComment.objects.count() == 10 and len(summary.localities) == 2
    assert PartnershipProject.objects.count() == 6
    assert len(work_register()) == 6  # no teams in this build: one section per project kind
    names = set(ImpactPerson.objects.values_list("name", flat=True))
    assert not names & set(REAL_PEOPLE)
    for entry in ImpactEntry.objects.all():
        assert not any(person in f"{entry.title} {entry.reference}" for person in REAL_PEOPLE)
