class PermissionsPolicyMiddleware:
    """Turns off browser features the portal never uses, for every page.

    Django's SecurityMiddleware sets the other usual headers (nosniff, Referrer-Policy,
    Cross-Origin-Opener-Policy), XFrameOptionsMiddleware X-Frame-Options and django-csp the
    Content Security Policy; Django has no setting for this one.
    """

    # Only features every current browser knows: Chromium logs an unknown one as an error.
    POLICY = "camera=(), geolocation=(), microphone=(), payment=(), usb=()"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.POLICY)
        return response
