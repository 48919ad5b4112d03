"""Private instances of Redis and PostgreSQL for the fault tests, and an app server on them.

A fault test stops and restarts its service; the machine's shared Redis and PostgreSQL
(used by every other test run at the same time) are never touched. Each instance runs on
a free port from a temporary directory and is removed at the end.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f"{what} not within {timeout} s")


class PrivateRedis:
    """redis-server on a free port, no persistence (as the shared one in bin/services.sh)."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "PrivateRedis":
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)

        def answers():
            try:
                return client.ping()
            except redis.ConnectionError:
                return False

        wait_for(answers, 10, "private Redis")
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


class PrivatePostgres:
    """A PostgreSQL cluster of its own (initdb + pg_ctl) in a temporary directory.

    PostgreSQL refuses to run as root: as root the cluster belongs to the `postgres`
    system user, otherwise to the current user.
    """

    def __init__(self):
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="gxpt-pg-"))
        self.data = self.dir / "data"
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")

    def _run(self, *args, check=True, timeout=120):
        command = list(args)
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(
            command, check=check, capture_output=True, text=True, timeout=timeout, cwd=self.dir
        )

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def init(self) -> "PrivatePostgres":
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8")
        return self.start()

    def start(self) -> "PrivatePostgres":
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.dir / "log"), "-w", "start")
        return self

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)

    def restart(self) -> None:
        self.stop()
        self.start()

    def psql(self, sql: str, database: str = "postgres") -> str:
        return self._run(
            "psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database,
            "-v", "ON_ERROR_STOP=1", "-tAc", sql,
        ).stdout.strip()

    def copy_database(self, source_url: str, name: str) -> str:
        """Create database `name` here as a copy of another server's database (schema and rows)."""
        self.psql(f'CREATE DATABASE "{name}"')
        dump = subprocess.run(
            ["pg_dump", "--no-owner", "--no-privileges", source_url],
            check=True, capture_output=True, timeout=300,
        ).stdout
        command = ["psql", "-q", "-v", "ON_ERROR_STOP=1", self.url(name)]
        subprocess.run(command, input=dump, check=True, capture_output=True, timeout=300)
        return self.url(name)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class AppServer:
    """gunicorn serving the platform with the given environment, on a free port."""

    def __init__(self, env: dict, log: Path, workers: int = 1):
        self.port = free_port()
        self.env = env
        self.log = log
        self.workers = workers
        self.process = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "AppServer":
        with open(self.log, "a") as out:
            self.process = subprocess.Popen(
                [
                    sys.executable, "-m", "gunicorn", "gxpt.wsgi",
                    "--config", str(ROOT / "gunicorn.conf.py"),
                    "--bind", f"127.0.0.1:{self.port}",
                    "--workers", str(self.workers),
                ],
                cwd=ROOT,
                env={**self.env, "GUNICORN_ACCESS_LOG": ""},
                stdout=out,
                stderr=subprocess.STDOUT,
            )

        def answers():
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log.read_text()[-3000:]}")
            try:
                return httpx.get(f"{self.url}/api/demand-listings/?page_size=1", timeout=5).status_code < 500
            except httpx.HTTPError:
                return False

        wait_for(answers, 90, "gunicorn", interval=0.3)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()


def platform_env(**overrides) -> dict:
    """The test settings' environment for a subprocess (server or worker) of this run."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "PYTEST_CURRENT_TEST"}
    }
    env.update({"DJANGO_SETTINGS_MODULE": "gxpt.settings.test", **overrides})
    return env


class Worker:
    """A `celery worker` process of this run's queue (optionally with beat inside it)."""

    def __init__(self, env: dict, log: Path, name: str, beat: bool = False, pool: str = "prefork"):
        self.env = env
        self.log = log
        self.name = name
        self.beat = beat
        self.pool = pool
        self.process = None

    def start(self) -> "Worker":
        from django.conf import settings

        command = [
            sys.executable, "-m", "celery", "-A", "gxpt", "worker",
            f"--pool={self.pool}", "--concurrency=1",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
            "-l", "info", "-Q", settings.CELERY_TASK_DEFAULT_QUEUE, "-n", f"{self.name}@%h",
        ]
        if self.beat:
            command += ["-B", "-s", str(self.log.with_suffix(".beat-schedule"))]
        with open(self.log, "a") as out:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: kill() takes the pool children too
            )
        wait_for(lambda: "ready." in self.log.read_text(), 90, f"worker {self.name}", 0.3)
        return self

    @property
    def pid(self) -> int:
        return self.process.pid

    def kill(self) -> None:
        """SIGKILL the main process, then its pool children: a crashed machine, nothing acked."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


@contextmanager
def celery_app_on(url: str):
    """Point this process's Celery app (broker and result backend) at another Redis.

    The app's own connection pools are set aside and put back untouched afterwards (they
    are kombu's process-wide pools, shared with every other test); only the private
    Redis's pool is closed.
    """
    from gxpt.celery import app

    saved_conf = (app.conf.broker_url, app.conf.result_backend)
    saved_env = os.environ.get("CELERY_BROKER_URL")
    saved_pools = (app._pool, app.amqp._producer_pool)
    # Celery reads the CELERY_BROKER_URL environment variable before its configuration.
    os.environ["CELERY_BROKER_URL"] = url
    app.conf.broker_url, app.conf.result_backend = url, url
    app._pool, app.amqp._producer_pool = None, None
    app._local.__dict__.pop("backend", None)
    try:
        yield app
    finally:
        private_pool = app._pool
        app.conf.broker_url, app.conf.result_backend = saved_conf
        if saved_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_env
        app._pool, app.amqp._producer_pool = saved_pools
        app._local.__dict__.pop("backend", None)
        if private_pool is not None:
            private_pool.force_close_all()


def worker_env(redis_url: str, postgres: dict, **overrides) -> dict:
    """The environment of a worker on a private Redis and this run's test database."""
    database = f"postgres://{postgres['USER']}@{postgres['HOST']}:{postgres['PORT']}/{postgres['TEST']['NAME']}"
    return platform_env(DATABASE_URL=database, CELERY_BROKER_URL=redis_url, **overrides)
