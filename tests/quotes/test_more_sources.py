"""Every place that collects words with consent to quote feeds the one library: ward and crisis service
workshop comments, mentoring evaluations and award nominations. For each: consented words appear, words
without consent never do, withdrawing consent through the source's own service takes them out (of the
library and every pick), nobody is named, and the library stays one query."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.outreach.factories import hold
from tests.programmes import factories as programmes
from tests.teams.factories import make_team
from warp.outreach import services as outreach
from warp.programmes.models import EvaluationQuestion, NomineeConsent
from warp.programmes.services import awards, mentoring
from warp.quotes import queries, services
from warp.teams.models import TeamKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(personas):
    return personas["partnership_lead"]


def _rows(source: str) -> list[dict]:
    return list(queries.library(source=source))


def _words(source: str, **filters) -> set[str]:
    return {row["quote_words"] for row in queries.library(source=source, **filters)}


def _one_query(django_assert_num_queries) -> list[dict]:
    with django_assert_num_queries(1):  # the UNION of every source's consented rows, the new ones included
        return list(queries.library())


# Ward and crisis service workshops (warp/outreach) --------------------------------------------------------


@pytest.fixture
def ward_comments():
    ward = hold(make_team(name="Harbour Ward"), held_on=date(2026, 3, 10))
    crisis = hold(make_team(name="Crisis Café", kind=TeamKind.CRISIS_SERVICE), held_on=date(2026, 4, 2))
    return {
        "ward": outreach.workshop_comment_add(
            held=ward, text="The breathing helped me sleep.", may_quote=True
        ),
        "private": outreach.workshop_comment_add(held=ward, text="Keep this between us.", may_quote=False),
        "crisis": outreach.workshop_comment_add(
            held=crisis, text="I felt less alone tonight.", may_quote=True
        ),
    }


def test_ward_comments_with_consent_are_in_the_library_by_setting_never_by_name(
    ward_comments, django_assert_num_queries
):
    rows = {row["quote_words"]: row for row in _one_query(django_assert_num_queries)}
    assert _words("ward") == {"The breathing helped me sleep.", "I felt less alone tonight."}
    assert "Keep this between us." not in rows
    ward, crisis = rows["The breathing helped me sleep."], rows["I felt less alone tonight."]
    assert (ward["quote_by"], ward["quote_where"]) == ("a ward attendee", "A skills workshop on Harbour Ward")
    assert (crisis["quote_by"], crisis["quote_where"]) == (
        "someone at a crisis service workshop",
        "A skills workshop on Crisis Café",
    )
    assert ward["quote_said_on"] == date(2026, 3, 10)


def test_withdrawing_a_ward_comments_consent_takes_it_out_of_the_library_and_its_picks(ward_comments, lead):
    ref = ward_comments["ward"].pk
    services.quote_pick(source="ward", ref=ref, by=lead)
    assert _words("ward", picked_only=True) == {"The breathing helped me sleep."}

    outreach.workshop_comment_consent_change(comment=ward_comments["ward"], may_quote=False)

    assert _words("ward") == {"I felt less alone tonight."}
    assert _words("ward", picked_only=True) == set()


# Mentoring evaluations (warp/programmes) ------------------------------------------------------------------


def _evaluate(pairing, *, words: str, consent: bool, score: int = 4):
    score_q = EvaluationQuestion.objects.filter(kind="score").first()
    words_q = EvaluationQuestion.objects.filter(kind="words").first()
    return mentoring.evaluation_record(
        pairing=pairing,
        given_on=date(2025, 7, 1),
        answers={score_q.pk: score, words_q.pk: words},
        consent_to_quote=consent,
    )


@pytest.fixture
def evaluations():
    agreed = programmes.make_pairing(
        ended_on=date(2025, 6, 30), mentor_name="Mo Lind", mentee_name="Dr Ada Vale"
    )
    declined = programmes.make_pairing(
        ended_on=date(2025, 6, 30), mentor_name="Pat Oke", mentee_name="Dr Bo Ren"
    )
    return {
        "agreed": _evaluate(agreed, words="Listening without fixing changed my clinics.", consent=True),
        "declined": _evaluate(declined, words="Not for anyone else's eyes.", consent=False),
    }


def test_mentoring_words_with_consent_are_in_the_library_as_a_mentees_never_by_name(
    evaluations, django_assert_num_queries
):
    rows = [row for row in _one_query(django_assert_num_queries) if row["quote_source"] == "mentoring"]
    assert [row["quote_words"] for row in rows] == ["Listening without fixing changed my clinics."]
    (row,) = rows
    assert (row["quote_by"], row["quote_where"], row["quote_said_on"]) == (
        "a mentee",
        "A mentoring evaluation",
        date(2025, 7, 1),
    )
    text = str(row.values())
    for name in ("Ada", "Vale", "Mo Lind", "Psychiatrist"):
        assert name not in text


def test_withdrawing_a_mentees_consent_takes_their_words_out_of_the_library_and_its_picks(evaluations, lead):
    (row,) = _rows("mentoring")
    services.quote_pick(source="mentoring", ref=row["quote_ref"], by=lead)

    mentoring.evaluation_consent_change(evaluation=evaluations["agreed"], consent_to_quote=False)

    assert _rows("mentoring") == []
    assert _words("mentoring", picked_only=True) == set()


# Award nominations (warp/programmes) ----------------------------------------------------------------------


@pytest.fixture
def nominations(personas):
    year = programmes.make_year(2026)
    agreed = awards.nomination_submit(
        award_year=year,
        category=programmes.category("Courage"),
        nominee_name="Rowan Hale",
        nominee_contact="rowan@example.org",
        why="Rowan Hale came back to every course. Rowan now helps others, Jules Marr says so too.",
        nominator_name="Jules Marr",
        nominator_contact="jules@example.org",
        nominator_quote_consent=True,
    )
    awards.nominee_consent_record(
        nomination=agreed, consent=NomineeConsent.GIVEN, on=date(2026, 5, 1), by=personas["partnership_lead"]
    )
    # The nominee agreed, but the nominator left "you may quote what you wrote" unticked (the default).
    unquoted = awards.nomination_submit(
        award_year=year,
        category=programmes.category("Courage"),
        nominee_name="Kit Dune",
        nominee_contact="kit@example.org",
        why="Kit started a walking group on the ward.",
        nominator_name="Mel Ash",
        nominator_contact="mel@example.org",
    )
    awards.nominee_consent_record(
        nomination=unquoted,
        consent=NomineeConsent.GIVEN,
        on=date(2026, 5, 1),
        by=personas["partnership_lead"],
    )
    not_asked = programmes.nominate(year, nominee="Sky Tarn")
    refused = programmes.nominate(year, nominee="Lee Fenn", category_name="Kindness")
    awards.nominee_consent_record(
        nomination=refused,
        consent=NomineeConsent.REFUSED,
        on=date(2026, 5, 1),
        by=personas["partnership_lead"],
    )
    return {
        "agreed": agreed,
        "unquoted": unquoted,
        "not_asked": not_asked,
        "refused": refused,
        "personas": personas,
    }


def test_a_nomination_is_quoted_only_once_the_nominee_agreed_by_role_and_with_no_name(
    nominations, django_assert_num_queries
):
    rows = [row for row in _one_query(django_assert_num_queries) if row["quote_source"] == "nomination"]
    # not asked, refused, or the nominator did not agree to be quoted: never
    assert [row["quote_ref"] for row in rows] == [nominations["agreed"].pk]
    (row,) = rows
    assert (
        row["quote_words"] == "[name] came back to every course. [name] now helps others, [name] says so too."
    )
    assert (row["quote_by"], row["quote_where"]) == ("a nominator", "A nomination for the Courage award")
    assert row["quote_said_on"] == nominations["agreed"].submitted_at.date()
    text = str(row.values())
    for name in ("Rowan", "Hale", "Jules", "Marr", "Sky", "Lee"):
        assert name not in text


def test_a_nomination_whose_nominator_did_not_agree_to_be_quoted_is_never_in_the_library(
    nominations, client_for
):
    unquoted = nominations["unquoted"]
    assert unquoted.nominator_quote_consent is False  # the form's default is no
    assert queries.find_quote(source="nomination", ref=unquoted.pk) is None
    assert all(row["quote_ref"] != unquoted.pk for row in _rows("nomination"))
    client = client_for("partnership_lead")
    assert "walking group on the ward" not in client.get(reverse("quotes:library")).content.decode()
    with pytest.raises(ValidationError):
        services.quote_pick(
            source="nomination", ref=unquoted.pk, by=nominations["personas"]["partnership_lead"]
        )


def test_a_nominator_withdrawing_agreement_takes_the_nomination_out_of_the_library_and_its_picks(
    nominations, client_for
):
    agreed = nominations["agreed"]
    services.quote_pick(source="nomination", ref=agreed.pk, by=nominations["personas"]["partnership_lead"])
    client = client_for("partnership_lead")
    page = reverse("programmes:nomination-nominator-consent", args=[agreed.pk])
    assert page in client.get(reverse("programmes:nomination-detail", args=[agreed.pk])).content.decode()
    assert "checked" in client.get(page).content.decode()

    assert client.post(page, {}).status_code == 302  # the box unticked, at the nominator's request

    assert _rows("nomination") == []
    assert _words("nomination", picked_only=True) == set()
    client.post(page, {"nominator_quote_consent": "on"})  # and given again
    assert [row["quote_ref"] for row in _rows("nomination")] == [agreed.pk]


def test_a_nominee_withdrawing_agreement_takes_the_nomination_out_of_the_library_and_its_picks(
    nominations, lead
):
    services.quote_pick(source="nomination", ref=nominations["agreed"].pk, by=lead)
    assert len(_rows("nomination")) == 1

    awards.nominee_consent_record(
        nomination=nominations["agreed"],
        consent=NomineeConsent.REFUSED,
        on=date(2026, 6, 1),
        by=nominations["personas"]["partnership_lead"],
    )

    assert _rows("nomination") == []
    assert _words("nomination", picked_only=True) == set()


# Withdrawing on the pages ---------------------------------------------------------------------------------


def test_a_ward_comment_withdrawn_on_the_workshops_page_leaves_the_library(ward_comments, client_for):
    comment = ward_comments["ward"]
    client = client_for("partnership_lead")
    page = reverse("outreach:held-detail", args=[comment.held_id])
    assert "They no longer want this quoted" in client.get(page).content.decode()

    assert client.post(page, {"withdraw": "not a number"}).status_code == 404
    assert client.post(page, {"withdraw": str(ward_comments["crisis"].pk)}).status_code == 404  # another's
    response = client.post(page, {"withdraw": str(comment.pk)})

    assert response.status_code == 302
    assert _words("ward") == {"I felt less alone tonight."}
    assert "The breathing helped me sleep." not in client.get(reverse("quotes:library")).content.decode()


def test_a_mentees_consent_withdrawn_on_the_pairings_page_leaves_the_library(evaluations, client_for):
    pairing = evaluations["agreed"].pairing
    client = client_for("partnership_lead")
    page = reverse("programmes:evaluation-consent", args=[pairing.pk])
    assert page in client.get(reverse("programmes:pairing-detail", args=[pairing.pk])).content.decode()
    assert "checked" in client.get(page).content.decode()

    response = client.post(page, {})  # the box unticked

    assert response.status_code == 302
    assert _rows("mentoring") == []
    assert "Listening without fixing" not in client.get(reverse("quotes:library")).content.decode()
    client.post(page, {"consent_to_quote": "on"})
    assert len(_rows("mentoring")) == 1


def test_a_pairing_with_no_evaluation_has_no_consent_to_change(client_for):
    pairing = programmes.make_pairing()
    response = client_for("partnership_lead").get(reverse("programmes:evaluation-consent", args=[pairing.pk]))
    assert response.status_code == 404
