"""The demo's national view as `bonoivu` meets it: the new map as lineage, and every seed
figure of the five reports on ordinary pages, under a frozen clock."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from agencies.models import Agency, Membership, Province, ProvinceLineage
from demo import TZ
from inspections.models import Visit
from national.models import ParIndexResult

FROZEN = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=TZ)


@pytest.fixture
def bonoivu(demo, db):
    client = Client()
    client.force_login(get_user_model().objects.get(username="bonoivu"))
    with time_machine.travel(FROZEN, tick=False):
        yield client


def screen(client, url: str) -> str:
    """The page's visible text: tags and scripts (figure JSON) removed, spaces collapsed."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def agency(code: str, name: str) -> Agency:
    return Agency.objects.get(province__code=code, name=name)


def switch(client, code: str, next_url: str):
    province = Province.objects.get(code=code)
    client.post(reverse("national:switch"), {"province": province.pk, "next": next_url})


def test_bonoivu_is_a_read_only_reader_of_every_province(demo, db):
    user = get_user_model().objects.get(username="bonoivu")
    assert user.check_password("demo12345") and not user.is_staff
    membership = Membership.objects.get(user=user)
    assert membership.role == Membership.Role.BONOIVU and membership.province is None


def test_thai_binh_and_ha_giang_merged_on_1_july_2025_as_lineage(demo, db):
    for old, new in (("Thái Bình", "Hưng Yên"), ("Hà Giang", "Tuyên Quang")):
        edge = ProvinceLineage.objects.get(predecessor__name=old)
        assert edge.successor.name == new and edge.legal_basis == "NQ 202/2025/QH15"
        assert edge.effective_date == datetime.date(2025, 7, 1)
        assert edge.predecessor.valid_to == datetime.date(2025, 6, 30)
    assert Province.objects.active_on(datetime.date(2025, 12, 31)).exclude(code="QG").count() == 34


def test_the_demo_national_table_ranks_63_then_34_and_keeps_hai_phong_2024(demo, db):
    assert ParIndexResult.objects.filter(year=2024).count() == 63
    assert ParIndexResult.objects.filter(year=2025).count() == 34
    first = ParIndexResult.objects.get(year=2024, rank=1)
    assert first.province.name == "Hải Phòng" and str(first.index_pct) == "96.17"
    assert not first.is_illustrative and first.decision_no == "268/QĐ-BNV"
    assert not ParIndexResult.objects.filter(year=2025, province__name="Thái Bình").exists()


def test_bonoivu_finds_thai_binhs_figures(bonoivu):
    switch(bonoivu, "TB", reverse("indicators:procedure_list"))
    dossiers = screen(bonoivu, reverse("indicators:procedure_list"))
    assert "15.726" in dossiers and "1.713" in dossiers
    assert "1296/KH-SNV" in screen(bonoivu, reverse("inspections:plan_list"))
    visit = Visit.objects.get(plan__number="1296/KH-SNV")
    assert "25/10/2022" in screen(bonoivu, reverse("inspections:visit_detail", args=[visit.pk]))
    gtvt = agency("TB", "Sở Giao thông vận tải")
    panel = screen(bonoivu, reverse("inspections:agency_panel", args=[gtvt.pk]))
    assert "15.726" in panel and "1296/KH-SNV" in panel


def test_bonoivu_finds_lang_sons_figures(bonoivu):
    switch(bonoivu, "LS", reverse("indicators:procedure_list"))
    dossiers = screen(bonoivu, reverse("indicators:procedure_list"))
    assert "82/88" in dossiers and "110.274" in dossiers
    huu_lung = agency("LS", "UBND huyện Hữu Lũng")
    panel = screen(bonoivu, reverse("indicators:agency_procedures_panel", args=[huu_lung.pk]))
    assert "82/88" in panel and "110.274" in panel
    findings = screen(bonoivu, reverse("inspections:agency_panel", args=[huu_lung.pk]))
    assert "34.113" in findings


def test_bonoivu_finds_ha_giangs_figures_on_the_profile(bonoivu):
    xay_dung = agency("HG", "Sở Xây dựng")
    profile = screen(bonoivu, reverse("indicators:agency_profile", args=[xay_dung.pk]))
    assert "85,02" in profile and "26,44/29" in profile


def test_bonoivu_finds_ha_tinh_xay_dungs_13_of_17(bonoivu):
    xay_dung = agency("HT", "Sở Xây dựng")
    panel = screen(bonoivu, reverse("inspections:agency_panel", args=[xay_dung.pk]))
    assert "13/17" in panel


def test_bonoivu_sees_thai_binh_apart_on_hung_yens_trend(bonoivu):
    ranking = screen(bonoivu, reverse("national:ranking") + "?year=2024")
    assert "Hải Phòng" in ranking and "nay thuộc Hưng Yên" in ranking
    hung_yen = Province.objects.get(name="Hưng Yên")
    page = screen(bonoivu, reverse("national:province", args=[hung_yen.pk]))
    assert "Thái Bình (trước sắp xếp)" in page and "tỉnh trước sắp xếp" in page
