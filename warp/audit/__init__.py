"""The audit log: who saw or changed which personal record, when and from where.

Every app records through one function, `warp.audit.record(...)`. This package sits on the lowest floor
(it imports only core, and accounts sits on it), so any app may call it; it takes ids, never other apps' models.
"""


def record(**kwargs):
    """See warp.audit.services.record; imported lazily so `from warp import audit` works at import time."""
    from warp.audit.services import record as _record

    return _record(**kwargs)


def record_many(**kwargs):
    """See warp.audit.services.record_many."""
    from warp.audit.services import record_many as _record_many

    return _record_many(**kwargs)


def record_each(**kwargs):
    """See warp.audit.services.record_each."""
    from warp.audit.services import record_each as _record_each

    return _record_each(**kwargs)
