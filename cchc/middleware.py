"""Content-Security-Policy: the dashboard loads nothing from any other host.

Provincial networks are often closed, and a CDN reference is a leak of who reads what.
Plotly needs inline styles for its SVG; scripts come only from our own static files.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
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
