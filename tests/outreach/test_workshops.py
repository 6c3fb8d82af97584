"""Workshops held: at most 45 minutes, a headcount and never a name, each ward's team lead sees and
records only their own wards, and the centre sees every ward by month."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tests.outreach.factories import hold, make_activity, make_workshop
from tests.teams.factories import make_lead, make_team
from warp.outreach import services
from warp.outreach.forms import HeldWorkshopForm
from warp.outreach.models import ActivityMeeting, Handout, HeldWorkshop, WorkshopComment
from warp.teams.models import Team

BASE = 2  # every signed-in page: the session and the user


@pytest.fixture
def wards(personas):
    own = make_team(name="Hillside Ward", leads=[personas["team_lead"]])
    other = make_team(name="Crisis House", leads=[make_lead()])
    return own, other


def _form(team, **data):
    fields = {
        "team": team.pk,
        "workshop": make_workshop().pk,
        "held_on": "2026-03-10",
        "minutes": "45",
        "attendees": "6",
        "peer_facilitators": "1",
        "clinical_facilitators": "1",
    }
    return HeldWorkshopForm(fields | data, teams=Team.objects.all())


@pytest.mark.django_db
def test_a_workshop_of_45_minutes_is_accepted_and_46_is_refused_kindly_everywhere(wards):
    own, _ = wards
    assert _form(own).is_valid()
    form = _form(own, minutes="46")
    assert not form.is_valid()
    assert "at most 45 minutes" in form.errors["minutes"][0] and "course" in form.errors["minutes"][0]
    with pytest.raises(ValidationError) as refused:
        hold(own, minutes=46)
    assert "at most 45 minutes" in str(refused.value)
    with pytest.raises(ValidationError):
        make_workshop("Too long", minutes=60)
    held = hold(own, minutes=45)
    with pytest.raises(IntegrityError), transaction.atomic():  # the database holds the rule too
        HeldWorkshop.objects.filter(pk=held.pk).update(minutes=46)


@pytest.mark.django_db
def test_a_workshop_held_keeps_a_headcount_and_no_one_who_came_by_name(wards):
    own, _ = wards
    held = hold(own, attendees=9)
    names = {field.name for field in HeldWorkshop._meta.get_fields()}
    assert "attendees" in names and held.attendees == 9
    # Nothing links a workshop held to a student or an account of someone who came.
    related = {
        field.related_model._meta.label for field in HeldWorkshop._meta.get_fields() if field.is_relation
    }
    # prospectus.Session: only for a workshop converted from an old course run's session (convert_workshop_
    # runs), so it is counted once; the workshop copies the register's count, never who was on it.
    assert related == {
        "teams.Team",
        "outreach.Workshop",
        "accounts.User",
        "outreach.WorkshopComment",
        "prospectus.Session",
    }
    assert not any(
        field.related_model._meta.label in ("students.Student", "bookings.Booking", "bookings.Attendance")
        for field in HeldWorkshop._meta.get_fields()
        if field.is_relation
    )
    assert "name" not in " ".join(name for name in _form(own).fields if name != "facilitated_by")


@pytest.mark.django_db
def test_the_same_workshop_on_the_same_day_cannot_be_recorded_twice(wards):
    own, _ = wards
    workshop = make_workshop()
    hold(own, workshop=workshop)
    with pytest.raises(ValidationError) as refused:
        hold(own, workshop=workshop)
    assert "already recorded" in refused.value.message_dict["held_on"][0]


@pytest.mark.django_db
def test_co_facilitated_means_at_least_one_peer_and_one_clinical_facilitator(wards):
    own, _ = wards
    both, peer_only, clinical_only = hold(own), hold(own, clinical=0), hold(own, peer=0)
    assert list(HeldWorkshop.objects.co_facilitated()) == [both]
    assert (both.is_co_facilitated, peer_only.is_co_facilitated, clinical_only.is_co_facilitated) == (
        True,
        False,
        False,
    )


@pytest.mark.django_db
def test_a_team_lead_records_a_workshop_for_their_ward_and_cannot_for_another(wards, client_for):
    own, other = wards
    workshop = make_workshop("Introduction to Recovery")
    client = client_for("team_lead")
    data = {
        "workshop": workshop.pk,
        "held_on": "2026-03-10",
        "minutes": "40",
        "attendees": "7",
        "peer_facilitators": "1",
        "clinical_facilitators": "1",
    }
    refused = client.post(reverse("outreach:held-create"), data | {"team": other.pk})
    assert refused.status_code == 200 and not HeldWorkshop.objects.exists()
    assert "7" in refused.content.decode()  # what was typed is shown back
    response = client.post(reverse("outreach:held-create"), data | {"team": own.pk})
    held = HeldWorkshop.objects.get()
    assert response.url == reverse("outreach:held-detail", args=[held.pk])
    assert (held.team, held.attendees, held.minutes) == (own, 7, 40)


@pytest.mark.django_db
def test_a_too_long_workshop_typed_in_is_refused_with_what_was_typed_kept(wards, client_for):
    own, _ = wards
    client = client_for("team_lead")
    response = client.post(
        reverse("outreach:held-create"),
        {
            "team": own.pk,
            "workshop": make_workshop().pk,
            "held_on": "2026-03-10",
            "minutes": "60",
            "attendees": "13",
            "peer_facilitators": "1",
            "clinical_facilitators": "1",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "at most 45 minutes" in page and 'value="13"' in page
    assert not HeldWorkshop.objects.exists()


@pytest.mark.django_db
def test_the_team_lead_sees_only_their_wards_and_the_centre_sees_every_ward_by_month(wards, client_for):
    own, other = wards
    hold(own, held_on=date(2026, 3, 2), attendees=5)
    hold(own, held_on=date(2026, 3, 20), attendees=4, clinical=0)
    hold(own, held_on=date(2026, 4, 1), attendees=6)
    hold(other, held_on=date(2026, 3, 5), attendees=11)
    lead_page = client_for("team_lead").get(reverse("outreach:workshops"))
    months = [
        (r.team, r.month.strftime("%Y-%m"), r.sessions, r.attendances, r.co_facilitated)
        for r in lead_page.context["months"]
    ]
    assert months == [("Hillside Ward", "2026-04", 1, 6, 1), ("Hillside Ward", "2026-03", 2, 9, 1)]
    assert "Crisis House" not in lead_page.content.decode()
    centre = client_for("centre_manager").get(reverse("outreach:workshops"))
    assert [(r.team, r.sessions) for r in centre.context["months"]] == [
        ("Crisis House", 1),
        ("Hillside Ward", 1),
        ("Hillside Ward", 2),
    ]
    totals = centre.context["totals"]
    assert (totals.sessions, totals.attendances, totals.co_facilitated, totals.settings) == (4, 26, 3, 2)


@pytest.mark.django_db
def test_feedback_is_kept_unnamed_with_consent_to_quote(wards, client_for):
    own, _ = wards
    held = hold(own)
    client = client_for("team_lead")
    client.post(
        reverse("outreach:held-detail", args=[held.pk]), {"text": "It helped me breathe.", "may_quote": "on"}
    )
    client.post(reverse("outreach:held-detail", args=[held.pk]), {"text": "Too short."})
    assert list(WorkshopComment.objects.values_list("text", "may_quote")) == [
        ("It helped me breathe.", True),
        ("Too short.", False),
    ]


@pytest.mark.django_db
def test_the_library_keeps_handouts_that_team_leads_may_download_but_not_add(wards, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    workshop = make_workshop("Distress Tolerance")
    manager = client_for("centre_manager")
    upload = SimpleUploadedFile("breathing.pdf", b"%PDF-1.4 breathe", content_type="application/pdf")
    manager.post(reverse("outreach:library-detail", args=[workshop.pk]), {"kind": "exercise", "file": upload})
    handout = Handout.objects.get()
    assert (handout.filename, handout.kind, handout.size) == ("breathing.pdf", "exercise", 16)
    lead = client_for("team_lead")
    download = lead.get(reverse("outreach:handout-download", args=[handout.pk]))
    assert download.status_code == 200 and download.content == b"%PDF-1.4 breathe"
    again = SimpleUploadedFile("other.pdf", b"x", content_type="application/pdf")
    refused = lead.post(
        reverse("outreach:library-detail", args=[workshop.pk]), {"kind": "handout", "file": again}
    )
    assert refused.status_code == 403 and Handout.objects.count() == 1


@pytest.mark.django_db
def test_an_open_access_group_records_a_headcount_per_meeting(client_for):
    activity = make_activity("Hearing Voices Group")
    client = client_for("partnership_lead")
    url = reverse("outreach:activity-detail", args=[activity.pk])
    client.post(url, {"met_on": "2026-02-02", "attendees": "8", "facilitators": "2"})
    twice = client.post(url, {"met_on": "2026-02-02", "attendees": "9", "facilitators": "2"})
    assert "already recorded" in twice.content.decode()
    assert list(ActivityMeeting.objects.values_list("attendees", "facilitators")) == [(8, 2)]


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [2, 20])
def test_workshop_pages_make_a_bounded_number_of_queries(
    rows, wards, client_for, django_assert_max_num_queries
):
    own, other = wards
    workshop = make_workshop()
    for n in range(rows):
        hold(own if n % 2 else other, workshop=workshop, held_on=date(2026, 1 + n % 12, 1 + n // 12))
        services.activity_meeting_record(
            activity=make_activity(), met_on=date(2026, 1, 1), attendees=n, facilitators=1
        )
    client = client_for("centre_manager")
    # totals, by ward and month, the newest workshops with their wards and workshops
    with django_assert_max_num_queries(BASE + 3):
        assert client.get(reverse("outreach:workshops")).status_code == 200
    # the workshops with times held and files counted
    with django_assert_max_num_queries(BASE + 1):
        assert client.get(reverse("outreach:library")).status_code == 200
    # the activities with meetings and attendances
    with django_assert_max_num_queries(BASE + 1):
        assert client.get(reverse("outreach:activities")).status_code == 200
    held = HeldWorkshop.objects.first()
    # the workshop held with its ward and workshop, its comments
    with django_assert_max_num_queries(BASE + 2):
        assert client.get(reverse("outreach:held-detail", args=[held.pk])).status_code == 200
    # the workshop, its files (without their contents)
    with django_assert_max_num_queries(BASE + 2):
        assert client.get(reverse("outreach:library-detail", args=[workshop.pk])).status_code == 200


@pytest.mark.django_db
def test_an_uploaded_page_is_downloaded_as_plain_bytes_never_as_a_page(client_for):
    workshop = make_workshop()
    handout = services.handout_add(
        workshop=workshop,
        kind="handout",
        filename="x.html",
        content_type="text/html",
        data=b"<script>alert(1)</script>",
        by=None,
    )
    response = client_for("team_lead").get(reverse("outreach:handout-download", args=[handout.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.django_db
def test_a_workshop_or_group_meeting_still_to_come_is_refused_kindly_with_what_was_typed_kept(
    wards, client_for
):
    own, _ = wards
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert _form(own, held_on=timezone.localdate().isoformat()).is_valid()
    form = _form(own, held_on=tomorrow, attendees="11")
    assert not form.is_valid() and "still to come" in form.errors["held_on"][0]
    activity = make_activity("Hearing Voices Group")
    client = client_for("partnership_lead")
    url = reverse("outreach:activity-detail", args=[activity.pk])
    response = client.post(url, {"met_on": tomorrow, "attendees": "8", "facilitators": "2"})
    page = response.content.decode()
    assert "still to come" in page and 'value="8"' in page
    assert not ActivityMeeting.objects.exists()
