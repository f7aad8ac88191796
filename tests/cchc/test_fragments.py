"""cchc.fragments: bodies rendered from plain values only, kept by exactly those values."""

import datetime

import pytest
from django.utils import timezone, translation

from cchc import fragments
from cchc.fragments import Keyed, render_plain

STATUS = "indicators/dashboard/_status.html"


def status(finished_at, state="fresh"):
    return {
        "status": {
            "state": state,
            "last_run": {"finished_at": finished_at, "queued_at": finished_at},
        },
        "sel": {"is_provisional": False, "framework": None},
    }


AT = datetime.datetime(2025, 3, 1, 1, 30, tzinfo=datetime.UTC)


def test_same_values_are_rendered_once_and_other_values_again():
    first = render_plain(STATUS, status(AT))
    assert "08:30 01/03/2025" in first  # Asia/Ho_Chi_Minh, the project's time zone
    assert render_plain(STATUS, status(AT)) is first
    later = render_plain(STATUS, status(AT + datetime.timedelta(hours=1)))
    assert "09:30 01/03/2025" in later and later is not first
    assert "chưa được tính lại" in render_plain(STATUS, status(AT, state="stale"))


def test_the_time_zone_and_language_are_part_of_the_key():
    local = render_plain(STATUS, status(AT))
    with timezone.override("UTC"):
        assert "01:30 01/03/2025" in render_plain(STATUS, status(AT))
    with translation.override("en"):
        assert render_plain(STATUS, status(AT)) is not local
    assert render_plain(STATUS, status(AT)) is local


def test_a_value_whose_repr_hides_its_content_is_refused(dept_group):
    with pytest.raises(TypeError, match=r"values\.sel\.group is not a plain value: AgencyGroup"):
        render_plain(STATUS, {"sel": {"group": dept_group}})
    with pytest.raises(TypeError, match=r"values\.rows\[1\] is not a plain value: object"):
        render_plain(STATUS, {"rows": [1, object()]})


def test_keyed_text_is_kept_by_its_key():
    figure = Keyed('{"data": []}', "figure:abc")
    assert figure == '{"data": []}' and repr(figure) == "Keyed('figure:abc')"
    assert repr({"figure": figure}) == repr(
        {"figure": Keyed("something else entirely", "figure:abc")}
    )


def test_full_memo_starts_again(monkeypatch):
    monkeypatch.setattr(fragments, "MEMO_SIZE", 2)
    for hour in range(5):
        render_plain(STATUS, status(AT + datetime.timedelta(hours=hour)))
    assert 1 <= len(fragments._KEPT) <= 2
