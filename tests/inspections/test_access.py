"""Who may do what: Sở Nội vụ staff manage inspections, HĐND supervisors their own supervisions,
reporters read what concerns their agency and post updates on recommendations addressed to it."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies.models import Membership
from inspections.models import InspectionPlan, Recommendation, RecommendationUpdate
from tests.conftest import client_for
from tests.factories import (
    AgencyFactory,
    MembershipFactory,
    PlanFactory,
    ProvinceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CLIENTS = [
    "staff_client",
    "supervisor_client",
    "reporter_client",
    "other_reporter_client",
    "anonymous",
]


def _expect(*codes):
    """(client fixture, expected status) pairs in CLIENTS order."""
    return list(zip(CLIENTS, codes, strict=True))


def _status(request, client_name, url, method="get", data=None):
    client = request.getfixturevalue(client_name)
    return getattr(client, method)(url, data or {}).status_code


@pytest.mark.parametrize(
    "name", ["inspections:plan_list", "inspections:visit_list", "inspections:recommendation_board"]
)
@pytest.mark.parametrize("client_name,expected", _expect(200, 200, 200, 200, 302))
def test_lists_are_open_to_every_role_but_not_anonymous(request, name, client_name, expected):
    assert _status(request, client_name, reverse(name)) == expected


# The HĐND visit covered agency A only: reporter B gets a 404, not a page.
@pytest.mark.parametrize("client_name,expected", _expect(200, 200, 200, 404, 302))
@pytest.mark.parametrize("target", ["plan", "visit"])
def test_hdnd_supervision_is_readable_by_its_agency_only_among_reporters(
    request, hdnd_visit, target, client_name, expected
):
    url = hdnd_visit.plan.get_absolute_url() if target == "plan" else hdnd_visit.get_absolute_url()
    assert _status(request, client_name, url) == expected


def test_reporter_does_not_list_plans_that_never_concerned_their_agency(
    other_reporter_client, hdnd_visit, visit
):
    response = other_reporter_client.get(reverse("inspections:plan_list"))
    assert [r.record for r in response.context["table"].rows] == [visit.plan]


def test_another_province_cannot_see_the_plan(plan, visit):
    outsider = UserFactory(username="noivu-khac")
    MembershipFactory(
        user=outsider, role=Membership.Role.NOIVU, province=ProvinceFactory(code="QN")
    )
    client = client_for(outsider)
    assert client.get(plan.get_absolute_url()).status_code == 404
    assert client.get(reverse("inspections:plan_edit", args=[plan.pk])).status_code == 404
    assert not client.get(reverse("inspections:plan_list")).context["table"].rows


EDIT_URLS = [
    ("inspections:plan_edit", "plan"),
    ("inspections:visit_create", "plan"),
    ("inspections:visit_edit", "visit"),
    ("inspections:visit_findings", "visit"),
]


@pytest.mark.parametrize("name,obj", EDIT_URLS)
@pytest.mark.parametrize("client_name,expected", _expect(200, 404, 403, 403, 302))
def test_only_staff_edit_a_noivu_inspection(request, visit, name, obj, client_name, expected):
    target = visit.plan if obj == "plan" else visit
    assert _status(request, client_name, reverse(name, args=[target.pk])) == expected


@pytest.mark.parametrize("name,obj", EDIT_URLS)
@pytest.mark.parametrize("client_name,expected", _expect(404, 200, 403, 403, 302))
def test_only_supervisors_edit_an_hdnd_supervision(
    request, hdnd_visit, name, obj, client_name, expected
):
    target = hdnd_visit.plan if obj == "plan" else hdnd_visit
    assert _status(request, client_name, reverse(name, args=[target.pk])) == expected


@pytest.mark.parametrize("client_name,expected", _expect(200, 200, 403, 403, 302))
def test_create_plan_is_for_staff_and_supervisors(request, client_name, expected):
    assert _status(request, client_name, reverse("inspections:plan_create")) == expected


@pytest.mark.parametrize("client_name", ["reporter_client", "supervisor_client"])
def test_post_to_edit_someone_elses_plan_changes_nothing(request, plan, client_name):
    status = _status(
        request,
        client_name,
        reverse("inspections:plan_edit", args=[plan.pk]),
        "post",
        {
            "kind": "noivu_cchc",
            "number": "1/KH",
            "date": "2022-01-01",
            "issuer": "x",
            "year": "2022",
            "subject": "x",
        },
    )
    assert status in {403, 404}
    assert InspectionPlan.objects.get().number == "1296/KH-SNV"


def test_province_admin_edits_both_kinds(admin_client_persona, plan, hdnd_plan):
    for target in (plan, hdnd_plan):
        assert (
            admin_client_persona.get(reverse("inspections:plan_edit", args=[target.pk])).status_code
            == 200
        )


@pytest.mark.parametrize("client_name,expected", _expect(200, 200, 200, 404, 302))
def test_recommendation_detail_for_addressee_and_issuers(request, rec_a, client_name, expected):
    assert (
        _status(request, client_name, reverse("inspections:recommendation_detail", args=[rec_a.pk]))
        == expected
    )


def test_reporter_board_shows_only_own_agency(reporter_client, rec_a, rec_b, hdnd_rec):
    response = reporter_client.get(reverse("inspections:recommendation_board"), {"state": "all"})
    assert {r.record for r in response.context["table"].rows} == {rec_a, hdnd_rec}


UPDATE = {
    "text": "Đã ban hành kế hoạch khắc phục",
    "document_no": "112/KH-SXD",
    "document_date": "2023-11-02",
    "status_after": "in_progress",
}


@pytest.mark.parametrize("client_name,expected", _expect(403, 403, 302, 404, 302))
def test_only_the_addressee_posts_updates(request, rec_a, client_name, expected):
    url = reverse("inspections:recommendation_post_update", args=[rec_a.pk])
    assert _status(request, client_name, url, "post", UPDATE) == expected
    assert RecommendationUpdate.objects.exists() == (client_name == "reporter_client")


def test_posting_an_update_needs_post(reporter_client, rec_a):
    assert (
        reporter_client.get(
            reverse("inspections:recommendation_post_update", args=[rec_a.pk])
        ).status_code
        == 405
    )


def test_update_form_shows_only_to_the_addressee(reporter_client, staff_client, rec_a):
    url = reverse("inspections:recommendation_detail", args=[rec_a.pk])
    assert reporter_client.get(url).context["update_form"] is not None
    assert reporter_client.get(url).context["confirm_form"] is None
    assert staff_client.get(url).context["update_form"] is None
    assert staff_client.get(url).context["confirm_form"] is not None


def test_bad_attachment_extension_is_refused_naming_the_field(reporter_client, rec_a):
    upload = SimpleUploadedFile("virus.exe", b"MZ")
    response = reporter_client.post(
        reverse("inspections:recommendation_post_update", args=[rec_a.pk]),
        {**UPDATE, "attachment": upload},
    )
    assert response.status_code == 400
    assert "Tệp đính kèm" in response.text
    assert not RecommendationUpdate.objects.exists()


@pytest.mark.parametrize("client_name,expected", _expect(302, 404, 403, 403, 302))
def test_staff_confirm_noivu_recommendations(request, rec_a, client_name, expected):
    url = reverse("inspections:recommendation_confirm", args=[rec_a.pk])
    assert _status(request, client_name, url, "post", {"completed_date": "2023-11-20"}) == expected
    rec_a.refresh_from_db()
    assert (rec_a.status == Recommendation.Status.DONE) == (client_name == "staff_client")


@pytest.mark.parametrize("client_name,expected", _expect(404, 302, 403, 403, 302))
def test_supervisors_confirm_hdnd_recommendations(request, hdnd_rec, client_name, expected):
    url = reverse("inspections:recommendation_confirm", args=[hdnd_rec.pk])
    assert _status(request, client_name, url, "post", {"completed_date": "2024-01-20"}) == expected
    hdnd_rec.refresh_from_db()
    assert (hdnd_rec.status == Recommendation.Status.DONE) == (client_name == "supervisor_client")


def test_confirming_a_future_date_is_refused(staff_client, rec_a):
    future = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    response = staff_client.post(
        reverse("inspections:recommendation_confirm", args=[rec_a.pk]), {"completed_date": future}
    )
    assert response.status_code == 400 and "không thể ở tương lai" in response.text


@pytest.mark.parametrize("client_name,expected", _expect(200, 200, 200, 404, 302))
def test_attachments_are_served_only_to_readers_of_the_recommendation(
    request, rec_a, reporter, client_name, expected
):
    RecommendationUpdate.objects.create(
        recommendation=rec_a,
        posted_by=reporter,
        text="Báo cáo",
        status_after="in_progress",
        attachment=SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 test"),
    )
    update = RecommendationUpdate.objects.get()
    response = request.getfixturevalue(client_name).get(
        reverse("inspections:update_attachment", args=[update.pk])
    )
    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
        assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize(
    "name", ["inspections:agency_panel", "inspections:agency_criterion_findings"]
)
@pytest.mark.parametrize("client_name,expected", _expect(200, 200, 200, 404, 302))
def test_fragments_of_agency_a(request, visit, agency_a, name, client_name, expected):
    assert _status(request, client_name, reverse(name, args=[agency_a.pk])) == expected


def test_fragment_of_another_province_agency_is_404(staff_client, visit):
    elsewhere = AgencyFactory(name="Sở Xây dựng Quảng Ninh")
    assert (
        staff_client.get(reverse("inspections:agency_panel", args=[elsewhere.pk])).status_code
        == 404
    )


def test_every_inspections_view_declares_roles():
    from django.urls import get_resolver

    resolver = get_resolver().url_patterns
    (inspections,) = [p for p in resolver if getattr(p, "namespace", None) == "inspections"]
    for pattern in inspections.url_patterns:
        assert getattr(pattern.callback, "required_roles", None), pattern.name


def test_supervisors_read_staff_inspections_in_their_province(supervisor_client, province):
    plan = PlanFactory(province=province, kind="public_service", number="7/KH-SNV")
    assert supervisor_client.get(plan.get_absolute_url()).status_code == 200
