"""Fault 4: PostgreSQL restarts or goes down under a running app server (gunicorn).

On a private PostgreSQL cluster (the shared one is never stopped): with persistent
connections (CONN_MAX_AGE) the first request after a restart used to be a 500. Now the
connection is checked before reuse, a request while the database is down gets a quick
503 with a clear Chinese message and writes nothing, and everything works again once it
is back.
"""

import re
import time

import httpx
import pytest

from tests.integration.private_services import AppServer, PrivatePostgres, platform_env

# django_db: pytest-django creates the test database (copied below) only if a test asks for it.
pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture(scope="module")
def private_database(postgres):
    cluster = PrivatePostgres().init()
    try:
        db = postgres  # pytest-django created its TEST NAME (gxpt.settings.test)
        source = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['TEST']['NAME']}"
        yield cluster, cluster.copy_database(source, "gxpt_fault")
    finally:
        cluster.remove()


@pytest.fixture(scope="module")
def server(private_database, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("fault-postgres")
    _cluster, database_url = private_database
    app = AppServer(
        platform_env(
            DATABASE_URL=database_url,
            DB_CONNECT_TIMEOUT="2",
            SEARCH_EMBEDDED_PATH=str(tmp_path / "search.sqlite3"),
            CELERY_BROKER_URL="",
            ELASTICSEARCH_URL="",
        ),
        tmp_path / "gunicorn.log",
    ).start()
    try:
        yield app
    finally:
        app.stop()


def timed_get(client, path):
    start = time.perf_counter()
    response = client.get(path)
    return response, time.perf_counter() - start


def post_message(client, text: str):
    form = client.get("/messages/")
    assert form.status_code == 200
    fields = dict(re.findall(r'name="(csrfmiddlewaretoken|token)" value="([^"]+)"', form.text))
    time.sleep(3.1)  # the form refuses submissions faster than a person (moderation/forms.py)
    return client.post(
        "/messages/",
        data={**fields, "name": "张先生", "subject": "咨询", "text": text, "contact": "", "website": ""},
        headers={"Referer": f"{client.base_url}/messages/"},
    )


def test_requests_survive_a_postgresql_restart_and_outage(private_database, server):
    cluster, _url = private_database
    with httpx.Client(base_url=server.url, timeout=20, follow_redirects=False) as client:
        response, _ = timed_get(client, "/demand/")
        assert response.status_code == 200  # the worker now holds a persistent connection

        cluster.restart()
        response, seconds = timed_get(client, "/demand/")
        assert response.status_code == 200, response.text[:500]
        assert seconds < 2

        cluster.stop()
        response, seconds = timed_get(client, "/demand/")
        assert response.status_code == 503
        assert "服务暂时不可用" in response.text
        assert response.headers["Retry-After"] == "30"
        assert seconds < 3

        cluster.start()
        response, seconds = timed_get(client, "/demand/")
        assert response.status_code == 200 and seconds < 2

        # A write after recovery is saved exactly once.
        answer = post_message(client, "数据库恢复后提交的留言内容")
        assert answer.status_code == 302, answer.text[:500]
    count = cluster.psql(
        "SELECT count(*) FROM moderation_message WHERE text = '数据库恢复后提交的留言内容'",
        database="gxpt_fault",
    )
    assert count == "1"


def test_a_write_during_the_outage_is_refused_whole(private_database, server):
    cluster, _url = private_database
    with httpx.Client(base_url=server.url, timeout=20, follow_redirects=False) as client:
        form = client.get("/messages/")
        fields = dict(re.findall(r'name="(csrfmiddlewaretoken|token)" value="([^"]+)"', form.text))
        time.sleep(3.1)
        cluster.stop()
        start = time.perf_counter()
        answer = client.post(
            "/messages/",
            data={**fields, "name": "李女士", "subject": "咨询", "text": "数据库停机时提交的留言", "website": ""},
            headers={"Referer": f"{client.base_url}/messages/"},
        )
        assert answer.status_code == 503 and "服务暂时不可用" in answer.text
        assert time.perf_counter() - start < 3
        cluster.start()
    count = cluster.psql(
        "SELECT count(*) FROM moderation_message WHERE text = '数据库停机时提交的留言'",
        database="gxpt_fault",
    )
    assert count == "0"
