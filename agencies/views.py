"""Pages of the agencies app: a user's notifications and password, and the reporter accounts
Sở Nội vụ manages (list, create one or a list, new password, lock and unlock, audit log)."""

import secrets

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from django_tables2 import RequestConfig

from . import account_lists, accounts
from .access import READERS, STAFF, RoleRequiredMixin, role_required
from .filters import AccountFilter
from .forms import ConfirmListForm, ReporterForm, ReporterListForm
from .models import AccountEvent, Membership
from .tables import AccountTable

LIST_SESSION_KEY = "account_list_preview"


@role_required(READERS)
def notification_list(request):
    notifications = list(request.user.notifications.all()[:100])
    request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    return render(request, "agencies/notifications.html", {"notifications": notifications})


class PasswordChangeView(RoleRequiredMixin, auth_views.PasswordChangeView):
    """Any user's own password; the way out of a one-time password given by Sở Nội vụ."""

    allowed_roles = READERS
    template_name = "agencies/password_change.html"
    success_url = reverse_lazy("indicators:overview")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        for field in form.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
        return form

    def form_valid(self, form):
        response = super().form_valid(form)
        Membership.objects.filter(user=self.request.user).update(must_change_password=False)
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return response


password_change = PasswordChangeView.as_view()


# --- the reporter accounts of Sở Nội vụ's province ----------------------------------------


def _account(request, user_id):
    """The account `user_id` if the user may manage it (another province's is a 404)."""
    return get_object_or_404(
        accounts.managed_accounts(request.user).select_related("membership__agency"), pk=user_id
    )


def _created_page(request, created, *, title):
    """The one-time passwords, shown once: never cached, never stored."""
    response = render(
        request, "agencies/accounts/created.html", {"created": created, "title": title}
    )
    response["Cache-Control"] = "no-store"
    return response


@role_required(STAFF)
@require_safe
def account_list(request):
    managed = accounts.managed_accounts(request.user).select_related("membership__agency")
    filterset = AccountFilter(request.GET or None, queryset=managed, request=request)
    table = AccountTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    context = {"filter": filterset, "table": table, "has_accounts": managed.exists()}
    return render(request, "agencies/accounts/list.html", context)


@role_required(STAFF)
@never_cache
def account_create(request):
    form = ReporterForm(request.POST or None, agencies=accounts.assignable_agencies(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            created = accounts.create_reporters(actor=request.user, rows=[form.reporter()])
        except accounts.AccountError as error:
            messages.error(request, str(error))
        else:
            return _created_page(request, created, title=_("Đã tạo tài khoản"))
    return render(request, "agencies/accounts/create.html", {"form": form})


@role_required(STAFF)
def account_import(request):
    """Upload a list and see it row by row; a list without problems is kept for confirming."""
    agencies = accounts.assignable_agencies(request.user)
    form = ReporterListForm(request.POST or None, request.FILES or None, agencies=agencies)
    rows, token = None, None
    if request.method == "POST" and form.is_valid():
        try:
            rows = account_lists.read_reporter_list(
                upload=form.cleaned_data["file"],
                agencies=agencies,
                agency=form.cleaned_data["agency"],
            )
        except accounts.AccountError as error:
            form.add_error("file", str(error))
        else:
            if not any(row.errors for row in rows):
                token = secrets.token_urlsafe(16)
                request.session[LIST_SESSION_KEY] = {
                    "token": token,
                    "file": form.cleaned_data["file"].name[:200],
                    "rows": [row.as_session() for row in rows],
                }
    context = {
        "form": form,
        "rows": rows,
        "errors": sum(1 for row in rows or () if row.errors),
        "confirm": ConfirmListForm(initial={"token": token}) if token else None,
    }
    return render(request, "agencies/accounts/import.html", context)


@role_required(STAFF)
@require_POST
def account_import_confirm(request):
    """Create the previewed list, all or nothing; the list is used once (a double click or a
    reload finds it gone)."""
    kept = request.session.get(LIST_SESSION_KEY) or {}
    form = ConfirmListForm(request.POST)
    if not (form.is_valid() and kept.get("token") == form.cleaned_data["token"]):
        messages.error(
            request, _("Danh sách này đã được xử lý hoặc đã hết hạn; hãy tải tệp lên lại.")
        )
        return redirect("agencies:account_import")
    del request.session[LIST_SESSION_KEY]
    rows = account_lists.rows_from_session(
        kept["rows"], agencies=accounts.assignable_agencies(request.user)
    )
    try:
        created = accounts.create_reporters(
            actor=request.user,
            rows=rows,
            action=AccountEvent.Action.IMPORTED,
            note=_("Tệp %(name)s") % {"name": kept["file"]},
        )
    except accounts.AccountError as error:
        messages.error(request, str(error))
        return redirect("agencies:account_import")
    return _created_page(
        request, created, title=_("Đã tạo %(count)s tài khoản") % {"count": len(created)}
    )


@role_required(STAFF)
@require_safe
def account_import_template(request):
    agencies = list(accounts.assignable_agencies(request.user).order_by("name")[:2000])
    response = HttpResponse(
        account_lists.template_workbook(agencies=agencies),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-tai-khoan.xlsx"'
    return response


@role_required(STAFF)
@require_safe
def account_detail(request, user_id):
    account = _account(request, user_id)
    events = account.account_events.select_related("actor", "agency")[:100]
    return render(request, "agencies/accounts/detail.html", {"account": account, "events": events})


ACTIONS = {
    "reset_password": (gettext_lazy("Cấp lại mật khẩu"), "btn-primary"),
    "deactivate": (gettext_lazy("Khóa tài khoản"), "btn-danger"),
    "reactivate": (gettext_lazy("Mở khóa tài khoản"), "btn-success"),
}


@role_required(STAFF)
@never_cache
def account_action(request, user_id, action):
    """A confirmation page (GET), then the action (POST)."""
    account = _account(request, user_id)
    if action not in ACTIONS:
        raise Http404(_("Không có thao tác này."))
    if request.method != "POST":
        label, css = ACTIONS[action]
        context = {"account": account, "action": action, "label": label, "css": css}
        return render(request, "agencies/accounts/confirm.html", context)
    try:
        if action == "reset_password":
            password = accounts.reset_password(actor=request.user, user=account)
            return _created_page(request, [(account, password)], title=_("Đã cấp lại mật khẩu"))
        changed = accounts.set_active(
            actor=request.user, user=account, active=action == "reactivate"
        )
    except accounts.AccountError as error:
        messages.error(request, str(error))
    else:
        if changed:
            text = (
                _("Đã mở khóa tài khoản %(name)s.")
                if action == "reactivate"
                else _("Đã khóa tài khoản %(name)s; tài khoản không đăng nhập được nữa.")
            )
            messages.success(request, text % {"name": account.username})
    return redirect("agencies:account_detail", account.pk)


@role_required(STAFF)
@require_safe
def account_log(request):
    """Who did what to which account, newest first."""
    events = AccountEvent.objects.filter(
        account__in=accounts.managed_accounts(request.user)
    ).select_related("account", "actor", "agency")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "agencies/accounts/log.html", {"page": page})
