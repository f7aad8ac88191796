"""Forms for plans, visits (with team), findings and recommendations, and the follow-up steps."""

from django import forms
from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db.models import Q
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Membership, Province
from indicators.forms.rows import line_row, name_row_inputs
from indicators.models import Criterion

from ..models import (
    STAFF_KINDS,
    SUPERVISOR_KINDS,
    Finding,
    InspectionKind,
    InspectionPlan,
    Recommendation,
    RecommendationUpdate,
    TeamMember,
    Visit,
)


class DateInput(forms.DateInput):
    """A browser date picker; it needs ISO values whatever the display locale."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class StyledForm:
    """Bootstrap classes on every widget, so templates stay plain."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select form-select-sm" if self.prefix else "form-select"
            else:
                css = "form-control form-control-sm" if self.prefix else "form-control"
            widget.attrs.setdefault("class", css)


class BaseFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = gettext("Xoá")
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"
        if index is not None:  # not the empty form
            name_row_inputs(form, line_row(index + 1))


def _agency_choices(province_id):
    return [(a.pk, a.name) for a in Agency.objects.filter(province_id=province_id).order_by("name")]


class PlanForm(StyledForm, forms.ModelForm):
    class Meta:
        model = InspectionPlan
        fields = ["kind", "number", "date", "issuer", "issuing_agency", "year", "subject"]
        widgets = {"date": DateInput(), "subject": forms.TextInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        membership = Membership.for_user(user)
        kinds = {
            Membership.Role.NOIVU: STAFF_KINDS,
            Membership.Role.SUPERVISOR: SUPERVISOR_KINDS,
        }.get(membership.role, [k for k, _ in InspectionKind.choices])
        self.fields["kind"].choices = [
            (k, label) for k, label in InspectionKind.choices if k in kinds
        ]
        if self.instance.province_id is None:
            self.instance.province_id = membership.province_id
        if self.instance.province_id is None:  # a system-wide admin picks the province
            self.fields["province"] = forms.ModelChoiceField(
                queryset=Province.objects.all(), label=gettext("Tỉnh")
            )
        if not self.instance.pk:
            is_hdnd = membership.role == Membership.Role.SUPERVISOR
            self.fields["issuer"].initial = (
                gettext("Thường trực HĐND tỉnh") if is_hdnd else gettext("Sở Nội vụ")
            )
            self.fields["year"].initial = timezone.localdate().year
        self.fields["issuing_agency"].queryset = Agency.objects.filter(
            province_id=self.instance.province_id
        )

    def clean(self):
        cleaned = super().clean()
        province = cleaned.get("province") or self.instance.province
        if "province" in cleaned:
            self.instance.province = province
        number, year = cleaned.get("number"), cleaned.get("year")
        if province and number and year:
            clash = InspectionPlan.objects.filter(
                province=province, number=number, year=year
            ).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(
                    "number",
                    gettext("Kế hoạch số {number} năm {year} đã có trong hệ thống.").format(
                        number=number, year=year
                    ),
                )
        return cleaned


class VisitForm(StyledForm, forms.ModelForm):
    agencies = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.none(),
        label=_("Đơn vị được kiểm tra, giám sát"),
        help_text=_("Một đợt có thể làm việc với nhiều đơn vị (giữ Ctrl để chọn nhiều)."),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    source_url = forms.URLField(label=_("Nguồn"), required=False, assume_scheme="https")

    class Meta:
        model = Visit
        fields = [
            "date",
            "agencies",
            "lead_name",
            "lead_position",
            "mode",
            "announced",
            "conclusion_no",
            "conclusion_date",
            "summary",
            "source_url",
        ]
        widgets = {
            "date": DateInput(),
            "conclusion_date": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, plan: InspectionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        # Agencies that existed in the plan's year (2025 mergers), plus any already chosen.
        active = (
            Agency.objects.filter(province_id=plan.province_id)
            .active_in_year(plan.year)
            .values("pk")
        )
        chosen = (
            self.instance.agencies.values("pk")
            if self.instance.pk
            else Agency.objects.none().values("pk")
        )
        self.fields["agencies"].queryset = Agency.objects.filter(
            Q(pk__in=active) | Q(pk__in=chosen)
        ).order_by("kind", "name")

    def clean(self):
        cleaned = super().clean()
        day, agencies = cleaned.get("date"), cleaned.get("agencies")
        if day and agencies:
            gone = [a.name for a in agencies if not a.is_active_on(day)]
            if gone:
                self.add_error(
                    "agencies",
                    gettext(
                        "Đơn vị không còn (hoặc chưa) hoạt động vào ngày {day:%d/%m/%Y}: {join}."
                    ).format(day=day, join=", ".join(gone)),
                )
        conclusion = cleaned.get("conclusion_date")
        if day and conclusion and conclusion < day:
            self.add_error(
                "conclusion_date", gettext("Ngày kết luận không thể trước ngày làm việc.")
            )
        return cleaned


class TeamMemberForm(StyledForm, forms.ModelForm):
    class Meta:
        model = TeamMember
        fields = ["name", "position", "order"]


TeamMemberFormSet = inlineformset_factory(
    Visit,
    TeamMember,
    form=TeamMemberForm,
    formset=BaseFormSet,
    extra=2,
    can_delete=True,
    widgets={"order": forms.NumberInput(attrs={"style": "width:5em"})},
)


class FindingForm(StyledForm, forms.ModelForm):
    class Meta:
        model = Finding
        fields = ["agency", "kind", "text", "criterion", "procedure_indicator"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        cleaned = super().clean()
        agency, criterion = cleaned.get("agency"), cleaned.get("criterion")
        # The agency's khối of the criterion's year: blocs are dated.
        if (
            agency
            and criterion
            and agency.group_id
            and criterion.framework.group_id != agency.group_id_in(criterion.framework.year)
        ):
            self.add_error(
                "criterion",
                gettext(
                    "Tiêu chí {code} thuộc bộ chỉ số của khối khác, không áp dụng cho {name}."
                ).format(code=criterion.code, name=agency.name),
            )
        return cleaned


class BaseFindingFormSet(BaseFormSet):
    """Agencies limited to those visited; criteria of the plan's (and visit's) year, grouped by
    framework."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        visit = self.instance
        agencies = list(visit.agencies.order_by("name"))
        years = {visit.plan.year, visit.date.year}
        criteria = (
            Criterion.objects.filter(
                framework__province_id=visit.plan.province_id, framework__year__in=years
            )
            .select_related("framework__group")
            .order_by("framework__year", "framework__group__order", "order")
        )
        grouped: dict[str, list] = {}
        for c in criteria:
            grouped.setdefault(f"{c.framework.group.name} ({c.framework.year})", []).append(
                (c.pk, f"{c.code} {c.name}")
            )
        self._agency_choices = [("", "---------")] + [(a.pk, a.name) for a in agencies]
        self._agency_ids = [a.pk for a in agencies]
        self._criterion_choices = [("", gettext("— không gắn tiêu chí —")), *grouped.items()]
        self._criterion_ids = [c.pk for c in criteria]
        for form in [*self.forms, self.empty_form]:
            self._limit(form)

    def _limit(self, form):
        # Shared choice lists: one query for the whole formset, not one per row.
        form.fields["agency"].queryset = Agency.objects.filter(pk__in=self._agency_ids)
        form.fields["agency"].choices = self._agency_choices
        form.fields["criterion"].queryset = Criterion.objects.filter(
            pk__in=self._criterion_ids
        ).select_related("framework")
        form.fields["criterion"].choices = self._criterion_choices


FindingFormSet = inlineformset_factory(
    Visit, Finding, form=FindingForm, formset=BaseFindingFormSet, extra=2, can_delete=True
)


class RecommendationForm(StyledForm, forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["addressee", "text", "deadline", "finding"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "deadline": DateInput()}


class BaseRecommendationFormSet(BaseFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        visit = self.instance
        agency_choices = [("", "---------"), *_agency_choices(visit.plan.province_id)]
        findings = list(visit.findings.select_related("agency"))
        finding_choices = [("", gettext("— không gắn nhận xét —"))] + [
            (f.pk, f"{f.agency.name}: {f.text[:70]}") for f in findings
        ]
        for form in [*self.forms, self.empty_form]:
            form.fields["addressee"].queryset = Agency.objects.filter(
                province_id=visit.plan.province_id
            )
            form.fields["addressee"].choices = agency_choices
            form.fields["finding"].queryset = Finding.objects.filter(visit=visit)
            form.fields["finding"].choices = finding_choices

    def clean(self):
        super().clean()
        for number, form in enumerate(self.forms, start=1):
            if not hasattr(form, "cleaned_data"):
                continue
            deadline = form.cleaned_data.get("deadline")
            if deadline and deadline < self.instance.date and not form.cleaned_data.get("DELETE"):
                form.add_error(
                    "deadline",
                    gettext(
                        "Kiến nghị dòng {number}: thời hạn không thể trước ngày làm việc."
                    ).format(number=number),
                )
            if (
                form.cleaned_data.get("DELETE")
                and form.instance.pk
                and form.instance.updates.exists()
            ):
                raise forms.ValidationError(
                    gettext(
                        "Kiến nghị dòng {number} đã có cập nhật của đơn vị thực hiện, không thể "
                        "xoá."
                    ).format(number=number)
                )

    def save_existing(self, form, obj, commit=True):
        # A new deadline re-arms the overdue announcement.
        if "deadline" in form.changed_data:
            obj.overdue_notified_at = None
        return super().save_existing(form, obj, commit=commit)


RecommendationFormSet = inlineformset_factory(
    Visit,
    Recommendation,
    form=RecommendationForm,
    formset=BaseRecommendationFormSet,
    extra=2,
    can_delete=True,
)


class RecommendationUpdateForm(StyledForm, forms.ModelForm):
    STATUS_CHOICES = [
        (Recommendation.Status.IN_PROGRESS, _("Đang thực hiện")),
        (Recommendation.Status.DONE, _("Đã hoàn thành (đề nghị cơ quan kiến nghị xác nhận)")),
    ]
    status_after = forms.ChoiceField(label=_("Tình trạng"), choices=STATUS_CHOICES)
    attachment = forms.FileField(
        label=_("Tệp đính kèm"),
        required=False,
        validators=[FileExtensionValidator(settings.EVIDENCE_EXTENSIONS)],
        help_text=_("Văn bản báo cáo (PDF, DOCX, XLSX, ảnh); tối đa 20 MB."),
    )

    class Meta:
        model = RecommendationUpdate
        fields = ["text", "document_no", "document_date", "attachment", "status_after"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "document_date": DateInput()}

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload and upload.size > settings.EVIDENCE_MAX_BYTES:
            limit = settings.EVIDENCE_MAX_BYTES // (1024 * 1024)
            raise forms.ValidationError(
                gettext("Tệp “{name}” vượt quá dung lượng cho phép ({limit} MB).").format(
                    name=upload.name, limit=limit
                )
            )
        return upload

    def clean_document_date(self):
        day = self.cleaned_data.get("document_date")
        if day and day > timezone.localdate():
            raise forms.ValidationError(gettext("Ngày văn bản không thể ở tương lai."))
        return day


class ConfirmCompletionForm(StyledForm, forms.Form):
    completed_date = forms.DateField(label=_("Ngày hoàn thành"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["completed_date"].initial = timezone.localdate()

    def clean_completed_date(self):
        day = self.cleaned_data["completed_date"]
        if day > timezone.localdate():
            raise forms.ValidationError(gettext("Ngày hoàn thành không thể ở tương lai."))
        return day
