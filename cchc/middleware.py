"""Content-Security-Policy: the dashboard loads nothing from any other host.

Provincial networks are often closed, and a CDN reference is a leak of who reads what.
Plotly needs inline styles for its SVG; scripts come only from our own static files.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation


class ContentSecurityPolicyMiddleware:
    POLICY = "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            # plotly.js sets style attributes on the SVG it draws
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", self.POLICY)
        return response


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Vietnamese unless the user picked English with the switch.

    Django's LocaleMiddleware follows the browser's Accept-Language, and many officials'
    browsers are set to English: the dashboard would then greet them with 85.02 instead of
    85,02. Only the language cookie written by the switch (`set_language`) counts here.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class ProjectErrorPagesMiddleware:
    """With DEBUG on (`make run`), the project's own 404 and 500 pages instead of Django's
    English technical pages: the demo is walked by users, who should see what production
    shows. The traceback still goes to the console (Django logs it on `django.request`);
    `DEBUG_TECHNICAL_PAGES=1` brings the technical pages back for a developer."""

    # Both technical pages carry this tag; a page a view rendered itself does not.
    TECHNICAL = b'<meta name="robots" content="NONE,NOARCHIVE">'

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not settings.DEBUG
            or settings.DEBUG_TECHNICAL_PAGES
            or response.status_code not in (404, 500)
            or response.streaming
            or self.TECHNICAL not in response.content
        ):
            return response
        try:
            return render(request, f"{response.status_code}.html", status=response.status_code)
        except Exception:  # the error page itself failed: keep Django's
            return response
