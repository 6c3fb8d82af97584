from datetime import timedelta

from django.urls import reverse

from tests.factories import make_finished_run, today
from warp.feedback.models import FeedbackResponse


def test_paper_forms_are_typed_one_after_another_with_a_count(client_for, personas):
    run = make_finished_run()
    client = client_for("admissions_tutor")
    url = reverse("feedback:paper-entry", args=[run.pk])
    assert "Forms you have entered for this run: 0" in client.get(url).content.decode()
    day = today() - timedelta(days=3)
    first = client.post(
        url, {"submitted_on": day.strftime("%d/%m/%Y"), "q_would_attend_again": "yes", "q_rating": "5"}
    )
    assert first["Location"] == f"{url}?date={day.isoformat()}"
    page = client.get(first["Location"]).content.decode()
    assert "Forms you have entered for this run: 1" in page
    assert f'value="{day:%d/%m/%Y}"' in page  # the date carries over to the next form
    assert "checked" not in page  # the answers do not
    client.post(url, {"submitted_on": day.isoformat(), "q_helped": "Tea and biscuits"})
    assert "Forms you have entered for this run: 2" in client.get(url).content.decode()
    saved = FeedbackResponse.objects.order_by("pk")
    assert [(r.source, r.submitted_on, r.entered_by, r.student) for r in saved] == [
        ("paper", day, personas["admissions_tutor"], None)
    ] * 2


def test_a_paper_form_dated_in_the_future_is_refused(client_for):
    run = make_finished_run()
    client = client_for("centre_manager")
    page = client.post(
        reverse("feedback:paper-entry", args=[run.pk]),
        {"submitted_on": (today() + timedelta(days=2)).isoformat(), "q_helped": "Lovely group"},
    ).content.decode()
    assert "cannot be in the future" in page and "Lovely group" in page
    assert not FeedbackResponse.objects.exists()


def test_trainers_type_in_paper_forms_only_for_their_own_runs(client_for, personas):
    mine = make_finished_run(trainers=[personas["peer_trainer"]])
    theirs = make_finished_run(trainers=[personas["professional_trainer"]])
    client = client_for("peer_trainer")
    assert client.get(reverse("feedback:paper-entry", args=[mine.pk])).status_code == 200
    response = client.post(
        reverse("feedback:paper-entry", args=[theirs.pk]),
        {"submitted_on": today().isoformat(), "q_rating": "3"},
    )
    assert response.status_code == 404
    assert not FeedbackResponse.objects.exists()


def test_a_made_up_date_in_the_address_falls_back_to_today(client_for):
    run = make_finished_run()
    page = client_for("centre_manager").get(
        reverse("feedback:paper-entry", args=[run.pk]) + "?date=2026-02-31"
    )
    assert page.status_code == 200 and f'value="{today():%d/%m/%Y}"' in page.content.decode()
