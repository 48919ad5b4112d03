"""Server errors get a Chinese page; an unreachable database a 503 that says to retry."""

import pytest
from django.db import OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


def test_an_unreachable_database_gives_a_503_with_a_clear_message(visitor, monkeypatch):
    from catalog.models.pages import BoardPage

    def database_down(self, request):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(BoardPage, "board_context", database_down)
    response = visitor.get("/supply/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "服务暂时不可用" in response.content.decode()


def test_any_other_error_gives_a_500_in_chinese(visitor, monkeypatch):
    from catalog.models.pages import BoardPage

    def broken(self, request):
        raise ValueError("a bug")

    monkeypatch.setattr(BoardPage, "board_context", broken)
    response = visitor.get("/supply/")
    assert response.status_code == 500
    assert "服务器错误" in response.content.decode()
