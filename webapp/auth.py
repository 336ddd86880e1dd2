"""Signing in and out (Flask-Login sessions), the current user for every request, and one's own account page.

A session carries the person's credential (a digest of the password hash and the session epoch) from sign-in;
every request checks it against the database, so a logout, a password change or reset, "log out all sessions"
and a deactivation end the session at once, in every browser and every copy of the cookie.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user, logout_user

from engine.errors import ValidationFailed
from engine.services import UserInfo
from engine.services.users import SignInLimits, change_own_password, sign_in, sign_out, signed_in_user
from webapp import get_db
from webapp.formatting import error_fields
from webapp.i18n import LANGUAGES

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
#: The session key holding the credential the session began with.
CREDENTIAL = "credential"


class CurrentUser(UserMixin):
    """The signed-in person as the web app sees them; the engine re-checks everything."""

    def __init__(self, info: UserInfo) -> None:
        self.info = info
        self.id = info.id

    def get_id(self) -> str:
        return str(self.info.id)

    @property
    def is_active(self) -> bool:
        return self.info.active

    @property
    def is_supervisor(self) -> bool:
        """Shows the supervisors' pages; the engine decides it from the roles table (``Role.is_supervisor``)."""
        return self.info.is_supervisor

    @property
    def is_admin(self) -> bool:
        """Shows the admin pages; the engine decides it from the roles table (``Role.is_admin``)."""
        return self.info.is_admin


@login_manager.user_loader
def _load_user(user_id: str) -> CurrentUser | None:
    """Every request: the person, only while the sign-in this session began with has not ended."""
    if not (user_id.isascii() and user_id.isdecimal() and len(user_id) <= 10):
        return None
    info = signed_in_user(get_db(), int(user_id), session.get(CREDENTIAL))
    return CurrentUser(info) if info is not None else None


def sign_in_limits(app: Flask | None = None) -> SignInLimits:
    """The configured limits on failed sign-ins (README, "Configuration"), for /login and /api/v1/token."""
    config = (app or current_app).config
    return SignInLimits(per_account_address=int(config["LOGIN_FAILURES_PER_ACCOUNT_ADDRESS"]),
                        per_account=int(config["LOGIN_FAILURES_PER_ACCOUNT"]),
                        per_address=int(config["LOGIN_FAILURES_PER_ADDRESS"]),
                        window=timedelta(minutes=float(config["LOGIN_FAILURE_WINDOW_MINUTES"])))


def is_safe_next(target: str | None) -> bool:
    """Only a path on this site: no scheme, no host, no protocol-relative '//' trick, no control characters.

    A CR or LF cannot go in a Location header (Werkzeug raises), and a tab is dropped by browsers and by
    ``urlsplit``: ``/\\t/evil.example`` would become ``//evil.example``. Refused, the caller's default is used.
    """
    if not target or any(ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F for char in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//") \
        and "\\" not in target


@bp.route("/login", methods=["GET", "POST"])
def login():  # type: ignore[no-untyped-def]
    next_url = request.values.get("next")
    if current_user.is_authenticated:
        return redirect(next_url if is_safe_next(next_url) else url_for("tasks.home"))
    error = None
    username = ""
    if request.method == "POST":
        username = request.form.get("username", "")
        signed = sign_in(get_db(), username, request.form.get("password", ""), source=request.remote_addr or "",
                         limits=sign_in_limits())
        if signed is None:
            error = _("Nama pengguna atau kata sandi salah.")
        else:
            session.clear()  # a fresh session on sign-in: no fixation
            login_user(CurrentUser(signed.user))
            session[CREDENTIAL] = signed.credential
            return redirect(next_url if is_safe_next(next_url) else url_for("tasks.home"))
    status = 401 if error else 200
    return render_template("auth/login.html", error=error, username=username, next=next_url), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():  # type: ignore[no-untyped-def]
    sign_out(get_db(), int(current_user.id), session.get(CREDENTIAL))
    logout_user()
    session.clear()
    flash(_("Anda telah keluar."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/lang/<code>", methods=["POST"])
def set_language(code: str):  # type: ignore[no-untyped-def]
    if code in LANGUAGES:
        session["lang"] = code
    target = request.form.get("next")
    return redirect(target if is_safe_next(target) else url_for("tasks.home"))


@bp.get("/account")
@login_required
def account() -> Any:
    return render_account()


def render_account(errors: dict[str, str] | None = None, status: int = 200) -> Any:
    return render_template("auth/account.html", user=current_user.info, errors=errors or {}), status


@bp.post("/account/password")
@login_required
def change_password() -> Any:
    """One's own password, with the current one; this browser stays signed in, every other session ends."""
    form = request.form
    try:
        credential = change_own_password(get_db(), int(current_user.id), form.get("current", ""),
                                         form.get("password", ""), form.get("repeated", ""),
                                         source=request.remote_addr or "", limits=sign_in_limits())
    except ValidationFailed as failed:
        return render_account(error_fields(failed, ""), 422)
    session[CREDENTIAL] = credential
    flash(_("Kata sandi Anda diganti. Sesi di perangkat lain telah diakhiri."), "success")
    return redirect(url_for("auth.account"), code=303)


def init_app(app: Flask) -> None:
    sign_in_limits(app)  # a misconfigured limit stops the start, not the first sign-in
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "strong"
    app.register_blueprint(bp)
