from warp.core.navigation import items_for


def test_students_see_give_feedback_and_managers_see_feedback(personas):
    def labels(key):
        return [item["label"] for item in items_for(personas[key])]

    assert "Give feedback" in labels("student")
    for key in ["centre_manager", "administrator"]:
        assert "Feedback" in labels(key) and "Give feedback" not in labels(key)
    for key in ["admissions_tutor", "commissioner", "team_lead", "partnership_lead"]:
        assert "Feedback" not in labels(key) and "Give feedback" not in labels(key)


def test_trainers_see_the_feedback_on_their_runs_in_their_menu(personas, client_for):
    from django.urls import reverse

    for key in ["peer_trainer", "professional_trainer"]:
        assert "Feedback" in labels_for(personas[key]) and "Give feedback" not in labels_for(personas[key])
    response = client_for("peer_trainer").get(reverse("bookings:trainer-sessions"))
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    assert f'href="{reverse("feedback:run-list")}"' in page


def labels_for(user):
    return [item["label"] for item in items_for(user)]
