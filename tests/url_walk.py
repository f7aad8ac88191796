"""Every URL pattern of the project as a `Route`: what the permission matrix (and the query
fuzzing) walk. Kept apart from the matrix so that each stays under the module limit."""

from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

EXCLUDED_NAMESPACES = {
    "admin": "Django admin (is_staff gate), see test_admin_site_is_closed_to_non_staff"
}
EXCLUDED_ROUTES = {"logout": "Django's LogoutView: ends the caller's own session, shows no data"}


@dataclass
class Route:
    name: str
    pattern: str
    callback: object
    kwargs: list[str]
    defaults: dict = field(default_factory=dict)

    @property
    def roles(self):
        return getattr(self.callback, "required_roles", None)

    @property
    def is_public(self) -> bool:
        return self.roles is None and getattr(self.callback, "login_required", True) is False

    def __str__(self):
        return f"{self.name} ({self.pattern})"


def _kwarg_names(pattern) -> list[str]:
    converters = getattr(pattern, "converters", None)
    if converters:
        return list(converters)
    return list(pattern.regex.groupindex)


def walk(patterns=None, namespace="", prefix="", inherited=()):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in EXCLUDED_NAMESPACES:
                continue
            inner = (
                f"{namespace}:{entry.namespace}"
                if namespace and entry.namespace
                else entry.namespace or namespace
            )
            yield from walk(
                entry.url_patterns,
                inner,
                prefix + str(entry.pattern),
                (*inherited, *_kwarg_names(entry.pattern)),
            )
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name or ""
            if name in EXCLUDED_ROUTES:
                continue
            kwargs = [
                k for k in (*inherited, *_kwarg_names(entry.pattern)) if k not in entry.default_args
            ]
            yield Route(
                name, prefix + str(entry.pattern), entry.callback, kwargs, dict(entry.default_args)
            )


ROUTES = list(walk())
