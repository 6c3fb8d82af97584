"""An edition's report in one version: its snapshot once published, built afresh while it is a draft."""

from warp.partnership.document import Report, Version, report_from_dict
from warp.partnership.models import Edition
from warp.partnership.sections import build_report


def edition_report(edition: Edition, *, version: Version = "full") -> Report:
    if edition.is_published:
        return report_from_dict(edition.snapshots[version])
    return built(edition, version=version)


def built(edition: Edition, *, version: Version) -> Report:
    """The edition's report computed now from the data: every draft view, and each snapshot on publishing."""
    return build_report(
        start=edition.start,
        end=edition.end,
        sections=edition.sections,
        narrative=edition.words,
        version=version,
        title=edition.title,
    )
