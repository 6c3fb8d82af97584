from warp.core.navigation import items_for


def test_students_see_give_feedback_and_managers_see_feedback(personas):
    def labels(key):
        return [item["label"] for item in items_for(personas[key])]

    assert "Give feedback" in labels("student")
    for key in ["centre_manager", "administrator"]:
        assert "Feedback" in labels(key) and "Give feedback" not in labels(key)
    for key in ["peer_trainer", "admissions_tutor", "commissioner", "team_lead", "partnership_lead"]:
        assert "Feedback" not in labels(key) and "Give feedback" not in labels(key)
