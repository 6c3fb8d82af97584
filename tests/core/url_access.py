from tests.factories import make_student
from tests.url_access import FORBIDDEN, FORM, MANAGERS, NOT_FOUND, OK, READS, REDIRECT, only, route
from warp.importers import IMPORTS, import_upload_store
from warp.students.models import StudentStatus


def world(built):
    """A plans file uploaded and checked by the centre manager (its preview is theirs alone): one row to
    import, one with a problem, so the preview offers the button and the tick."""
    manager = built["personas"]["centre_manager"]
    waiting = make_student(status=StudentStatus.AWAITING_PLAN)
    plans = (
        "registration_number,agreed_on,review_date,goals\n"
        f"{waiting.registration_number},2013-03-14,,To rest\nREC-NOBODY,2013-03-14,,To rest\n"
    )
    stored = import_upload_store(
        kind=IMPORTS["plans"], user=manager, filename="plans.csv", data=plans.encode()
    )
    return {"plans_upload": stored}


ROUTES = {
    # Signed-in people are sent on to the first page of their own menu.
    "core:home": route(anonymous=OK, default=REDIRECT, methods=READS),
    "core:accessibility": route(anonymous=OK, default=OK, methods=READS),
    # Every import's columns and its empty template, for those who import.
    "imports:templates": only(MANAGERS, methods=READS),
    "imports:template": only(
        MANAGERS, kwargs=lambda world: {"kind": "reviews", "fmt": "xlsx"}, methods=READS
    ),
    # Upload any import and check it before it is saved.
    "imports:upload": only(MANAGERS, kwargs=lambda world: {"kind": "attendance"}, methods=FORM),
    # An upload (its file and dry run) is seen only by whoever uploaded it: here the centre manager.
    "imports:preview": route(
        default=FORBIDDEN,
        centre_manager=OK,
        administrator=NOT_FOUND,
        kwargs=lambda w: {"kind": "plans", "pk": w["plans_upload"].pk},
        methods=FORM,
    ),
}
