from tests.factories import book, link_for, make_finished_run
from tests.url_access import FORBIDDEN, FORM, NOT_FOUND, OK, READS, route

# Team leads, partnership leads and commissioners get 403 on every feedback page but the public link.


def world(built):
    personas = built["personas"]
    student = built["sam"]
    run = make_finished_run(
        title="Feedback: Understanding Depression and Anxiety",
        # Only the peer trainer: the professional trainer shows what a trainer gets for someone else's run.
        trainers=[personas["peer_trainer"]],
        session_days=(-7,),
    )
    book(student, run)
    link = link_for(run, uses=20, created_by=personas["centre_manager"])
    return {"feedback_run": run, "feedback_token": link.token, "feedback_link": link}


def _run(world):
    return {"pk": world["feedback_run"].pk}


def _link(world):
    return {"pk": world["feedback_run"].pk, "link_pk": world["feedback_link"].pk}


ROUTES = {
    # The student's own list; an account with no student record has nothing to list.
    "feedback:give-list": route(default=FORBIDDEN, student=OK, outsider=NOT_FOUND, methods=READS),
    "feedback:give": route(default=FORBIDDEN, student=OK, outsider=NOT_FOUND, kwargs=_run, methods=FORM),
    # Anyone holding the link may use it, signed in or not.
    "feedback:anonymous": route(
        anonymous=OK, default=OK, kwargs=lambda w: {"token": w["feedback_token"]}, methods=FORM
    ),
    "feedback:thanks": route(anonymous=OK, default=OK, methods=READS),
    "feedback:run-list": route(
        default=FORBIDDEN,
        admissions_tutor=OK,
        peer_trainer=OK,
        professional_trainer=OK,
        centre_manager=OK,
        administrator=OK,
        methods=READS,
    ),
    "feedback:run-summary": route(
        default=FORBIDDEN,
        peer_trainer=OK,
        professional_trainer=NOT_FOUND,
        centre_manager=OK,
        administrator=OK,
        kwargs=_run,
        methods=READS,
    ),
    "feedback:run-comments": route(
        default=FORBIDDEN,
        peer_trainer=OK,
        professional_trainer=NOT_FOUND,
        centre_manager=OK,
        administrator=OK,
        kwargs=lambda world: {**_run(world), "fmt": "csv"},
        methods=READS,
    ),
    "feedback:link-list": route(
        default=FORBIDDEN,
        peer_trainer=OK,
        professional_trainer=NOT_FOUND,
        centre_manager=OK,
        administrator=OK,
        kwargs=_run,
        methods=FORM,
    ),
    # The link as a QR code and as a printable sheet: for whoever may make the run's links.
    **{
        name: route(
            default=FORBIDDEN,
            peer_trainer=OK,
            professional_trainer=NOT_FOUND,
            centre_manager=OK,
            administrator=OK,
            kwargs=_link,
            methods=READS,
        )
        for name in ("feedback:link-qr", "feedback:link-sheet")
    },
    "feedback:paper-entry": route(
        default=FORBIDDEN,
        admissions_tutor=OK,
        peer_trainer=OK,
        professional_trainer=NOT_FOUND,
        centre_manager=OK,
        administrator=OK,
        kwargs=_run,
        methods=FORM,
    ),
}
