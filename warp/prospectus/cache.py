"""The public prospectus's unfiltered listing pages, kept in the cache until what they show changes.

At 100,000 students one listing page costs seven queries and twenty cards of template, tens of times the
page around it, and every visitor without filters asks for the same few pages. So those pages (per term
and page number, never a search or filter, which would let anyone fill the cache) are kept in
settings.CACHES under a version token. prospectus_changed() draws a new token, which makes every kept page
unreachable; it is called on every save or delete of a term, course, venue, run, session, run trainer,
trainer or booking (signal receivers connected in the prospectus and bookings apps' ready()), and by the
bulk writes that send no signals (copying a term, the feedback import, the demo, a restore). Kept pages
also expire after LISTING_SECONDS and on a new day, so a write from outside the app is shown soon anyway.
"""

from django.core.cache import cache
from django.db import transaction

from warp.core.kept import database_key, new_token, token

VERSION_KEY = "prospectus:version"
LISTING_SECONDS = 300
MAX_PAGE = 1000


def prospectus_version() -> str:
    return token(VERSION_KEY)


def _new_version() -> None:
    new_token(VERSION_KEY)


def prospectus_changed(**_signal_arguments) -> None:
    """Forget every kept listing page: now (so this transaction's own later reads are fresh) and again once
    the transaction commits (so a page rendered meanwhile from the rows before the change is never kept)."""
    _new_version()
    transaction.on_commit(_new_version)


def cache_key(version: str, *parts: object) -> str:
    # The database is part of the key (warp/core/kept.py): two databases may share one cache.
    return f"prospectus:{version}:{database_key(parts)}"


def get(version: str, *parts: object):
    return cache.get(cache_key(version, *parts))


def keep(value, version: str, *parts: object) -> None:
    cache.set(cache_key(version, *parts), value, LISTING_SECONDS)


def _user_changed(instance=None, update_fields=None, **_signal_arguments) -> None:
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # signing in changes nothing the prospectus shows
    prospectus_changed()


def connect_prospectus_receivers() -> None:
    """Forget the kept listing pages whenever a row they show is saved or deleted (see the module's doc);
    the bookings app connects its bookings the same way."""
    from django.contrib.auth import get_user_model
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from warp.prospectus.models import Course, CourseRun, CourseRunTrainer, Session, Term, Venue

    for model in (Term, Course, Venue, CourseRun, Session, CourseRunTrainer):
        uid = f"prospectus-cache-{model.__name__}"
        post_save.connect(prospectus_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(prospectus_changed, sender=model, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(
        prospectus_changed, sender=CourseRun.trainers.through, dispatch_uid="prospectus-cache-m2m"
    )
    user = get_user_model()
    post_save.connect(_user_changed, sender=user, dispatch_uid="prospectus-cache-user-save")
    post_delete.connect(prospectus_changed, sender=user, dispatch_uid="prospectus-cache-user-delete")
