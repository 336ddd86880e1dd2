"""The web app as production runs it (gunicorn on PostgreSQL) and a client of its JSON API.

Shared by the benchmark and the fault tests (tests/chaos): both must measure and break the real
deployment, with real sockets and real worker processes, not Flask's test client.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
#: gunicorn closes a keep-alive connection after 2 idle seconds; a client reconnects well before that.
IDLE_RECONNECT = 1.0


class NoAnswer(Exception):
    """The connection broke before an answer arrived: the action may or may not have been applied."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Gunicorn:
    """``gunicorn -k gthread 'webapp:create_app()'`` in a subprocess on a free port.

    The workers read ``DATABASE_URL`` like a deployed host; the instance folder is a scratch folder so
    nothing is written into the repository.
    """

    def __init__(self, database_url: str, *, scratch: Path, workers: int = 5, threads: int = 4,
                 secret_key: str = "alur-bench-secret", env: dict[str, str] | None = None,
                 app: str = "webapp:create_app()", ready_path: str = "/api/v1/openapi.json") -> None:
        self.database_url = database_url
        self.app = app
        self.ready_path = ready_path
        self.scratch = scratch
        self.workers = workers
        self.threads = threads
        self.secret_key = secret_key
        self.extra_env = env or {}
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = scratch / "gunicorn.log"

    def start(self, timeout: float = 90.0) -> Gunicorn:
        self.scratch.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "DATABASE_URL": self.database_url, "ALUR_SECRET_KEY": self.secret_key,
               "ALUR_INSTANCE": str(self.scratch / "instance"), "PYTHONUNBUFFERED": "1", **self.extra_env}
        command = [sys.executable, "-m", "gunicorn", "-w", str(self.workers), "-k", "gthread",
                   "--threads", str(self.threads), "-b", f"127.0.0.1:{self.port}", "--timeout", "60",
                   "--graceful-timeout", "5", self.app]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout: float = 90.0) -> None:
        """Until every worker is up and one of them answers."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log_path}")
            if len(self.worker_pids()) >= self.workers:
                try:
                    status, _ = ApiClient(self.port, timeout=5).request("GET", self.ready_path)
                    if status == 200:
                        return
                except (NoAnswer, OSError):
                    pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not become ready in {timeout:.0f}s; see {self.log_path}")

    def worker_pids(self) -> list[int]:
        """Children of the gunicorn master (read from /proc: no extra dependency)."""
        if self.process is None:
            return []
        master = self.process.pid
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # Field 4 is the parent pid; the command name (field 2) may hold spaces, so split after it.
            fields = stat.rsplit(")", 1)[-1].split()
            if len(fields) > 1 and int(fields[1]) == master:
                pids.append(int(entry.name))
        return sorted(pids)

    def kill_worker(self) -> int:
        """SIGKILL one worker, as the kernel's OOM killer or a crash would; gunicorn starts a new one."""
        pid = self.worker_pids()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        self.process = None

    def __enter__(self) -> Gunicorn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def mint_tokens(gunicorn: Gunicorn, user_ids: list[int]) -> list[str]:
    """Bearer tokens as ``POST /api/v1/token`` issues them, without an Argon2 check per person.

    Signing in verifies the password (about 0.1–0.3 s of CPU by design); dozens of load-generating
    clients would spend their whole budget there. The tokens come from the app's own issuing code with
    the server's secret key, so the server accepts them exactly as it accepts signed-in ones.
    """
    from engine.services.users import current_credential
    from webapp import create_app
    from webapp.api.tokens import issue_token

    app = create_app({"DATABASE_URL": gunicorn.database_url, "SECRET_KEY": gunicorn.secret_key})
    database = app.extensions["alur_db"]
    try:
        with app.app_context():
            tokens = []
            for user_id in user_ids:
                fingerprint = current_credential(database, user_id)
                if fingerprint is None:
                    raise LookupError(f"user {user_id} is unknown or inactive")
                tokens.append(issue_token(user_id, fingerprint).token)
            return tokens
    finally:
        database.dispose()


class ApiClient:
    """One keep-alive connection to ``/api/v1`` with a bearer token, like one person's script."""

    def __init__(self, port: int, token: str | None = None, *, timeout: float = 60.0) -> None:
        self.port = port
        self.token = token
        self.timeout = timeout
        self._connection: http.client.HTTPConnection | None = None
        self._last_used = 0.0

    def request(self, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
        """(status, decoded JSON body); :class:`NoAnswer` when the connection broke first."""
        headers = {"Accept": "application/json"}
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if time.monotonic() - self._last_used > IDLE_RECONNECT:
            self.close()  # the server may be closing an idle keep-alive connection right now
        if self._connection is None:
            self._connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            self._connection.request(method, path, body=payload, headers=headers)
            response = self._connection.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.close()
            raise NoAnswer(f"{method} {path}: {error!r}") from error
        self._last_used = time.monotonic()
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        try:
            data = json.loads(raw) if raw else None
        except ValueError:
            data = {"raw": raw[:200].decode(errors="replace")}
        return response.status, data

    def login(self, username: str, password: str) -> str:
        status, data = self.request("POST", "/api/v1/token", {"username": username, "password": password})
        if status != 200:
            raise RuntimeError(f"token for {username}: HTTP {status} {data}")
        self.token = str(data["token"])
        return self.token

    def complete(self, task_id: int, data: dict[str, Any] | None = None) -> tuple[int, Any]:
        return self.request("POST", f"/api/v1/tasks/{task_id}/complete", {"data": data or {}})

    def claim(self, task_id: int) -> tuple[int, Any]:
        return self.request("POST", f"/api/v1/tasks/{task_id}/claim", {})

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
