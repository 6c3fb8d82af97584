"""API tokens: made by an administrator (page or command line), shown once, stored hashed, expiring,
revocable, acting as one person in their usual role, audited on every use, throttled per token."""

from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.api.helpers import api_client, token_for
from warp.accounts.services import user_disable
from warp.api.models import ApiToken
from warp.audit.models import AuditEntry
from warp.cli import main

PROSPECTUS = "/api/v1/prospectus/"


@pytest.mark.django_db
def test_the_command_prints_a_working_token_once_on_its_last_line(personas, capsys):
    code = main(
        ["api", "token", "create", "--user", "Manager@Example.org", "--name", "Power BI", "--days", "30"]
    )

    lines = capsys.readouterr().out.strip().splitlines()
    assert code == 0
    plain = lines[-1]
    assert plain.startswith("warp_") and len(plain) > 40
    token = ApiToken.objects.get()
    assert token.user == personas["centre_manager"] and token.name == "Power BI"
    assert token.expires_at - token.created_at == timedelta(days=30)
    # Only its hash is kept: the token itself is in no column.
    assert plain not in {
        str(value)
        for value in ApiToken.objects.values_list(*[f.attname for f in ApiToken._meta.fields]).get()
    }
    assert api_client(plain=plain).get("/api/v1/reports/term/999/").status_code == 404  # let in, no such term


@pytest.mark.django_db
def test_the_command_says_what_to_do_for_an_unknown_account_and_makes_nothing(personas, capsys):
    code = main(["api", "token", "create", "--user", "nobody@example.org", "--name", "Power BI"])

    assert code == 2
    assert "No account has the email address nobody@example.org" in capsys.readouterr().out
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_the_command_refuses_more_than_a_year(personas, capsys):
    code = main(["api", "token", "create", "--user", "manager@example.org", "--name", "BI", "--days", "400"])

    assert code == 2
    assert "Choose from 1 to 366 days." in capsys.readouterr().out
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer warp_not-a-real-token", "Token warp_x", "Bearer a b", "Bearer caf\u00e9"],
)
def test_a_missing_or_wrong_token_gets_401_with_how_to_send_one(personas, header):
    token_for(personas["centre_manager"])
    client = Client(HTTP_AUTHORIZATION=header.encode("utf-8").decode("latin-1")) if header else Client()

    response = client.get(PROSPECTUS)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "Authorization: Bearer TOKEN" in response.json()["detail"]


@pytest.mark.django_db
def test_an_expired_token_gets_401(personas):
    plain = token_for(personas["centre_manager"], days=1)
    assert api_client(plain=plain).get(PROSPECTUS).status_code == 200

    later = timezone.now() + timedelta(days=1, seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):  # the clock: the outside world
        assert api_client(plain=plain).get(PROSPECTUS).status_code == 401


@pytest.mark.django_db
def test_a_token_revoked_on_the_tokens_page_stops_working_at_once(personas, client_for):
    plain = token_for(personas["centre_manager"])
    token = ApiToken.objects.get()

    response = client_for("administrator").post(reverse("api:token-revoke", args=[token.pk]))

    assert response.status_code == 302
    assert api_client(plain=plain).get(PROSPECTUS).status_code == 401
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.filter(model="api.ApiToken", object_id=str(token.pk), action="change").exists()


@pytest.mark.django_db
def test_switching_an_account_off_stops_its_tokens(personas):
    plain = token_for(personas["centre_manager"])

    user_disable(user=personas["centre_manager"], by=personas["administrator"])

    assert api_client(plain=plain).get(PROSPECTUS).status_code == 401


@pytest.mark.django_db
def test_every_use_of_a_token_is_audited_as_its_person_with_the_address_but_not_the_query(personas):
    plain = token_for(personas["centre_manager"])
    token = ApiToken.objects.get()

    api_client(plain=plain).get("/api/v1/students/?search=Emberly")
    api_client(plain=plain).get(PROSPECTUS)

    uses = AuditEntry.objects.filter(model="api.ApiToken", object_id=str(token.pk), action="view").order_by(
        "pk"
    )
    assert [entry.note for entry in uses] == ["API GET /api/v1/students/", "API GET /api/v1/prospectus/"]
    assert {entry.user_id for entry in uses} == {personas["centre_manager"].pk}
    assert {entry.role for entry in uses} == {"centre_manager"}
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.django_db
def test_a_token_acts_in_its_persons_usual_role_not_another_they_hold(personas):
    from tests.personas import give_role

    give_role(personas["student"], "trainer")  # a student who is also a peer trainer
    client = api_client(personas["student"])

    assert client.get("/api/v1/sessions/").status_code == 403  # the trainer's list: not as a student
    assert client.get(PROSPECTUS).status_code == 200


@pytest.mark.django_db
def test_too_many_requests_from_one_token_get_429_with_retry_after(personas, settings):
    settings.WARP_API_RATE = "2/min"
    busy = api_client(personas["centre_manager"])
    other = api_client(personas["administrator"])

    answers = [busy.get(PROSPECTUS) for _ in range(3)]

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert 0 < int(answers[-1]["Retry-After"]) <= 60
    assert other.get(PROSPECTUS).status_code == 200  # counted per token, not for everyone


@pytest.mark.django_db
def test_an_administrator_makes_a_token_on_the_page_and_sees_it_only_once(personas, client_for):
    client = client_for("administrator")
    form = {"email": "manager@example.org", "name": "Attendance dashboard", "days": "90"}

    made = client.post(reverse("api:token-list"), form)

    assert made.status_code == 200
    plain = made.context["made"]["plain"]
    assert plain in made.content.decode()
    assert api_client(plain=plain).get(PROSPECTUS).status_code == 200
    again = client.get(reverse("api:token-list"))
    assert "Attendance dashboard" in again.content.decode() and plain not in again.content.decode()
    assert AuditEntry.objects.filter(model="api.ApiToken", action="create").count() == 1


@pytest.mark.django_db
def test_the_tokens_page_keeps_what_was_typed_and_says_what_to_do(personas, client_for):
    response = client_for("administrator").post(
        reverse("api:token-list"), {"email": "nobody@example.org", "name": "Dashboard", "days": "0"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "No account has this email address" in page and "Enter at least 1 day." in page
    assert 'value="nobody@example.org"' in page and 'value="Dashboard"' in page
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_the_tokens_page_needs_the_same_queries_for_one_token_or_many(
    personas, client_for, django_assert_max_num_queries
):
    client = client_for("administrator")
    token_for(personas["centre_manager"])
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("api:token-list"))
    for key in ("commissioner", "administrator", "peer_trainer", "partnership_lead"):
        token_for(personas[key])
    # The session and its user, the second-factor check, the menu's roles, the session's "last seen", and
    # one query for every token with its person and maker.
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("api:token-list"))
