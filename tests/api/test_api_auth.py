"""Tokens: issued for good credentials only, refused when missing, forged, expired or revoked."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from itsdangerous import URLSafeTimedSerializer

from engine.db import Database
from engine.services import set_password, set_user_active
from engine.services.users import change_own_password, end_all_sessions
from engine.timekeeping.clock import FixedClock
from webapp.api.tokens import DEFAULT_MAX_AGE, SALT

from api_support import API_SOURCE, PASSWORD, SECOND_PELAKSANA, Api

pytest_plugins = ["api_fixtures"]

INVALID_TOKEN = 'Bearer realm="alur", error="invalid_token"'


def test_good_credentials_get_a_token_for_twelve_hours(api: Api, clock: FixedClock, staff: dict[str, int]) -> None:
    response = api.post("/token", json={"username": "uji_pelaksana", "password": PASSWORD})
    assert response.status_code == 200
    body = response.get_json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == DEFAULT_MAX_AGE == 12 * 3600
    assert datetime.fromisoformat(body["expires_at"]) == clock.now() + timedelta(hours=12)
    assert body["user"]["username"] == "uji_pelaksana" and body["user"]["roles"] == ["pelaksana"]
    assert response.headers["Cache-Control"] == "no-store"

    me = api.get("/me", token=body["token"])
    assert me.status_code == 200 and me.get_json()["id"] == staff["uji_pelaksana"]


def test_usernames_are_not_case_sensitive(api: Api) -> None:
    assert api.post("/token", json={"username": " UJI_Pelaksana ", "password": PASSWORD}).status_code == 200


@pytest.mark.parametrize("credentials", [
    {"username": "uji_pelaksana", "password": "salah-sekali"},
    {"username": "tidak_ada", "password": PASSWORD},
])
def test_wrong_credentials_are_401_alike(api: Api, credentials: dict[str, str]) -> None:
    response = api.post("/token", json=credentials)
    assert response.status_code == 401
    assert response.get_json() == {"error": "NotAuthenticated", "message": "Nama pengguna atau kata sandi salah."}
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_deactivated_user_gets_no_token(api: Api, db: Database, staff: dict[str, int],
                                          second_pelaksana: int) -> None:
    set_user_active(db, staff["admin"], second_pelaksana, False)
    assert api.post("/token", json={"username": SECOND_PELAKSANA, "password": PASSWORD}).status_code == 401


@pytest.mark.parametrize(("body", "field_errors"), [
    ({}, {"username": "wajib diisi", "password": "wajib diisi"}),
    ({"username": "uji_pelaksana", "password": 12345678}, {"password": "harus berupa teks"}),
    ({"username": ["uji_pelaksana"], "password": PASSWORD}, {"username": "harus berupa teks"}),
])
def test_a_token_request_of_the_wrong_shape_is_422(api: Api, body: dict[str, Any],
                                                   field_errors: dict[str, str]) -> None:
    response = api.post("/token", json=body)
    assert response.status_code == 422
    assert response.get_json()["field_errors"] == field_errors


@pytest.mark.parametrize("raw", ['{"username": "uji_pelaksana",', "[1, 2]", '"teks"', "username=uji_pelaksana",
                                 '{"username": NaN}', '{"username": 1e400}', "[" * 100_000, b"\xff\xfe"])
def test_a_body_that_is_not_a_json_object_is_400(api: Api, raw: str | bytes) -> None:
    response = api.post("/token", data=raw, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"] == "MalformedRequest"


def test_too_many_failures_are_429_even_with_the_right_password(api: Api) -> None:
    api.client.environ_base["REMOTE_ADDR"] = "192.0.2.99"  # its own address: no other test's failures count
    for _ in range(5):
        assert api.post("/token", json={"username": "uji_kabid", "password": "salah"}).status_code == 401
    response = api.post("/token", json={"username": "uji_kabid", "password": PASSWORD})
    assert response.status_code == 429
    assert response.get_json() == {"error": "TooManyAttempts", "message": "Terlalu banyak percobaan masuk yang "
                                   "gagal. Coba lagi dalam 15 menit."}
    assert response.headers["Retry-After"] == str(15 * 60)
    api.client.environ_base["REMOTE_ADDR"] = API_SOURCE


def test_the_token_endpoint_follows_the_configured_limits(app: Any, api: Api) -> None:
    app.config.update(LOGIN_FAILURES_PER_ACCOUNT_ADDRESS=2, LOGIN_FAILURE_WINDOW_MINUTES=5)
    api.client.environ_base["REMOTE_ADDR"] = "192.0.2.97"
    for _ in range(2):
        assert api.post("/token", json={"username": "uji_kabid", "password": "salah"}).status_code == 401
    response = api.post("/token", json={"username": "uji_kabid", "password": PASSWORD})
    assert response.status_code == 429 and response.headers["Retry-After"] == "300"
    assert "Coba lagi dalam 5 menit." in response.get_json()["message"]
    api.client.environ_base["REMOTE_ADDR"] = API_SOURCE


def test_one_guesser_does_not_lock_out_others_behind_the_same_address(api: Api) -> None:
    """Behind one proxy or NAT everyone shares an address: five wrong passwords on one name stop that name only."""
    api.client.environ_base["REMOTE_ADDR"] = "192.0.2.98"
    for _ in range(5):
        assert api.post("/token", json={"username": "nobody_api", "password": "salah"}).status_code == 401
    assert api.post("/token", json={"username": "nobody_api", "password": "salah"}).status_code == 429
    assert api.post("/token", json={"username": "kadis", "password": PASSWORD}).status_code == 200
    assert api.post("/token", json={"username": "uji_pelaksana", "password": PASSWORD}).status_code == 200
    api.client.environ_base["REMOTE_ADDR"] = API_SOURCE


def test_no_token_is_401_with_a_bearer_challenge(api: Api) -> None:
    for headers in ({}, {"Authorization": "Basic dXNlcjpwYXNz"}, {"Authorization": "Bearer "}):
        response = api.get("/tasks", headers=headers)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == 'Bearer realm="alur"'
        assert response.get_json()["error"] == "NotAuthenticated"


def test_a_signed_in_browser_session_is_not_enough(api: Api, web: Any) -> None:
    """The API is exempt from CSRF checks, so it must never accept the session cookie."""
    web.client.environ_base["REMOTE_ADDR"] = API_SOURCE
    assert web.login("uji_pelaksana").status_code == 302
    assert api.get("/tasks").status_code == 401


def test_forged_and_foreign_tokens_are_401_invalid_token(api: Api, clock: FixedClock, staff: dict[str, int]) -> None:
    token = api.token("uji_pelaksana")
    foreign = URLSafeTimedSerializer("another-secret", salt=SALT).dumps({"u": staff["kadis"], "f": "x"})
    other_salt = URLSafeTimedSerializer("uji-rahasia", salt="other").dumps({"u": staff["kadis"], "f": "x"})
    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "not-a-token", foreign, other_salt):
        response = api.get("/tasks", token=bad)
        assert response.status_code == 401, bad
        assert response.headers["WWW-Authenticate"] == INVALID_TOKEN
        assert response.get_json()["error"] == "InvalidToken"


def test_a_token_expires_after_its_lifetime(api: Api, clock: FixedClock) -> None:
    token = api.token("uji_pelaksana")
    clock.advance(hours=12)
    assert api.get("/tasks", token=token).status_code == 200
    clock.advance(seconds=1)
    response = api.get("/tasks", token=token)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == INVALID_TOKEN
    assert "kedaluwarsa" in response.get_json()["message"]


def test_the_lifetime_is_configurable(app: Any, api: Api, clock: FixedClock) -> None:
    app.config["API_TOKEN_MAX_AGE"] = 60
    body = api.post("/token", json={"username": "uji_pelaksana", "password": PASSWORD}).get_json()
    assert body["expires_in"] == 60
    assert datetime.fromisoformat(body["expires_at"]) == clock.now() + timedelta(seconds=60)
    clock.advance(seconds=61)
    assert api.get("/tasks", token=body["token"]).status_code == 401


def test_a_password_change_revokes_earlier_tokens(api: Api, db: Database, second_pelaksana: int) -> None:
    old = api.token(SECOND_PELAKSANA)
    assert api.get("/tasks", token=old).status_code == 200
    change_own_password(db, second_pelaksana, PASSWORD, "kata-sandi-baru", "kata-sandi-baru")
    response = api.get("/tasks", token=old)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == INVALID_TOKEN
    new = api.post("/token", json={"username": SECOND_PELAKSANA, "password": "kata-sandi-baru"}).get_json()["token"]
    assert api.get("/tasks", token=new).status_code == 200


def test_deactivation_revokes_tokens(api: Api, db: Database, staff: dict[str, int], second_pelaksana: int) -> None:
    token = api.token(SECOND_PELAKSANA)
    set_user_active(db, staff["admin"], second_pelaksana, False)
    response = api.get("/me", token=token)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == INVALID_TOKEN
    set_user_active(db, staff["admin"], second_pelaksana, True)
    response = api.get("/me", token=token)  # reactivation does not bring the token back
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == INVALID_TOKEN
    fresh = api.post("/token", json={"username": SECOND_PELAKSANA, "password": PASSWORD}).get_json()["token"]
    assert api.get("/me", token=fresh).status_code == 200


@pytest.mark.parametrize("reset_by", ["administrator", "operator"])
def test_a_password_reset_revokes_tokens(api: Api, db: Database, staff: dict[str, int], second_pelaksana: int,
                                         reset_by: str) -> None:
    token = api.token(SECOND_PELAKSANA)
    set_password(db, staff["admin"] if reset_by == "administrator" else None, second_pelaksana, PASSWORD)
    assert api.get("/me", token=token).status_code == 401  # even set to the same password


def test_ending_all_sessions_revokes_tokens(api: Api, db: Database, staff: dict[str, int],
                                            second_pelaksana: int) -> None:
    token, other = api.token(SECOND_PELAKSANA), api.token("uji_pelaksana")
    end_all_sessions(db, staff["admin"], second_pelaksana)
    response = api.get("/me", token=token)
    assert response.status_code == 401
    assert "minta token baru" in response.get_json()["message"]
    assert api.get("/me", token=other).status_code == 200  # only that person's


def test_signing_out_of_the_browser_ends_the_persons_tokens(api: Api, web: Any, second_pelaksana: int) -> None:
    """A logout ends every sign-in of the person: no session or token is told apart from another."""
    token = api.token(SECOND_PELAKSANA)
    web.client.environ_base["REMOTE_ADDR"] = API_SOURCE
    web.login(SECOND_PELAKSANA)
    assert web.post("/logout", token_from="/").status_code == 302
    assert api.get("/me", token=token).status_code == 401


def test_a_rotated_secret_key_keeps_tokens_only_while_it_is_a_fallback(app: Any, api: Api) -> None:
    token = api.token("uji_pelaksana")
    app.config.update(SECRET_KEY="kunci-baru", SECRET_KEY_FALLBACKS=["uji-rahasia"])
    assert api.get("/me", token=token).status_code == 200
    app.config["SECRET_KEY_FALLBACKS"] = []
    assert api.get("/me", token=token).status_code == 401


def test_a_token_carries_no_secret(api: Api) -> None:
    """Signed, not encrypted: the holder can read it, so it holds only an id and a digest."""
    token = api.token("uji_pelaksana")
    payload = URLSafeTimedSerializer("uji-rahasia", salt=SALT).loads(token)
    assert set(payload) == {"u", "f"} and "argon2" not in payload["f"]
