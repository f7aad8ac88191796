"""The project's own error pages, also under DEBUG (the demo that `make run` serves)."""

import pytest


@pytest.mark.parametrize("debug", [False, True])
def test_an_unknown_page_shows_the_vietnamese_404_with_or_without_debug(
    settings, staff_client, debug
):
    settings.DEBUG = debug
    response = staff_client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Không tìm thấy trang" in body and 'data-error-page="404"' in body
    assert "Page not found" not in body


def test_a_developer_can_ask_for_djangos_technical_pages(settings, staff_client):
    settings.DEBUG = True
    settings.DEBUG_TECHNICAL_PAGES = True
    response = staff_client.get("/khong-co-trang-nay/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()


def test_a_wrong_password_keeps_the_username(anonymous, noivu_staff):
    response = anonymous.post("/dang-nhap/", {"username": "noivu", "password": "sai"})
    body = response.content.decode()
    assert 'value="noivu"' in body and "không đúng" in body
