"""Every model that links to a student is in the coverage registry: the bundle and erasure both know it."""

from django.apps import apps

from warp.privacy.coverage import COVERED

MAX_HOPS = 3  # AttendanceChange -> Attendance -> Booking -> Student


def _links_to_student(model, hops: int = MAX_HOPS) -> bool:
    student = apps.get_model("students", "Student")
    if model is student:
        return True
    if hops == 0:
        return False
    for field in model._meta.get_fields():
        if not field.is_relation or field.auto_created and not field.concrete:
            continue  # reverse relations point the other way
        target = field.related_model
        if target is None or target is model:
            continue
        if target is student or _links_to_student(target, hops - 1):
            return True
    return False


def models_linked_to_students() -> list[str]:
    return sorted(
        model._meta.label
        for config in apps.get_app_configs()
        if config.name.startswith("warp.")
        for model in config.get_models()
        if _links_to_student(model)
    )


def test_every_model_linked_to_a_student_is_covered_by_the_bundle_and_erasure():
    missing = [label for label in models_linked_to_students() if label not in COVERED]
    assert not missing, (
        f"These models hold data about a student but are not in warp/privacy/coverage.py COVERED: {missing}. "
        "Add one line each saying how the subject access bundle exports them and what erasure does."
    )


def test_the_walk_finds_models_two_and_three_hops_away():
    found = models_linked_to_students()
    assert {"bookings.Attendance", "bookings.AttendanceChange", "feedback.Answer"} <= set(found)
    assert "prospectus.CourseRun" not in found


def test_every_registry_entry_names_a_real_model_and_a_known_erasure():
    for label, cover in COVERED.items():
        model = apps.get_model(label)
        assert cover.erase in {"student", "anonymise", "delete", "keep"}, label
        if cover.erase == "keep":
            assert cover.why, f"{label}: say why it is kept"
        for name in cover.blank:
            model._meta.get_field(name)
