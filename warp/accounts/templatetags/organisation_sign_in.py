"""The organisations whose accounts people may sign in with, for the sign-in page's buttons."""

from django import template

from warp.accounts.organisation import providers

register = template.Library()


@register.simple_tag
def organisation_providers() -> list[dict[str, str]]:
    """[{"id", "name"}] from WARP_OIDC_PROVIDERS; empty (no button) when none is configured."""
    return providers()
