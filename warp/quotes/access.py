"""Who may use the quote library: the staff who write the partnership's reports.

Quotes are unnamed words given with consent; the library shows no one's record. The partnership lead,
centre managers and administrators read it, pick quotes and tag them; everyone else gets 403.
"""

from django.http import Http404

from warp.accounts.models import Role
from warp.quotes.queries import Quote, find_quote

QUOTE_READERS = (Role.PARTNERSHIP_LEAD, Role.CENTRE_MANAGER, Role.ADMINISTRATOR)


def get_quote(source: str, ref: int) -> Quote:
    """A quote that is quotable now; 404 for an unknown source, a missing row or withdrawn consent."""
    quote = find_quote(source=source, ref=ref)
    if quote is None:
        raise Http404("No such quote")
    return quote
