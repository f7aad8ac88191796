"""Where a form may send the user back to: the `next` it carries, when it is ours."""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, fallback: str) -> str:
    """The posted (or queried) `next` when it is a URL of this site, else `fallback`.

    "//evil.example/…" starts with "/" yet leaves the site (a scheme-relative URL), and a
    backslash or a control character can make a browser read it so too: Django's check
    knows these forms."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback
