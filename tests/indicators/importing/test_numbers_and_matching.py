"""Number parsing rules and agency-name matching, as functions."""

import unicodedata
from decimal import Decimal

import pytest

from agencies.matching import AgencyMatcher, AgencyMatchError
from agencies.models import Agency, AgencyAlias
from indicators.importing.numbers import COUNT, PERCENT, POINTS, NumberError, parse_number
from tests.factories import AgencyFactory


@pytest.mark.parametrize(
    "raw,spec,expected",
    [
        ("85,02", POINTS, "85.02"),
        ("85.02", POINTS, "85.02"),
        ("1.713", COUNT, "1713"),
        ("1,713", COUNT, "1713"),
        ("96,89%", PERCENT, "96.89"),
        ("15.726", COUNT, "15726"),
        ("1.234.567", COUNT, "1234567"),
        ("1.234,5", POINTS, "1234.5"),
        ("1,234.5", POINTS, "1234.5"),
        ("0,125", POINTS, "0.125"),
        (" 1 713 ", COUNT, "1713"),
        (85.02, POINTS, "85.02"),
        (7, COUNT, "7"),
        ("", POINTS, None),
        (None, COUNT, None),
    ],
)
def test_numbers_in_vietnamese_and_english_forms(raw, spec, expected):
    assert parse_number(raw, spec) == (Decimal(expected) if expected else None)


@pytest.mark.parametrize(
    "raw,spec,message",
    [
        ("1.234,5.6", POINTS, "không rõ ràng"),
        ("1.713", PERCENT, "không rõ ràng"),
        ("1.23.4", COUNT, "không rõ ràng"),
        ("12,5%", POINTS, "dấu %"),
        ("101", PERCENT, "tối đa 100"),
        ("-1", COUNT, "không được âm"),
        ("2,5", COUNT, "số nguyên"),
        ("abc", POINTS, "không phải là số"),
        (True, POINTS, "đúng/sai"),
    ],
)
def test_ambiguous_or_invalid_numbers_are_errors_not_guesses(raw, spec, message):
    with pytest.raises(NumberError, match=message):
        parse_number(raw, spec)


@pytest.fixture
def hoabinh_agencies(dept_group):
    names = [
        "Sở Lao động, Thương binh và Xã hội",
        "Ban Quản lý các khu công nghiệp",
        "Sở Thông tin và Truyền thông",
        "Sở Kế hoạch và Đầu tư",
        "Sở Nông nghiệp và Phát triển nông thôn",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Sở Tài nguyên và Môi trường",
        "Sở Giáo dục và Đào tạo",
        "Sở Khoa học và Công nghệ",
        "Văn phòng UBND tỉnh",
        "Sở Giao thông vận tải",
    ]
    return {name: AgencyFactory(group=dept_group, name=name) for name in names}


@pytest.mark.parametrize(
    "written,meant",
    [
        ("Sở LĐTB&XH", "Sở Lao động, Thương binh và Xã hội"),
        ("Sở Lao động - Thương binh và Xã hội", "Sở Lao động, Thương binh và Xã hội"),
        ("BQL các KCN", "Ban Quản lý các khu công nghiệp"),
        ("Ban Quản lý các KCN tỉnh Hà Tĩnh", "Ban Quản lý các khu công nghiệp"),
        ("Sở TT&TT", "Sở Thông tin và Truyền thông"),
        ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"),
        ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
        ("Sở VH-TT-DL", "Sở Văn hóa, Thể thao và Du lịch"),
        ("Sở Văn hoá, Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch"),
        ("Sở TN&MT", "Sở Tài nguyên và Môi trường"),
        ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
        ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
        ("VP UBND tỉnh", "Văn phòng UBND tỉnh"),
        ("GTVT", "Sở Giao thông vận tải"),
        ("  SỞ   GIAO THÔNG VẬN TẢI ", "Sở Giao thông vận tải"),
        (unicodedata.normalize("NFD", "Sở Giao thông vận tải"), "Sở Giao thông vận tải"),
    ],
)
def test_names_match_with_an_explanation(hoabinh_agencies, province, written, meant):
    matcher = AgencyMatcher(Agency.objects.all(), province_name=province.name)
    match = matcher.match(written)
    assert match.agency == hoabinh_agencies[meant]
    assert match.reason


def test_alias_table_entries_match_and_say_so(agency_a):
    AgencyAlias.objects.create(agency=agency_a, alias="SXD")
    match = AgencyMatcher(Agency.objects.all()).match("sxd")
    assert match.agency == agency_a and "SXD" in match.reason


def test_two_candidates_are_an_ambiguity_error_listing_both(agency_a, agency_b):
    AgencyAlias.objects.create(agency=agency_a, alias="Sở X")
    AgencyAlias.objects.create(agency=agency_b, alias="Sở X")
    with pytest.raises(AgencyMatchError) as error:
        AgencyMatcher(Agency.objects.all()).match("Sở X")
    assert set(error.value.candidates) == {agency_a, agency_b}
    assert agency_a.name in str(error.value) and agency_b.name in str(error.value)


def test_diacritics_are_not_folded_away(dept_group):
    AgencyFactory(group=dept_group, name="Sở Y tế")
    with pytest.raises(AgencyMatchError, match="không tìm thấy"):
        AgencyMatcher(Agency.objects.all()).match("Sở Ý tế")
