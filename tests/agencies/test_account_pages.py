"""The account pages of Sở Nội vụ: list (search, filters, pagination, empty state), create
one, import a list with a preview, new password, lock with a confirmation, the audit log,
and the forced password change of a one-time password."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from agencies.models import AccountEvent, Membership
from tests.conftest import client_for
from tests.factories import AgencyFactory, MembershipFactory, ProvinceFactory, UserFactory

User = get_user_model()
LIST = reverse("agencies:account_list")
CREATE = reverse("agencies:account_create")
IMPORT = reverse("agencies:account_import")
CONFIRM = reverse("agencies:account_import_confirm")


def reporters(agency, count, prefix="cb"):
    for i in range(count):
        user = UserFactory(username=f"{prefix}{i:02}", first_name="Cán bộ", last_name=f"{i}")
        MembershipFactory(
            user=user, role=Membership.Role.REPORTER, province=agency.province, agency=agency
        )


def xlsx(rows, headers=("Họ và tên", "Tên đăng nhập", "Đơn vị", "Email"), name="ds.xlsx"):
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH CÁN BỘ BÁO CÁO CCHC"])  # a title above the header row
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    out.name = name
    out.seek(0)
    return out


def one_time_passwords(response) -> list[str]:
    return re.findall(r'class="fs-6 one-time-password">([^<]+)<', response.content.decode())


@pytest.fixture
def other_province_staff(db):
    province = ProvinceFactory(code="NA", name="Nghệ An")
    user = UserFactory(username="noivu.na")
    MembershipFactory(user=user, role=Membership.Role.NOIVU, province=province)
    return user


# --- the list ---------------------------------------------------------------------------------


def test_the_list_searches_filters_and_pages(staff_client, agency_a, agency_b, reporter):
    reporters(agency_a, 30)
    response = staff_client.get(LIST)
    assert response.status_code == 200
    table = response.context["table"]
    assert table.paginator.count == 31 and len(table.page.object_list) == 25
    assert staff_client.get(LIST, {"page": 2}).context["table"].page.number == 2
    found = staff_client.get(LIST, {"q": "sxd"}).context["table"]
    assert [row.record.username for row in found.page.object_list] == ["sxd"]
    by_agency = staff_client.get(LIST, {"agency": agency_b.pk}).context["table"]
    assert by_agency.paginator.count == 0
    assert (
        "Không có tài khoản nào khớp với bộ lọc."
        in staff_client.get(LIST, {"agency": agency_b.pk}).content.decode()
    )


def test_an_empty_province_says_how_to_start(staff_client, agency_a):
    page = staff_client.get(LIST).content.decode()
    assert "Chưa có tài khoản cán bộ báo cáo nào trong tỉnh." in page
    assert CREATE in page and IMPORT in page


def test_the_list_costs_the_same_queries_for_5_or_30_accounts(
    staff_client, agency_a, django_assert_max_num_queries
):
    reporters(agency_a, 5)
    staff_client.get(LIST)
    with django_assert_max_num_queries(8) as five:
        staff_client.get(LIST)
    reporters(agency_a, 25, prefix="more")
    with django_assert_max_num_queries(len(five.captured_queries)):
        staff_client.get(LIST)


def test_the_menu_shows_accounts_to_staff_only(staff_client, reporter_client):
    assert LIST in staff_client.get("/").content.decode()
    assert LIST not in reporter_client.get("/").content.decode()


def test_staff_of_another_province_see_none_of_these_accounts(
    other_province_staff, reporter, agency_a
):
    client = client_for(other_province_staff)
    assert client.get(LIST).context["table"].paginator.count == 0
    assert client.get(reverse("agencies:account_detail", args=[reporter.pk])).status_code == 404
    for name in ("account_reset_password", "account_deactivate"):
        url = reverse(f"agencies:{name}", args=[reporter.pk])
        assert client.get(url).status_code == 404, name
        assert client.post(url).status_code == 404, name
    form_agencies = client.get(CREATE).context["form"].fields["agency"].queryset
    assert agency_a not in form_agencies
    assert User.objects.get(pk=reporter.pk).is_active


# --- creating one ---------------------------------------------------------------------------


def test_staff_create_a_reporter_and_see_its_password_once(staff_client, noivu_staff, agency_a):
    data = {"full_name": "Trần Thị Mai", "username": "mai.tt", "agency": agency_a.pk}
    response = staff_client.post(CREATE, data)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    [password] = one_time_passwords(response)
    user = User.objects.get(username="mai.tt")
    assert user.check_password(password) and user.membership.agency == agency_a
    assert AccountEvent.objects.get(account=user).actor == noivu_staff
    again = staff_client.post(CREATE, data)  # a double click creates nothing more
    assert "“mai.tt” đã có người dùng." in again.content.decode()
    assert User.objects.filter(username="mai.tt").count() == 1


def test_a_new_account_must_change_its_password_before_anything_else(
    staff_client, agency_a, client
):
    response = staff_client.post(
        CREATE, {"full_name": "Trần Thị Mai", "username": "mai.tt", "agency": agency_a.pk}
    )
    [password] = one_time_passwords(response)
    assert client.login(username="mai.tt", password=password)
    change = reverse("agencies:password_change")
    assert client.get("/")["Location"] == change
    assert client.get(reverse("indicators:report_list"))["Location"] == change
    assert "mật khẩu do Sở Nội vụ cấp" in client.get(change).content.decode()
    done = client.post(
        change,
        {
            "old_password": password,
            "new_password1": "Cchc-Ha-Tinh-2027",
            "new_password2": "Cchc-Ha-Tinh-2027",
        },
    )
    assert done.status_code == 302
    assert client.get("/").status_code == 200  # still logged in, and free to go
    assert not Membership.objects.get(user__username="mai.tt").must_change_password


# --- importing a list -----------------------------------------------------------------------


def test_a_list_with_problems_is_previewed_row_by_row_and_creates_nothing(
    staff_client, agency_a, reporter
):
    agency_a.short_name = "SXD"
    agency_a.save()
    upload = xlsx(
        [
            ("Nguyễn Văn An", "an.nv", "Sở Xây dựng", "an@example.test"),
            ("Lê Văn Bình", "sxd", "Sở Xây dựng", ""),
            ("Phạm Thị Cúc", "cuc.pt", "Sở Không Có", ""),
            ("", "", "", ""),  # blank rows are skipped
            ("Đỗ Văn Dũng", "an.nv", "SXD", "not-mail"),
        ]
    )
    response = staff_client.post(IMPORT, {"file": upload})
    rows = response.context["rows"]
    assert [row.number for row in rows] == [3, 4, 5, 7]
    assert rows[0].errors == {}
    assert rows[1].errors == {"username": "“sxd” đã có người dùng."}
    assert rows[2].errors["agency"].startswith("Không tìm thấy đơn vị “Sở Không Có”")
    assert set(rows[3].errors) == {"username", "email"} and rows[3].reporter.agency == agency_a
    page = response.content.decode()
    assert "Có 3 dòng cần sửa" in page and "confirm-import" not in page
    assert not User.objects.filter(username="an.nv").exists()


def test_a_clean_list_is_created_once_after_the_preview(staff_client, noivu_staff, agency_a):
    upload = xlsx(
        [("Nguyễn Văn An", "an.nv", "sở xây dựng", ""), ("Lê Văn Bình", "binh", "Sở  Xây Dựng", "")]
    )
    preview = staff_client.post(IMPORT, {"file": upload})
    assert not User.objects.filter(username__in=["an.nv", "binh"]).exists()
    token = preview.context["confirm"]["token"].value()
    created = staff_client.post(CONFIRM, {"token": token})
    assert len(one_time_passwords(created)) == 2
    events = AccountEvent.objects.filter(action=AccountEvent.Action.IMPORTED)
    assert events.count() == 2 and all(e.actor == noivu_staff for e in events)
    assert events.first().note == "Tệp ds.xlsx"
    twice = staff_client.post(CONFIRM, {"token": token}, follow=True)
    assert "đã được xử lý hoặc đã hết hạn" in twice.content.decode()
    assert User.objects.filter(membership__agency=agency_a).count() == 2


def test_a_list_for_one_agency_needs_no_agency_column(staff_client, agency_b):
    upload = xlsx([("Nguyễn Văn An", "an.nv")], headers=("Họ tên", "Tài khoản"))
    preview = staff_client.post(IMPORT, {"file": upload, "agency": agency_b.pk})
    [row] = preview.context["rows"]
    assert row.errors == {} and row.reporter.agency == agency_b
    missing = staff_client.post(
        IMPORT, {"file": xlsx([("A", "a")], headers=("Họ tên", "Tài khoản"))}
    )
    assert "không có cột “Đơn vị”" in missing.content.decode()


def test_a_file_that_is_not_a_workbook_is_refused_with_a_message(staff_client):
    fake = io.BytesIO(b"ho ten,ten dang nhap\n")
    fake.name = "ds.xlsx"
    response = staff_client.post(IMPORT, {"file": fake})
    assert response.status_code == 200
    assert "không phải tệp Excel" in response.content.decode()
    csv = io.BytesIO(b"x")
    csv.name = "ds.csv"
    assert "chỉ nhận tệp Excel .xlsx" in staff_client.post(IMPORT, {"file": csv}).content.decode()


def test_the_template_lists_the_headers_and_the_provinces_agencies(
    staff_client, agency_a, agency_b
):
    response = staff_client.get(reverse("agencies:account_import_template"))
    book = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book.worksheets[0][1]] == [
        "Họ và tên",
        "Tên đăng nhập",
        "Đơn vị",
        "Email",
    ]
    names = {row[0] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert names == {agency_a.name, agency_b.name}


# --- new password, lock, unlock, audit ----------------------------------------------------------


def test_locking_asks_first_then_locks_and_is_logged(staff_client, reporter, noivu_staff):
    url = reverse("agencies:account_deactivate", args=[reporter.pk])
    confirm = staff_client.get(url)
    assert "phiên đang mở kết thúc ngay" in confirm.content.decode()
    assert User.objects.get(pk=reporter.pk).is_active
    done = staff_client.post(url, follow=True)
    assert not User.objects.get(pk=reporter.pk).is_active
    assert "Đã khóa tài khoản sxd" in done.content.decode()
    log = staff_client.get(reverse("agencies:account_log")).content.decode()
    assert "Khóa tài khoản" in log and noivu_staff.username in log
    staff_client.post(reverse("agencies:account_reactivate", args=[reporter.pk]))
    assert User.objects.get(pk=reporter.pk).is_active


def test_a_new_password_is_shown_once_and_not_cached(staff_client, reporter):
    url = reverse("agencies:account_reset_password", args=[reporter.pk])
    assert "phiên đang mở kết thúc" in staff_client.get(url).content.decode()
    response = staff_client.post(url)
    assert "no-store" in response["Cache-Control"]
    [password] = one_time_passwords(response)
    assert User.objects.get(pk=reporter.pk).check_password(password)


def test_the_account_page_shows_its_history(staff_client, reporter):
    staff_client.post(reverse("agencies:account_reset_password", args=[reporter.pk]))
    page = staff_client.get(reverse("agencies:account_detail", args=[reporter.pk]))
    assert [e.action for e in page.context["events"]] == [AccountEvent.Action.PASSWORD_RESET]
    assert "Chờ đổi mật khẩu" in page.content.decode()


def test_an_admin_of_the_province_manages_accounts_too(admin_client_persona, reporter, agency_a):
    assert admin_client_persona.get(LIST).context["table"].paginator.count == 1
    AgencyFactory(province=agency_a.province, name="Sở Tư pháp")
    assert admin_client_persona.get(CREATE).status_code == 200
