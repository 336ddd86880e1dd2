"""Signing in and out (Flask-Login sessions), and the current user for every request."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user, logout_user

from engine.errors import NotFound
from engine.services import UserInfo, authenticate, get_user
from webapp import get_db
from webapp.i18n import LANGUAGES

bp = Blueprint("auth", __name__)
login_manager = LoginManager()


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

    def has_role(self, *codes: str) -> bool:
        return any(code in self.info.roles for code in codes)

    @property
    def is_supervisor(self) -> bool:
        return self.has_role("kepala_seksi", "kepala_bidang", "sekretaris", "kadis")

    @property
    def is_admin(self) -> bool:
        return self.has_role("admin")


@login_manager.user_loader
def _load_user(user_id: str) -> CurrentUser | None:
    try:
        info = get_user(get_db(), int(user_id))
    except (NotFound, ValueError):
        return None
    return CurrentUser(info) if info.active else None


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
        return redirect(next_url if is_safe_next(next_url) else url_for("tasks.inbox"))
    error = None
    username = ""
    if request.method == "POST":
        username = request.form.get("username", "")
        info = authenticate(get_db(), username, request.form.get("password", ""),
                            source=request.remote_addr or "")
        if info is None:
            error = _("Nama pengguna atau kata sandi salah.")
        else:
            session.clear()  # a fresh session on sign-in: no fixation
            login_user(CurrentUser(info))
            return redirect(next_url if is_safe_next(next_url) else url_for("tasks.inbox"))
    status = 401 if error else 200
    return render_template("auth/login.html", error=error, username=username, next=next_url), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():  # type: ignore[no-untyped-def]
    logout_user()
    session.clear()
    flash(_("Anda telah keluar."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/lang/<code>", methods=["POST"])
def set_language(code: str):  # type: ignore[no-untyped-def]
    if code in LANGUAGES:
        session["lang"] = code
    target = request.form.get("next")
    return redirect(target if is_safe_next(target) else url_for("tasks.inbox"))


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "strong"
    app.register_blueprint(bp)
