"""Declared access rules for every view.

Every view of the project either is public (`django.contrib.auth.decorators.login_not_required`)
or carries `@role_required(...)`. The permission-matrix test walks every URL pattern and fails
when a view has neither, so a new page cannot ship without saying who may open it.

Roles decide who may *reach* a view; object-level rules (a reporter sees only their own
agency's report) are applied by the view's first line through a QuerySet such as
`AnnualReport.objects.editable_by(request.user)`, which turns another agency's id into a 404.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .models import Membership

Role = Membership.Role

# Named role sets, so views say what they mean.
STAFF = frozenset({Role.NOIVU, Role.ADMIN})
# Bộ Nội vụ reads what a province's readers read, in every province; it is in no set
# that writes (STAFF, REPORTERS, SUPERVISORS).
READERS = frozenset({Role.NOIVU, Role.ADMIN, Role.SUPERVISOR, Role.REPORTER, Role.BONOIVU})
SUPERVISORS = frozenset({Role.SUPERVISOR})
# The national view (every province's PAR INDEX); only an administrator imports its table.
NATIONAL = frozenset({Role.BONOIVU, Role.ADMIN})
ADMINS = frozenset({Role.ADMIN})
REPORTERS = frozenset({Role.REPORTER})


def role_of(user) -> str | None:
    membership = Membership.for_user(user)
    if membership is not None:
        return membership.role
    if user.is_authenticated and user.is_superuser:
        return Role.ADMIN
    return None


def has_role(user, roles) -> bool:
    return role_of(user) in roles


def role_required(*role_sets):
    """Allow the view only to users whose membership role is in one of `role_sets`.

    The allowed roles are kept on the view as `required_roles` for the permission matrix.
    """
    allowed = frozenset().union(
        *[frozenset(r) if not isinstance(r, str) else {r} for r in role_sets]
    )

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if role_of(request.user) not in allowed:
                raise PermissionDenied(_("Tài khoản của bạn không có quyền truy cập trang này."))
            return view(request, *args, **kwargs)

        wrapped.required_roles = allowed
        return wrapped

    return decorator


class RoleRequiredMixin:
    """Class-based equivalent of @role_required: set `allowed_roles` on the view class."""

    allowed_roles: frozenset = frozenset()

    @classmethod
    def as_view(cls, **initkwargs):
        view = super().as_view(**initkwargs)
        view.required_roles = cls.allowed_roles
        return view

    def dispatch(self, request, *args, **kwargs):
        if role_of(request.user) not in self.allowed_roles:
            raise PermissionDenied(_("Tài khoản của bạn không có quyền truy cập trang này."))
        return super().dispatch(request, *args, **kwargs)
