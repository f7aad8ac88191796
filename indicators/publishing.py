"""Publishing a year's results for one group, and correcting them by adjustment.

Publishing freezes a dated `PublishedEdition`: the JSON of every result (and the final
score of every criterion) with its SHA-256, under the decision number that announced it
("QĐ 3349/QĐ-UBND ngày 26/12/2022"). Published numbers never change in place: a correction
is `adjust`, a new edition with its own decision number and reason that supersedes the
previous one. `IndexResult.published_*` take the newest edition's values; every older
edition stays downloadable with its hash, so anyone can check what was announced when.

A publication writes every report and result of the group in a few statements (one
UPDATE each, and their history rows in one INSERT each on PostgreSQL), not one save and
one history row at a time, which grows with the group into thousands of queries.
"""

import datetime
import hashlib
import json
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_update_with_history

from agencies.models import Province
from agencies.notifying import in_province_language, notify, reporters_of, staff_of

from .bulk import update_rows
from .models import AnnualReport, CriterionScore, Framework, IndexResult, PublishedEdition
from .recomputing import queue_recompute
from .workflow import WorkflowError

Status = AnnualReport.Status
# History rows per INSERT: as many as the backend takes in one statement (all of them on
# PostgreSQL, whose driver sends the values inline; SQLite caps a statement's parameters).
BATCH = None
PUBLISHED = [
    "is_published",
    "edition",
    "published_index_pct",
    "published_total_points",
    "published_satisfaction_pct",
    "published_rank",
    "published_band",
    "published_raw",
    "has_discrepancy",
]


def stored_text(message, **params) -> str:
    """A history reason, kept in the database: written in the province's language
    (`LANGUAGE_CODE`) whatever the interface language of the user who publishes."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(message).format(**params)


def _text(value) -> str | None:
    return None if value is None else str(value)


def canonical_json(content: dict) -> bytes:
    """The bytes the hash is taken over: sorted keys, no spaces, UTF-8."""
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )


def content_hash(content: dict) -> str:
    return hashlib.sha256(canonical_json(content)).hexdigest()


def _recompute_now(framework: Framework) -> None:
    """Results must be current before they are frozen, so publishing computes in-line."""
    try:
        from indicators.ranking import recompute
    except ImportError:  # pragma: no cover - ranking engine not installed
        return
    recompute(framework=framework, full=True)  # every report summed afresh, not only marked ones


def freeze_content(
    *, framework: Framework, decision_no: str, decision_date: datetime.date, kind: str
) -> dict:
    """Plain data of every result of the framework, numbers as strings (exact decimals)."""
    results = (
        IndexResult.objects.filter(framework=framework)
        .select_related("agency")
        .order_by("rank", "agency__name")
    )
    finals: dict[int, dict[str, str | None]] = defaultdict(dict)
    # Tuples, not instances: a commune group has 3.600 × 90 of them.
    # The points that counted in the totals frozen beside them (the final score, once the
    # appraisal closed), with two places on every database: SQLite returns a computed
    # decimal unscaled.
    scores = (
        CriterionScore.objects.with_points()
        .filter(report__framework=framework)
        .values_list("report_id", "criterion__code", "not_applicable", "points")
    )
    for report_id, code, not_applicable, points in scores.iterator(chunk_size=10_000):
        text = None if points is None else f"{points:.2f}"
        finals[report_id][code] = "KAD" if not_applicable else text
    report_ids = dict(framework.reports.values_list("agency_id", "pk"))
    rows = []
    for r in results:
        # Bonus and penalty points only where the framework has such lines: editions of
        # the others keep the shape (and hash input) they always had.
        adjustments = (
            {"bonus_points": _text(r.bonus_points), "penalty_points": _text(r.penalty_points)}
            if r.bonus_points is not None or r.penalty_points is not None
            else {}
        )
        rows.append(
            {
                "agency_id": r.agency_id,
                "agency": r.agency.name,
                "evidence_points": _text(r.evidence_points),
                "survey_points": _text(r.survey_points),
                "total_points": _text(r.total_points),
                "applicable_max": _text(r.applicable_max),
                "index_pct": _text(r.index_pct),
                "satisfaction_pct": _text(r.satisfaction_pct),
                "components": r.components,
                "band": r.band,
                "rank": r.rank,
                "group_size": r.group_size,
                "criteria": finals.get(report_ids.get(r.agency_id), {}),
                **adjustments,
            }
        )
    return {
        "framework": {
            "id": framework.pk,
            "name": framework.name,
            "year": framework.year,
            "group": framework.group.name,
            "province": framework.province.name,
            "legal_basis": framework.legal_basis,
        },
        "kind": kind,
        "decision_no": decision_no,
        "decision_date": decision_date.isoformat(),
        "results": rows,
    }


def _apply_edition(edition: PublishedEdition) -> int:
    """Copy the edition's values into `IndexResult.published_*` (what the dashboard shows)."""
    results = {
        r.agency_id: r for r in IndexResult.objects.filter(framework_id=edition.framework_id)
    }
    published = []
    for row in edition.content["results"]:
        result = results.get(row["agency_id"])
        if result is None:
            continue
        published.append(result)
        result.is_published = True
        result.edition = edition
        result.published_index_pct = (
            Decimal(row["index_pct"]) if row["index_pct"] is not None else None
        )
        result.published_total_points = (
            Decimal(row["total_points"]) if row["total_points"] is not None else None
        )
        result.published_satisfaction_pct = (
            Decimal(row["satisfaction_pct"]) if row["satisfaction_pct"] is not None else None
        )
        result.published_rank = row["rank"]
        result.published_band = row["band"] or ""
        result.published_raw = {k: v for k, v in row.items() if k != "criteria"}
        result.has_discrepancy = False
    update_rows(
        IndexResult,
        [{"id": r.pk, **{name: _json_value(r, name) for name in PUBLISHED}} for r in published],
        PUBLISHED,
    )
    # History rows only (no fields: the rows are written above), from the values just set.
    bulk_update_with_history(
        published,
        IndexResult,
        [],
        batch_size=BATCH,
        default_user=edition.created_by,
        default_change_reason=stored_text(gettext_lazy("Công bố theo {edition}"), edition=edition),
    )
    return len(results)


def _json_value(result: IndexResult, name: str):
    """A field's value as `bulk.update_rows` takes it: foreign keys as their id."""
    field = IndexResult._meta.get_field(name)
    return getattr(result, field.attname)


def _freeze(
    *, framework, kind, decision_no, decision_date, reason, supersedes, user
) -> PublishedEdition:
    if PublishedEdition.objects.filter(framework=framework, decision_no=decision_no).exists():
        raise WorkflowError(
            _(
                "Quyết định số {decision_no} đã được dùng cho một bản công bố của năm và khối này."
            ).format(decision_no=decision_no)
        )
    _recompute_now(framework)
    content = freeze_content(
        framework=framework, decision_no=decision_no, decision_date=decision_date, kind=kind
    )
    if not content["results"]:
        raise WorkflowError(_("Chưa có kết quả chỉ số nào để công bố; hãy tính xếp hạng trước."))
    edition = PublishedEdition.objects.create(
        framework=framework,
        kind=kind,
        decision_no=decision_no,
        decision_date=decision_date,
        reason=reason,
        supersedes=supersedes,
        created_by=user,
        content=content,
        content_hash=content_hash(content),
    )
    _apply_edition(edition)
    Province.objects.filter(pk=framework.province_id).bump_data_version()
    return edition


def latest_edition(framework: Framework) -> PublishedEdition | None:
    return (
        framework.editions.exclude(kind=PublishedEdition.Kind.IMPORT)
        .order_by("-created_at", "-pk")
        .first()
    )


def publish_refusal(framework: Framework, *, reports: list | None = None) -> str | None:
    """Why the year and group cannot be published now, naming the condition; None when it
    can. `reports`: the framework's reports with their agencies, if already read."""
    if latest_edition(framework) is not None:
        return _("Năm và khối này đã công bố; muốn sửa số liệu hãy dùng quyết định điều chỉnh.")
    if reports is None:
        reports = list(framework.reports.select_related("agency"))
    if not reports:
        return _("Chưa có báo cáo nào trong năm và khối này.")
    pending = [r for r in reports if r.status != Status.APPRAISED]
    if pending:
        names = ", ".join(f"{r.agency} ({r.get_status_display()})" for r in pending[:5])
        more = (
            _(" và %(count)d đơn vị khác") % {"count": len(pending) - 5} if len(pending) > 5 else ""
        )
        return _(
            "Chưa thể công bố: còn %(count)d báo cáo chưa thẩm định xong: %(names)s%(more)s."
        ) % {"count": len(pending), "names": names, "more": more}
    return None


@transaction.atomic
def publish(
    *, framework: Framework, decision_no: str, decision_date: datetime.date, user
) -> PublishedEdition:
    """Publish a year and group: every report must be appraised."""
    framework = (
        Framework.objects.select_for_update()
        .select_related("group", "province")
        .get(pk=framework.pk)
    )
    reports = list(framework.reports.select_for_update().select_related("agency"))
    refusal = publish_refusal(framework, reports=reports)
    if refusal:
        raise WorkflowError(refusal)
    now = timezone.now()
    published = {
        "status": Status.PUBLISHED,
        "published_at": now,
        "updated_by": user,
        "updated_at": now,
    }
    framework.reports.update(**published, version=F("version") + 1)  # the reports locked above
    for report in reports:  # as written above: the history rows are made from these
        for name, value in published.items():
            setattr(report, name, value)
        report.version += 1
    bulk_update_with_history(
        reports,
        AnnualReport,
        [],
        batch_size=BATCH,
        default_user=user,
        default_change_reason=stored_text(
            gettext_lazy("Công bố theo QĐ {decision_no}"), decision_no=decision_no
        ),
    )
    edition = _freeze(
        framework=framework,
        kind=PublishedEdition.Kind.PUBLICATION,
        decision_no=decision_no,
        decision_date=decision_date,
        reason="",
        supersedes=None,
        user=user,
    )
    framework.is_open = False
    framework.save(update_fields=["is_open"])
    transaction.on_commit(lambda: _announce(edition, reports))
    queue_recompute(framework)
    return edition


@transaction.atomic
def adjust(
    *,
    framework: Framework,
    decision_no: str,
    decision_date: datetime.date,
    reason: str,
    user,
    corrections: dict[int, Decimal | None],
) -> PublishedEdition:
    """Correct final criterion scores ({CriterionScore id: points}) and publish a new edition."""
    framework = (
        Framework.objects.select_for_update()
        .select_related("group", "province")
        .get(pk=framework.pk)
    )
    previous = latest_edition(framework)
    if previous is None:
        raise WorkflowError(_("Năm và khối này chưa công bố nên chưa thể điều chỉnh."))
    if not reason.strip():
        raise WorkflowError(_("Cần ghi lý do điều chỉnh."))
    scores = {
        s.pk: s
        for s in CriterionScore.objects.select_for_update()
        .select_related("criterion", "report__agency")
        .filter(report__framework=framework, pk__in=corrections)
    }
    if set(corrections) - set(scores):
        raise WorkflowError(_("Danh sách điều chỉnh chứa tiêu chí không thuộc năm và khối này."))
    changed = 0
    for score_id, points in corrections.items():
        score = scores[score_id]
        if points is not None and not (0 <= points <= score.max_points):
            raise WorkflowError(
                _("{agency} – tiêu chí {code}: điểm phải từ 0 đến {max_points}.").format(
                    agency=score.report.agency,
                    code=score.criterion.code,
                    max_points=score.max_points,
                )
            )
        if score.final_score != points:
            score.final_score = points
            score._change_reason = stored_text(
                gettext_lazy("Điều chỉnh theo QĐ {decision_no}: {reason}"),
                decision_no=decision_no,
                reason=reason,
            )[:100]
            score.save()
            changed += 1
    if not changed:
        raise WorkflowError(_("Không có điểm nào thay đổi so với bản công bố hiện hành."))
    edition = _freeze(
        framework=framework,
        kind=PublishedEdition.Kind.ADJUSTMENT,
        decision_no=decision_no,
        decision_date=decision_date,
        reason=reason.strip(),
        supersedes=previous,
        user=user,
    )
    transaction.on_commit(
        lambda: _announce(edition, list(framework.reports.select_related("agency")))
    )
    return edition


@in_province_language
def _announce(edition: PublishedEdition, reports: list[AnnualReport]) -> None:
    framework = edition.framework
    verb = _("điều chỉnh") if edition.kind == PublishedEdition.Kind.ADJUSTMENT else _("công bố")
    text = _("Đã {verb} kết quả Chỉ số CCHC năm {year} ({group}) theo {edition}.").format(
        verb=verb, year=framework.year, group=framework.group, edition=edition
    )
    users = [
        *staff_of(framework.province_id),
        *reporters_of(*(report.agency_id for report in reports)),
    ]
    url = f"{reverse('indicators:report_list')}?year={framework.year}&group={framework.group_id}"
    notify(users=users, text=text, url=url)
