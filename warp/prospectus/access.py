"""Getters for prospectus records. Courses, terms and runs are not personal records; what matters here is
that the public sees only published runs (drafts and cancelled runs answer 404)."""

from django.http import Http404

from warp.prospectus.models import CourseRun


def get_published_run(pk: int) -> CourseRun:
    """A published run with its course, sessions, venues, trainers and places left; 404 otherwise."""
    run = CourseRun.objects.published().with_places_left().with_sessions_and_trainers().filter(pk=pk).first()
    if run is None:
        raise Http404("No such course run in the prospectus")
    return run
