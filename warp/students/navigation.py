from warp.accounts.models import Role
from warp.core.navigation import NavItem

_TUTOR = Role.ADMISSIONS_TUTOR
_MANAGERS = {Role.CENTRE_MANAGER, Role.ADMINISTRATOR}

NAV_ITEMS = [
    NavItem("Your record", "students:my-record", frozenset({Role.STUDENT}), order=10),
    NavItem("Students", "students:student-list", frozenset({_TUTOR, *_MANAGERS}), order=20, group="Students"),
    NavItem("Waiting for a plan", "students:waiting-list", frozenset({_TUTOR}), order=21, group="Students"),
    NavItem("Register a student", "students:staff-register", frozenset({_TUTOR}), order=22, group="Students"),
    NavItem(
        "Reviews to code",
        "students:review-coding",
        frozenset({_TUTOR, *_MANAGERS}),
        order=23,
        group="Students",
    ),
    NavItem("Second coding", "students:second-coding", frozenset(_MANAGERS), order=24, group="Students"),
    NavItem("Import students", "students:import-upload", frozenset(_MANAGERS), order=80, group="Students"),
    NavItem("Service area", "students:service-area", frozenset(_MANAGERS), order=81, group="Students"),
]
