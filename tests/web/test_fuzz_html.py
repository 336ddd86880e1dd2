"""No page answers 500, whatever is typed into its URL, query string or form.

Every HTML route of the app (its url_map, so a new page is covered the day it is added) is sent hostile values —
NUL, a lone surrogate as its would-be UTF-8 bytes, ids and numbers past every integer type, negative numbers,
very long text, CR/LF, ``%`` and ``_``, unusual Unicode, extreme dates, empty — in its path parameters, in
every query and form field name the web app reads, signed out and signed in as a Pelaksana, a Kepala Bidang
and the administrator, with a valid CSRF token on every POST. First a deterministic sweep (each route with
each value, the signed-in roles taking turns), then Hypothesis mixing values across fields. The JSON API has
its own fuzz from the OpenAPI document (tests/api/test_api_fuzz.py). Run it on PostgreSQL too: that is where
NUL bytes and big integers bite.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from werkzeug.routing import AnyConverter, Rule

from engine.db import Database
from engine.errors import NotFound
from engine.models import User
from engine.services import CaseRef, create_user, find_user, set_user_active
from webapp.views import MAX_ID, IdConverter
from webapp.views.calendar import HOURS_FIELDS

from support import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
SIGNED_IN = ("uji_pelaksana", "uji_kabid", "admin")
#: Whose account the admin routes act on: never a person other tests sign in as.
TARGET = "fuzz_sasaran"

#: One value of each kind a field should survive; the deterministic sweep gives every field each of them.
#: (NUL is not among them: the door refuses a request with one in any field, so it is sent on its own.)
HOSTILE = (
    "\ud800", "", "-1", str(MAX_ID + 1), "9" * 5000, "x" * 20_000, "/\r\nSet-Cookie: a=b", "%_\\'\"",
    "ä ق 中 😀 \u202e\u200b<script>", "0001-01-01", "9999-12-31",
)
#: More for Hypothesis to mix in.
MORE = ("\x00", "0", "1", "true", " ", "a\x00b", "a\udfffb", "-" + "9" * 25, "1e309", "nan", "\r\n",
        "/\t/evil.example", "%", "_", "2026-02-30", "9" * 25)


def _names() -> list[str]:
    """Every query and form field the web app reads (its views) or writes (its templates), and the test SOP's."""
    code = "\n".join(p.read_text() for p in [*ROOT.glob("webapp/views/*.py"), ROOT / "webapp/auth.py"])
    read = re.findall(r'(?:args|form|values|files)\.get(?:list)?\(\s*"([^"]+)"|_arg\(\s*"([^"]+)"', code)
    html = "\n".join(p.read_text() for p in ROOT.glob("webapp/templates/**/*.html"))
    written = re.findall(r'<(?:input|select|textarea|button)[^>]*\sname="([a-z_]+)"', html)
    names = {n for pair in read for n in pair if n} | set(written) | set(HOURS_FIELDS)
    names |= {"page", "per_page", "next", "nik", "lengkap", "nama_pemohon"}
    names |= {f"u{n}" for n in range(1, 10)}  # the survey's nine elements (engine.public_service.ikm)
    return sorted(names - {"csrf_token", "file"})


NAMES = _names()
_PARAMETER = re.compile(r"<(?:[^<>]*:)?(\w+)>")


def _encode(value: str) -> str:
    """Percent-encoded as a browser would; a lone surrogate as the bytes it would have in UTF-8."""
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


@dataclass
class Visitor:
    """One browser: signed out, or signed in as ``username``, with the session's CSRF token."""

    client: Any
    username: str | None
    address: str
    token: str = ""
    failures: list[str] = field(default_factory=list)
    sent: int = 0

    def sign_in(self) -> None:
        self.client.environ_base["REMOTE_ADDR"] = self.address
        login = self.client.get("/login")
        if login.status_code == 302:  # still signed in (the sign-out was refused): the token stands
            return
        self.token = re.search(r'name="csrf_token" value="([^"]+)"', login.get_data(as_text=True)).group(1)  # type: ignore[union-attr]
        if self.username:
            answer = self.client.post("/login", data={"username": self.username, "password": PASSWORD,
                                                      "csrf_token": self.token})
            assert answer.status_code == 302, (self.username, answer.status_code)

    def send(self, method: str, path: str, fields: dict[str, str]) -> int:
        """The answer's status; a signed-in visitor whose session ended (signing out, a password) signs in again."""
        encoded = "&".join(f"{_encode(name)}={_encode(value)}" for name, value in fields.items())
        url, body = (f"{path}?{encoded}", None) if method == "GET" else (path, encoded)
        if method == "POST":
            body = f"{encoded}&csrf_token={self.token}" if encoded else f"csrf_token={self.token}"
        self.sent += 1
        try:
            answer = self.client.open(url, method=method, data=body,
                                      content_type="application/x-www-form-urlencoded" if body else None)
            status = answer.status_code
        except Exception as error:  # TESTING propagates what would be a 500
            status, answer = 500, error
        if status >= 500:
            self.failures.append(f"{self.username or 'anonymous'}: {method} {url[:160]} → {status} "
                                 f"{str(answer)[:200] if isinstance(answer, Exception) else ''}")
        if self.username and status in (302, 303) and answer.headers["Location"].startswith("/login"):
            self.sign_in()
        return status


@dataclass(frozen=True)
class Route:
    method: str
    rule: Rule

    def path(self, real: dict[str, str], hostile: str | None = None) -> str:
        """The URL with real values in its parameters, or ``hostile`` in those that take any text or an id."""
        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            converter = self.rule._converters[name]
            if isinstance(converter, AnyConverter):
                return real[name] if real.get(name) in converter.items else sorted(converter.items)[0]
            return _encode(real[name] if hostile is None else hostile)

        return _PARAMETER.sub(value, self.rule.rule)

    @property
    def has_parameters(self) -> bool:
        return any(not isinstance(c, AnyConverter) for c in self.rule._converters.values())


def _routes(app: Any) -> list[Route]:
    routes = [Route(method, rule) for rule in app.url_map.iter_rules()
              if rule.endpoint != "static" and not rule.rule.startswith("/api/")
              for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return sorted(routes, key=lambda r: (r.rule.rule, r.method))


@pytest.fixture
def target(db: Database, staff: dict[str, int]) -> Iterator[int]:
    """An inactive account the admin routes may deactivate, re-role and re-password; it serves no queue."""
    try:
        user_id = find_user(db, TARGET).id
    except NotFound:
        user_id = create_user(db, username=TARGET, full_name="Sasaran Uji Fuzz", password=PASSWORD,
                              roles=["jafung"], unit_code="dinkop-lobar.bidang-lain").id
    yield user_id
    set_user_active(db, staff["admin"], user_id, False)


def _users(db: Database) -> int:
    with db.transaction(write=False) as session:
        return session.scalar(select(func.count()).select_from(User)) or 0


def test_no_page_answers_500_to_hostile_input(  # type: ignore[no-untyped-def]
        app, db: Database, sop: str, case: CaseRef, task_id: int, target: int) -> None:
    real = {"task_id": str(task_id), "case_id": str(case.id), "user_id": str(target), "notification_id": "1",
            "attachment_id": "1", "key": sop, "day": "2026-12-07", "code": "en", "name": "nib", "fmt": "csv",
            "version": "1"}
    routes = _routes(app)
    unknown = {name for route in routes for name in route.rule._converters} - set(real)
    assert not unknown, f"give the fuzz a real value for the path parameters {unknown}"
    anonymous = Visitor(app.test_client(), None, "192.0.2.201")
    people = [Visitor(app.test_client(), username, f"192.0.2.{210 + i}") for i, username in enumerate(SIGNED_IN)]
    for visitor in (anonymous, *people):
        visitor.sign_in()
    users_before = _users(db)
    nul_let_in: list[str] = []

    # The sweep: per route, as many requests as there are hostile values, each field getting a different one
    # and every value in turn (a Latin square), the signed-in roles taking turns; then hostile path parameters.
    for r, route in enumerate(routes):
        # NUL is refused at the door, before any view (signed in or not): 400 on every route.
        if anonymous.send(route.method, route.path(real), dict.fromkeys(NAMES, "\x00")) != 400:
            nul_let_in.append(f"{route.method} {route.rule.rule}")
        # A route that takes signed-out visitors (sign-in) is theirs; any other, the staff's.
        public = anonymous.send(route.method, route.path(real), {}) not in (302, 303)
        for k in range(len(HOSTILE)):
            who = anonymous if public else people[(r + k) % len(people)]
            who.send(route.method, route.path(real),
                     {name: HOSTILE[(i + k) % len(HOSTILE)] for i, name in enumerate(NAMES)})
        converters = route.rule._converters.values()
        hostile_paths = ("0", str(MAX_ID + 1)) if all(isinstance(c, IdConverter | AnyConverter)
                                                       for c in converters) else HOSTILE
        for value in hostile_paths if route.has_parameters else ():
            people[r % len(people)].send(route.method, route.path(real, value), {})

    # Values mixed across fields: one field's refusal must not hide another field's 500.
    @given(who=st.sampled_from([anonymous, *people]), route=st.sampled_from(routes),
           fields=st.dictionaries(st.sampled_from(NAMES), st.sampled_from(HOSTILE + MORE) | st.text(max_size=30),
                                  max_size=8))
    @settings(max_examples=60, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def mixed(who: Visitor, route: Route, fields: dict[str, str]) -> None:
        who.send(route.method, route.path(real), fields)

    mixed()

    failures = [failure for visitor in (anonymous, *people) for failure in visitor.failures]
    assert not failures, f"{len(failures)} answers were 500:\n" + "\n".join(failures[:40])
    assert not nul_let_in, f"a NUL got past the door of {nul_let_in}"
    assert sum(visitor.sent for visitor in (anonymous, *people)) > len(routes) * len(HOSTILE)
    assert all(visitor.sent > len(routes) for visitor in people)
    assert _users(db) == users_before  # nothing the fuzz typed became an account
