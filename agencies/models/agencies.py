"""Agencies over time, their codes, lineage and other names, and who may see what."""

import datetime
import unicodedata

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .provinces import AgencyGroup, Province


class AgencyQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def active_in_year(self, year: int):
        """Agencies that existed at any time during `year`."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=datetime.date(year, 12, 31))
        ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=datetime.date(year, 1, 1)))

    def assessed_in_year(self, year: int):
        """Agencies assessed for `year`: those still existing on 31/12.

        Self-assessment happens in Nov–Dec, so an agency merged away during the year (the
        1/3/2025 mergers) is assessed through its successor, not on its own.
        """
        return self.active_on(datetime.date(year, 12, 31))

    def ranked(self):
        return self.filter(is_ranked=True)

    def in_group(self, group, *, year: int | None = None):
        """Agencies of `group`; with `year`, those ranked in it that year: by the dated
        membership covering the year, or by `group` for an agency without any
        (`AgencyGroupMembership`). One join: at most one membership covers a year."""
        if year is None:
            return self.filter(group=group)
        dated = (
            Q(group_memberships__group=group)
            & (
                Q(group_memberships__year_from__isnull=True)
                | Q(group_memberships__year_from__lte=year)
            )
            & (Q(group_memberships__year_to__isnull=True) | Q(group_memberships__year_to__gte=year))
        )
        return self.filter(dated | Q(group=group, group_memberships__isnull=True))

    def visible_to(self, user):
        """Agencies whose pages `user` may read: every agency of the user's province."""
        membership = Membership.for_user(user)
        return self.none() if membership is None else membership.in_province(self)

    def editable_by(self, user):
        """Agencies whose own reports `user` may fill: staff any in their province, a reporter
        one."""
        membership = Membership.for_user(user)
        if membership is None:
            return self.none()
        if membership.is_staff_role:
            return self.visible_to(user)
        if membership.role == Membership.Role.REPORTER:
            return self.filter(pk=membership.agency_id)
        return self.none()


class Agency(models.Model):
    class Kind(models.TextChoices):
        DEPARTMENT = "so", _("Sở, ban, ngành")
        PROVINCIAL_COMMITTEE = "ubnd_tinh", _("UBND tỉnh")
        DISTRICT = "huyen", _("UBND cấp huyện")
        COMMUNE = "xa", _("UBND cấp xã")
        WARD = "phuong", _("UBND phường")
        SPECIAL_ZONE = "dac_khu", _("UBND đặc khu")
        CENTRAL = "tw", _("Cơ quan Trung ương đóng trên địa bàn")
        SERVICE_UNIT = "dvsn", _("Đơn vị sự nghiệp")
        COUNCIL = "hdnd", _("HĐND")

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="agencies", verbose_name=_("tỉnh")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("đơn vị cấp trên"),
    )
    group = models.ForeignKey(
        AgencyGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agencies",
        verbose_name=_("khối"),
    )
    name = models.CharField(_("tên đơn vị"), max_length=200)
    short_name = models.CharField(_("tên viết tắt"), max_length=64, blank=True)
    kind = models.CharField(_("loại đơn vị"), max_length=12, choices=Kind.choices)
    is_ranked = models.BooleanField(
        _("được xếp hạng"),
        default=True,
        help_text=_("Bỏ chọn với đơn vị được chấm điểm nhưng không xếp hạng."),
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    is_illustrative = models.BooleanField(
        _("dữ liệu minh họa"), default=False, help_text=_("Đánh dấu đơn vị do dữ liệu demo tạo ra.")
    )

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["province", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "name", "valid_from"], name="agency_name_unique_per_start"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="agency_validity_ordered",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("indicators:agency_profile", args=[self.pk])

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    def group_id_in(self, year: int) -> int | None:
        """The id of the khối this agency is ranked in for `year` (`in_group`'s rule;
        reads prefetched `group_memberships`)."""
        memberships = list(self.group_memberships.all())
        if not memberships:
            return self.group_id
        return next((m.group_id for m in memberships if m.covers(year)), None)

    def became(self, edges) -> "Agency | None":
        """What this agency merged into or was renamed to, from its lineage `edges`
        (`now_named`'s rule, without a query); None while it lives on as itself."""
        outgoing = [
            e for e in edges if e.predecessor_id == self.pk and e.relation in BECAME and e.successor
        ]
        latest = max(outgoing, key=lambda e: (e.effective_date, e.pk), default=None)
        return latest.successor if latest else None

    def predecessors(self):
        """Agencies that merged into, were renamed to, or gave functions to this one."""
        return Agency.objects.filter(lineage_as_predecessor__successor=self).distinct()

    def successors(self):
        return Agency.objects.filter(lineage_as_successor__predecessor=self).distinct()

    def ancestry(self, max_depth: int = 10) -> list["Agency"]:
        """All predecessors, transitively (a rename of a merger of ...), nearest first."""
        seen: dict[int, Agency] = {}
        frontier = [self.pk]
        for _depth in range(max_depth):
            edges = AgencyLineage.objects.filter(successor_id__in=frontier).select_related(
                "predecessor"
            )
            frontier = []
            for edge in edges:
                if edge.predecessor_id not in seen and edge.predecessor_id != self.pk:
                    seen[edge.predecessor_id] = edge.predecessor
                    frontier.append(edge.predecessor_id)
            if not frontier:
                break
        return list(seen.values())

    def code_on(self, day: datetime.date, scheme: str = "") -> str | None:
        codes = self.codes.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )
        if scheme:
            codes = codes.filter(scheme=scheme)
        first = codes.first()
        return first.code if first else None


class AgencyCode(models.Model):
    """An official code (mã ĐVHC, mã định danh) with the period it was valid."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="codes", verbose_name=_("đơn vị")
    )
    scheme = models.CharField(
        _("hệ mã"), max_length=32, help_text=_("Ví dụ: MA_DVHC, MA_DINH_DANH")
    )
    code = models.CharField(_("mã"), max_length=64)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã đơn vị")
        verbose_name_plural = _("mã đơn vị")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "code", "valid_from"], name="agency_code_unique_per_start"
            )
        ]

    def __str__(self):
        return f"{self.scheme}:{self.code}"


class AgencyLineage(models.Model):
    """One edge of agency history: predecessor → successor, as a legal text decided."""

    class Relation(models.TextChoices):
        MERGE_INTO = "merge_into", _("Hợp nhất vào")
        SPLIT_FROM = "split_from", _("Tách ra từ")
        RENAME = "rename", _("Đổi tên")
        TRANSFER_FUNCTION = "transfer_function", _("Chuyển giao chức năng")
        ABOLISH = "abolish", _("Giải thể / kết thúc hoạt động")

    predecessor = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="lineage_as_predecessor",
        verbose_name=_("đơn vị trước"),
    )
    successor = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="lineage_as_successor",
        verbose_name=_("đơn vị sau"),
        help_text=_("Để trống khi đơn vị bị giải thể mà không có đơn vị kế thừa."),
    )
    relation = models.CharField(_("quan hệ"), max_length=20, choices=Relation.choices)
    effective_date = models.DateField(_("ngày hiệu lực"))
    legal_basis = models.CharField(
        _("căn cứ pháp lý"), max_length=128, blank=True, help_text=_("Ví dụ: NĐ 45/2025/NĐ-CP")
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("quan hệ kế thừa")
        verbose_name_plural = _("quan hệ kế thừa")
        ordering = ["effective_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor", "relation"], name="lineage_edge_unique"
            ),
            models.CheckConstraint(
                condition=Q(successor__isnull=False) | Q(relation="abolish"),
                name="lineage_successor_required",
                violation_error_message=_("Chỉ quan hệ giải thể mới được để trống đơn vị sau."),
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")),
                name="lineage_not_self",
                violation_error_message=_("Một đơn vị không thể kế thừa chính nó."),
            ),
        ]

    def __str__(self):
        target = self.successor.name if self.successor_id else "—"
        return f"{self.predecessor.name} → {target} ({self.get_relation_display()})"


# The relations after which a predecessor lives on as its successor: results published for
# it afterwards name it "Sở GTVT (nay là Sở Xây dựng)".
BECAME = (AgencyLineage.Relation.MERGE_INTO, AgencyLineage.Relation.RENAME)


def now_named(agency_ref: str = "pk") -> models.Subquery:
    """An expression: the name of the agency the agency at `agency_ref` (an outer
    reference) merged into or was renamed to, the latest such edge; NULL for an agency
    that lives on under its own name (`BECAME`)."""
    edges = AgencyLineage.objects.filter(
        predecessor_id=models.OuterRef(agency_ref), relation__in=BECAME, successor__isnull=False
    ).order_by("-effective_date", "-pk")
    return models.Subquery(edges.values("successor__name")[:1])


def named(text: str) -> Q:
    """Rows whose `agency` has `text` in its name or short name: the search box of every list
    of agencies' rows (reports, results, dossier counts). A NUL character, which no name
    holds and PostgreSQL refuses in a query, is dropped from the search text."""
    text = text.replace("\x00", "")
    return Q(agency__name__icontains=text) | Q(agency__short_name__icontains=text)


def normalize_name(text: str) -> str:
    """Fold a Vietnamese agency name for matching: NFC, lower case, single spaces.

    Diacritics are kept: "Sở Y tế" and "Sở Ý tế" are different words in Vietnamese.
    """
    text = unicodedata.normalize("NFC", text or "")
    return " ".join(text.replace("–", "-").replace("—", "-").lower().split())


class AgencyAlias(models.Model):
    """Another name an agency goes by in spreadsheets and decisions (editable by staff)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("đơn vị")
    )
    alias = models.CharField(_("tên gọi khác"), max_length=200)
    normalized = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        verbose_name = _("tên gọi khác")
        verbose_name_plural = _("tên gọi khác")
        constraints = [
            models.UniqueConstraint(fields=["agency", "normalized"], name="alias_unique_per_agency")
        ]

    def __str__(self):
        return self.alias

    def save(self, *args, **kwargs):
        self.normalized = normalize_name(self.alias)
        super().save(*args, **kwargs)


class Membership(models.Model):
    """A user's role in one province; a reporter is also tied to one agency."""

    class Role(models.TextChoices):
        NOIVU = "noivu", _("Cán bộ Sở Nội vụ")
        REPORTER = "reporter", _("Cán bộ báo cáo của đơn vị")
        SUPERVISOR = "supervisor", _("Đại biểu / cán bộ HĐND (chỉ xem)")
        ADMIN = "admin", _("Quản trị hệ thống")
        # Bộ Nội vụ reads every province (the national PAR INDEX view) and writes nothing.
        BONOIVU = "bonoivu", _("Cán bộ Bộ Nội vụ (chỉ xem, mọi tỉnh)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership",
        verbose_name=_("người dùng"),
    )
    role = models.CharField(_("vai trò"), max_length=12, choices=Role.choices)
    province = models.ForeignKey(
        Province,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("tỉnh"),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("đơn vị"),
    )
    # Set when Sở Nội vụ gives the account a password (new account, reset): that password
    # was seen by someone else, so the user must choose their own before anything else
    # (`agencies.middleware.TemporaryPasswordMiddleware`).
    must_change_password = models.BooleanField(_("phải đổi mật khẩu"), default=False)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="reporter") | Q(agency__isnull=False),
                name="reporter_has_agency",
                violation_error_message=_("Cán bộ báo cáo phải gắn với một đơn vị."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=["admin", "bonoivu"]) | Q(province__isnull=False),
                name="non_admin_has_province",
                violation_error_message=_("Vai trò này phải gắn với một tỉnh."),
            ),
        ]

    # The one province a national reader has chosen to look at (`agencies.middleware.
    # ProvinceScopeMiddleware` sets it per request from the session); None: every province.
    # Not a field: it is the reader's current view, not their rights.
    scope_province_id: int | None = None

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}"

    @classmethod
    def for_user(cls, user) -> "Membership | None":
        """The user's membership, or None (anonymous, or an account without a role).

        `agencies.backends.MembershipBackend` reads it with the user, so this costs no
        query on a request."""
        if user is None or not user.is_authenticated:
            return None
        try:
            return user.membership
        except cls.DoesNotExist:
            return None

    @property
    def sees_every_province(self) -> bool:
        """An administrator with no province is a national one; so is Bộ Nội vụ's reader."""
        return self.role in {self.Role.ADMIN, self.Role.BONOIVU} and self.province_id is None

    def in_province(self, queryset, path: str = "province"):
        """`queryset` narrowed to this membership's province (`path` leads to the province).

        A national reader sees every province, or the one they switched to."""
        if self.sees_every_province:
            if self.scope_province_id is None:
                return queryset
            return queryset.filter(**{f"{path}_id": self.scope_province_id})
        return queryset.filter(**{f"{path}_id": self.province_id})

    def visible_provinces(self) -> list[Province]:
        """The provinces whose agencies this membership may read, and which have agencies."""
        agencies = self.in_province(Agency.objects.all())
        return list(Province.objects.filter(pk__in=agencies.values("province_id")))

    def switchable_provinces(self) -> list[Province]:
        """The provinces a reader of every province can switch to: those with agencies."""
        if not self.sees_every_province:
            return []
        agencies = Agency.objects.values("province_id")
        return list(Province.objects.filter(pk__in=agencies).order_by("name"))

    @property
    def is_staff_role(self) -> bool:
        return self.role in {self.Role.NOIVU, self.Role.ADMIN}

    def reads_records_of(self, agency_id: int) -> bool:
        """Whether this member may read an agency's own records (its inspections, findings
        and recommendations) among the agencies it may see: a reporter only their own
        agency's; staff and supervisors every agency's."""
        return self.role != self.Role.REPORTER or self.agency_id == agency_id
