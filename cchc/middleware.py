"""Content-Security-Policy: the dashboard loads nothing from any other host.

Provincial networks are often closed, and a CDN reference is a leak of who reads what.
Plotly needs inline styles for its SVG; scripts come only from our own static files.
"""


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
