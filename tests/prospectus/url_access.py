from datetime import time

from tests.prospectus import factories
from tests.url_access import ACTION, FORM, MANAGERS, NOT_ALLOWED, OK, READS, only, route


def world(built):
    term = factories.term("Autumn 2026")
    course = factories.course("Understanding Depression and Anxiety")
    published = factories.run(term=term, course=course)
    draft = factories.run(term=term, publish=False, online=True, starts_at=time(18, 0), ends_at=time(20, 0))
    return {
        "course": course,
        "venue": factories.venue("Dorchester"),
        "term": term,
        "run": published,
        "draft_run": draft,
        "session": draft.sessions.first(),
        "assignment": draft.run_trainers.first(),
    }


def manager_page(kwargs=None, *, methods):
    return only(MANAGERS, kwargs=kwargs, methods=methods)


def manager_post(kwargs):
    # POST-only actions: managers get 405 Method Not Allowed for a GET, others 403, anonymous sign-in.
    return only(MANAGERS, allowed=NOT_ALLOWED, kwargs=kwargs, methods=ACTION)


ROUTES = {
    "prospectus:prospectus": route(anonymous=OK, default=OK, methods=READS),
    "prospectus:run-detail": route(
        anonymous=OK, default=OK, kwargs=lambda w: {"pk": w["run"].pk}, methods=READS
    ),
    "prospectus:term-pdf": route(
        anonymous=OK, default=OK, kwargs=lambda w: {"pk": w["term"].pk}, methods=READS
    ),
    "prospectus:course-list": manager_page(methods=READS),
    "prospectus:course-review-list": manager_page(methods=READS),
    "prospectus:course-create": manager_page(methods=FORM),
    "prospectus:theme-list": manager_page(methods=FORM),
    "prospectus:course-update": manager_page(lambda w: {"pk": w["course"].pk}, methods=FORM),
    "prospectus:venue-list": manager_page(methods=READS),
    "prospectus:venue-create": manager_page(methods=FORM),
    "prospectus:venue-update": manager_page(lambda w: {"pk": w["venue"].pk}, methods=FORM),
    "prospectus:term-list": manager_page(methods=READS),
    "prospectus:term-create": manager_page(methods=FORM),
    "prospectus:term-detail": manager_page(lambda w: {"pk": w["term"].pk}, methods=READS),
    "prospectus:term-update": manager_page(lambda w: {"pk": w["term"].pk}, methods=FORM),
    "prospectus:term-copy": manager_page(lambda w: {"pk": w["term"].pk}, methods=FORM),
    "prospectus:term-runs-bulk": manager_post(lambda w: {"pk": w["term"].pk}),
    "prospectus:run-create": manager_page(lambda w: {"term_pk": w["term"].pk}, methods=FORM),
    "prospectus:run-update": manager_page(lambda w: {"pk": w["draft_run"].pk}, methods=FORM),
    "prospectus:run-publish": manager_post(lambda w: {"pk": w["draft_run"].pk}),
    "prospectus:run-unpublish": manager_post(lambda w: {"pk": w["draft_run"].pk}),
    "prospectus:run-cancel": manager_page(lambda w: {"pk": w["draft_run"].pk}, methods=FORM),
    "prospectus:trainer-add": manager_post(lambda w: {"pk": w["draft_run"].pk}),
    "prospectus:trainer-remove": manager_post(lambda w: {"pk": w["assignment"].pk}),
    "prospectus:session-create": manager_page(lambda w: {"pk": w["draft_run"].pk}, methods=FORM),
    "prospectus:session-series": manager_page(lambda w: {"pk": w["draft_run"].pk}, methods=FORM),
    "prospectus:session-update": manager_page(lambda w: {"pk": w["session"].pk}, methods=FORM),
    "prospectus:session-delete": manager_post(lambda w: {"pk": w["session"].pk}),
}
