import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import book, make_finished_run, make_student
from warp.feedback.models import Answer, FeedbackQuestion, QuestionKind


@pytest.mark.django_db
def test_standard_questions_are_seeded_in_order():
    questions = list(FeedbackQuestion.objects.values_list("code", "kind"))
    assert questions == [
        ("would_attend_again", "choice"),
        ("rating", "rating"),
        ("helped", "text"),
        ("could_be_better", "text"),
        ("co_delivery", "text"),
    ]
    attend = FeedbackQuestion.objects.get(code="would_attend_again")
    assert attend.text == "Would you attend another course?"
    assert attend.options() == [("yes", "Yes"), ("no", "No"), ("not_sure", "Not sure")]


@pytest.mark.django_db
def test_choice_question_needs_two_options_and_other_kinds_none():
    with pytest.raises(ValidationError, match="at least two options"):
        FeedbackQuestion(code="venue", text="Venue?", kind=QuestionKind.CHOICE, choices="ok: OK").full_clean()
    with pytest.raises(ValidationError, match="Only 'choose one option'"):
        FeedbackQuestion(
            code="venue", text="Venue?", kind=QuestionKind.TEXT, choices="a: A\nb: B"
        ).full_clean()


def test_a_question_a_centre_adds_is_asked_and_its_answer_stored(client_for, personas):
    FeedbackQuestion.objects.create(
        code="venue_access",
        text="Was the venue easy to get to?",
        kind=QuestionKind.CHOICE,
        choices="easy: Easy\nhard: Hard",
        order=60,
    )
    FeedbackQuestion.objects.filter(code="co_delivery").update(is_active=False)
    student = make_student(user=personas["student"])
    run = make_finished_run()
    book(student, run)
    client = client_for("student")
    url = reverse("feedback:give", args=[run.pk])
    page = client.get(url).content.decode()
    assert "Was the venue easy to get to?" in page
    assert "taught by a peer trainer" not in page  # inactive questions are not asked
    client.post(url, {"q_venue_access": "hard", "q_would_attend_again": "yes"})
    answer = Answer.objects.get(question__code="venue_access")
    assert answer.text == "hard" and answer.response.student == student


def test_administrators_manage_questions_in_the_admin(client_for, personas):
    personas["administrator"].is_superuser = True  # as the demo's administrator is
    personas["administrator"].save()
    client = client_for("administrator")
    for name in ["feedbackquestion", "feedbackresponse", "feedbacklink"]:
        assert client.get(reverse(f"admin:feedback_{name}_changelist")).status_code == 200
    assert client.get(reverse("admin:feedback_feedbackquestion_add")).status_code == 200


def test_choice_and_rating_questions_render_as_radio_buttons(client_for, personas):
    run = make_finished_run()
    page = client_for("centre_manager").get(reverse("feedback:paper-entry", args=[run.pk])).content.decode()
    assert 'class="nhsuk-radios" id="id_q_would_attend_again"' in page
    assert 'type="radio" name="q_rating" value="5" class="nhsuk-radios__input"' in page
