"""The staff network's privacy rule: membership is a disclosure.

Only the network's coordinators see who is a member; every other role, administrators included, gets
counts only; every look at the member list is written to the audit log; a member who leaves is deleted,
leaving only a count; a buddy pair is seen only by the two buddies and the coordinators."""

from datetime import date

import pytest
from django.urls import reverse

from tests.personas import ROLE_KEYS, sign_in_fully
from tests.programmes import factories
from warp.audit.models import AuditEntry
from warp.programmes.access import the_network
from warp.programmes.models import BuddyPair, Membership
from warp.programmes.services import network as services

SIGNED_IN = [key for key in ROLE_KEYS if key != "anonymous"]


@pytest.fixture
def net(personas):
    """Two members with hidden names, a coordinator (not a member) named by the administrator."""
    the = the_network()
    coordinator = factories.make_staff("Coral")
    services.coordinators_set(network=the, users=[coordinator], by=personas["administrator"])
    first = factories.join(the, factories.make_staff("Quillon"))
    second = factories.join(the, factories.make_staff("Marisol"))
    services.buddy_pair_create(network=the, first=first, second=second, on=date(2026, 2, 2))
    return {"network": the, "coordinator": coordinator, "first": first, "second": second}


def _looks(network) -> int:
    return AuditEntry.objects.filter(
        model="programmes.Network", object_id=str(network.pk), action="view"
    ).count()


@pytest.mark.parametrize("role", SIGNED_IN)
def test_every_role_but_a_coordinator_sees_counts_and_never_a_members_name(role, net, client_for):
    client = client_for(role)
    page = client.get(reverse("programmes:network"))
    # Not the centre's staff: students, outsiders, and a network of centres' coordinator (a hub's reader).
    if role in ("student", "outsider", "network_coordinator"):
        assert page.status_code == 403
    else:
        assert page.status_code == 200
        html = page.content.decode()
        assert "Quillon" not in html and "Marisol" not in html
        assert page.context["counts"].members == 2
    members = client.get(reverse("programmes:network-members"))
    assert members.status_code == 403
    assert _looks(net["network"]) == 0


def test_administrators_get_counts_only_even_though_they_name_the_coordinators(net, client_for):
    client = client_for("administrator")
    assert client.get(reverse("programmes:network-members")).status_code == 403
    page = client.get(reverse("programmes:network")).content.decode()
    assert "Choose the network&#x27;s coordinators" in page or "Choose the network's coordinators" in page
    assert "Quillon" not in page


def test_a_coordinator_sees_who_is_a_member_and_each_look_is_audited(net, client):
    sign_in_fully(client, net["coordinator"])
    for expected_looks in (1, 2):
        page = client.get(reverse("programmes:network-members"))
        assert page.status_code == 200
        html = page.content.decode()
        assert "Quillon" in html and "Marisol" in html
        assert _looks(net["network"]) == expected_looks
    entry = AuditEntry.objects.filter(model="programmes.Network", action="view").latest("pk")
    assert entry.user_id == net["coordinator"].pk
    assert "Quillon" not in entry.note  # the log says who looked, never the list


def test_a_coordinator_who_is_removed_loses_the_list(net, client, personas):
    services.coordinators_set(network=net["network"], users=[], by=personas["administrator"])
    sign_in_fully(client, net["coordinator"])
    assert client.get(reverse("programmes:network-members")).status_code == 403


def test_members_join_and_leave_themselves_and_leaving_keeps_only_a_count(net, client, personas):
    user = personas["peer_trainer"]
    sign_in_fully(client, user)
    assert client.post(reverse("programmes:network-join")).status_code == 302
    assert Membership.objects.filter(user=user).exists()
    assert client.post(reverse("programmes:network-leave")).status_code == 302
    assert not Membership.objects.filter(user=user).exists()
    net["network"].refresh_from_db()
    assert net["network"].left_count == 1
    assert Membership.objects.count() == 2


def test_leaving_ends_the_buddy_pairing_too(net):
    services.network_leave(network=net["network"], user=net["first"].user)
    assert not BuddyPair.objects.exists()


def test_a_buddy_pair_is_seen_by_the_two_buddies_only(net, client, personas):
    first, second = net["first"].user, net["second"].user
    sign_in_fully(client, first)
    assert second.get_full_name() in client.get(reverse("programmes:network")).content.decode()
    sign_in_fully(client, second)
    assert first.get_full_name() in client.get(reverse("programmes:network")).content.decode()
    outsider_member = factories.join(net["network"], factories.make_staff("Tamsin")).user
    sign_in_fully(client, outsider_member)
    html = client.get(reverse("programmes:network")).content.decode()
    assert first.get_full_name() not in html and second.get_full_name() not in html


def test_only_an_administrator_names_the_coordinators(net, client_for, personas):
    assert client_for("partnership_lead").get(reverse("programmes:network-coordinators")).status_code == 403
    client = client_for("administrator")
    response = client.post(
        reverse("programmes:network-coordinators"), {"coordinators": [personas["team_lead"].pk]}
    )
    assert response.status_code == 302
    assert list(net["network"].coordinators.all()) == [personas["team_lead"]]
    assert AuditEntry.objects.filter(model="programmes.Network", action="change").exists()


def test_the_counts_page_makes_the_same_queries_however_many_members(
    net, client_for, django_assert_max_num_queries
):
    for n in range(15):
        factories.join(net["network"], factories.make_staff(f"Member{n}"))
    client = client_for("administrator")
    # session, user; the network; counts: members, meetings, actions by state; the actions; is a member;
    # own buddy pairs; is a coordinator; the menu's own queries
    with django_assert_max_num_queries(12):
        assert client.get(reverse("programmes:network")).status_code == 200


def test_the_member_list_makes_the_same_queries_however_many_members(
    net, client, django_assert_max_num_queries
):
    for n in range(15):
        factories.join(net["network"], factories.make_staff(f"Member{n}"))
    sign_in_fully(client, net["coordinator"])
    # session, user; the network and the coordinator check (twice: the door and the getter); the members
    # with their accounts; the audit entry; the buddy pairs with both accounts
    with django_assert_max_num_queries(10):
        assert client.get(reverse("programmes:network-members")).status_code == 200


def test_a_commissioner_sees_the_networks_small_numbers_suppressed(net, client_for):
    page = client_for("commissioner").get(reverse("programmes:network"))
    assert page.status_code == 200
    assert page.context["people"] == {"members": "*", "left": 0, "attendance": 0}
    html = page.content.decode()
    assert "Counts from 1 to 7 are shown as *" in html
    # Staff (not commissioners) still read the network's exact numbers.
    assert client_for("admissions_tutor").get(reverse("programmes:network")).context["people"]["members"] == 2
