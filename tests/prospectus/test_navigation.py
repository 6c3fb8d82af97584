import pytest

from warp.core.navigation import items_for


@pytest.mark.django_db
def test_everyone_signed_in_sees_the_prospectus_and_managers_see_the_planning_pages(personas):
    for key, user in personas.items():
        labels = [item["label"] for item in items_for(user)]
        assert "Prospectus" in labels, key
        planning = {"Courses", "Terms and runs", "Venues"} <= set(labels)
        assert planning == (key in ("centre_manager", "administrator")), key
