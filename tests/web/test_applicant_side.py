"""The applicant's side of a public service: the receipt with its tracking code, and the public status page that
answers only to the reference with its code."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from applicant_support import APPLICANT, NIB, complete_steps
from sqlalchemy import select

from engine.db import Database
from engine.models import Case, LoginAttempt
from engine.public_service.tracking import ALPHABET
from engine.services import get_case, start_case
from engine.timekeeping.clock import FixedClock


def _case(db: Database, staff: dict[str, int]):  # type: ignore[no-untyped-def]
    ref = start_case(db, staff["pelaksana"], NIB, APPLICANT)
    assert ref.tracking_code is not None
    return ref


def test_a_public_service_case_gets_a_code_and_a_promised_time(db: Database, staff: dict[str, int]) -> None:
    ref = _case(db, staff)
    assert len(ref.tracking_code or "") == 10 and set(ref.tracking_code or "") <= set(ALPHABET)
    detail = get_case(db, staff["pelaksana"], ref.id)
    assert detail.tracking_code == ref.tracking_code
    # Monday 09.00: five steps of 30 minutes' standard time each end at 11.30 the same day (WITA).
    assert detail.promised_at is not None and detail.promised_at > detail.started_at


def test_a_case_of_an_internal_sop_has_no_code(db: Database, staff: dict[str, int], sop: str) -> None:
    ref = start_case(db, staff["uji_pelaksana"], sop, {"nama_pemohon": "Baiq Nurul"})
    assert ref.tracking_code is None


def test_starting_at_the_desk_shows_the_receipt(web, db: Database, staff: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    web.login("pelaksana")
    response = web.post(f"/processes/{NIB}/start", APPLICANT)
    assert response.status_code == 303 and re.search(r"/cases/\d+/receipt$", response.headers["Location"])
    html = web.client.get(response.headers["Location"]).get_data(as_text=True)
    with db.transaction(write=False) as session:
        case = session.scalars(select(Case).order_by(Case.id.desc())).first()
    assert case is not None and case.tracking_code
    assert case.reference in html and f"{case.tracking_code[:5]}-{case.tracking_code[5:]}" in html
    assert "Baiq Nurul Aini" in html and "Foto Copy KTP" in html and "Surat Keterangan Usaha dari Desa" in html
    assert "<svg" in html and "Tidak dipungut biaya" in html
    assert f"/status?ref={case.reference}&amp;code={case.tracking_code[:5]}-{case.tracking_code[5:]}" in html
    pdf = web.client.get(f"/cases/{case.id}/receipt.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_a_case_without_an_applicant_has_no_receipt(web, db: Database, staff: dict[str, int], case) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_pelaksana")
    assert web.client.get(f"/cases/{case.id}/receipt").status_code == 404


def test_the_status_page_shows_the_case_to_its_code_and_moves_with_it(  # type: ignore[no-untyped-def]
        client, db: Database, staff: dict[str, int]) -> None:
    ref = _case(db, staff)
    url = f"/status?ref={ref.reference}&code={(ref.tracking_code or '').lower()}"
    html = client.get(url).get_data(as_text=True)
    assert "Pelayanan Nomor Induk Berusaha" in html and "Menginput data NIK atau email perorangan" in html
    assert "ditangani oleh Pelaksana" in html and "Tepat waktu" in html
    assert "Perkiraan selesai</dt><dd>23 November 2026 10.45 WITA" in html  # 3 × 30 minutes + 15 + 0: same morning
    for name in ("Baiq Nurul Aini", "5201014107900001", "baiq@contoh.id", "Jajanan Nurul"):
        assert name not in html  # nothing of the start form
    complete_steps(db, staff, ref.id, 1)
    html = client.get(url).get_data(as_text=True)
    assert 'data-testid="current-step">Pemohon mengaktivasi akun OSS' in html
    assert '<li class="step-done">Menginput data NIK' in html
    complete_steps(db, staff, ref.id, 4, first=1)
    html = client.get(url).get_data(as_text=True)
    assert "Selesai" in html and "Survei Kepuasan Masyarakat" in html


def test_a_wrong_code_answers_exactly_like_an_unknown_reference(  # type: ignore[no-untyped-def]
        client, db: Database, staff: dict[str, int]) -> None:
    ref = _case(db, staff)
    wrong = "2" * 10 if ref.tracking_code != "2" * 10 else "3" * 10
    by_code = client.get(f"/status?ref={ref.reference}&code={wrong}")
    by_reference = client.get(f"/status?ref=NIB-2026-99999&code={wrong}")
    assert by_code.status_code == by_reference.status_code == 404
    def page(response, reference: str) -> str:  # type: ignore[no-untyped-def]
        html = response.get_data(as_text=True).replace(reference, "REF")
        return re.sub(r'name="csrf_token" value="[^"]*"', "", html)

    assert page(by_code, ref.reference) == page(by_reference, "NIB-2026-99999")
    api_code = client.get(f"/api/v1/public/cases/{ref.reference}?code={wrong}")
    api_reference = client.get(f"/api/v1/public/cases/NIB-2026-99999?code={ref.tracking_code}")
    assert api_code.status_code == api_reference.status_code == 404
    assert api_code.get_json() == api_reference.get_json()


def test_wrong_codes_are_limited_per_address(client, db: Database, staff: dict[str, int], clock: FixedClock) -> None:  # type: ignore[no-untyped-def]
    ref = _case(db, staff)
    for _ in range(10):
        assert client.get(f"/status?ref={ref.reference}&code=2222233333").status_code == 404
    refused = client.get(f"/status?ref={ref.reference}&code={ref.tracking_code}")
    assert refused.status_code == 429  # the right code too, from this address, until the window passes
    clock.advance(timedelta(minutes=16))
    assert client.get(f"/status?ref={ref.reference}&code={ref.tracking_code}").status_code == 200
    with db.transaction(write=False) as session:
        assert session.scalars(select(LoginAttempt.username).where(
            LoginAttempt.username == f"cek-status:{ref.reference}")).all()


def test_the_api_carries_the_code_and_answers_the_public_without_a_token(  # type: ignore[no-untyped-def]
        client, db: Database, staff: dict[str, int]) -> None:
    ref = _case(db, staff)
    answer = client.get(f"/api/v1/public/cases/{ref.reference}?code={ref.tracking_code}")
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["reference"] == ref.reference and body["status"] == "active"
    assert body["current_steps"][0]["role"] == "Pelaksana" and "data" not in body
    assert set(body) == {"reference", "process", "status", "status_label", "current_steps", "steps", "started_at",
                         "promised_at", "finished_at", "late", "outcome", "survey_open"}


def _finished_case(db: Database, staff: dict[str, int]):  # type: ignore[no-untyped-def]
    ref = _case(db, staff)
    complete_steps(db, staff, ref.id, 5)
    return ref


ANSWERS = {f"u{n}": str(v) for n, v in zip(range(1, 10), (4, 4, 3, 4, 3, 3, 4, 3, 3), strict=True)}


def test_the_applicant_answers_the_survey_once_and_the_kadis_sees_the_index(  # type: ignore[no-untyped-def]
        app, client, web, db: Database, staff: dict[str, int]) -> None:
    ref = _finished_case(db, staff)
    url = f"/status?ref={ref.reference}&code={ref.tracking_code}"
    html = client.get(url).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    form = {"ref": ref.reference, "code": ref.tracking_code, "csrf_token": token}
    missing = client.post("/status/survey", data={**form, **ANSWERS, "u9": ""})
    assert missing.status_code == 422 and "Sarana dan prasarana" in missing.get_data(as_text=True)
    done = client.post("/status/survey", data={**form, **ANSWERS, "usia": "34", "saran": "Antrean dipercepat"})
    assert done.status_code == 303
    html = client.get(url).get_data(as_text=True)
    assert 'data-testid="survey-done"' in html and 'name="u1"' not in html
    again = client.post("/status/survey", data={**form, **ANSWERS})
    assert again.status_code == 409  # one response per case
    web.login("kadis")
    home = web.client.get("/").get_data(as_text=True)
    # One response (4,4,3,4,3,3,4,3,3): mean 31/9 = 3,444…; × 25 = 86,11: B (Baik).
    assert "86,11" in home and "mutu B (Baik)" in home
    assert "1 dari 1 permohonan yang dinilai selesai" in home
    report = web.client.get("/reports/ikm?sop=pelayanan_nib_oss").get_data(as_text=True)
    assert "86,11" in report and "Antrean dipercepat" in report
    for fmt, magic in (("pdf", b"%PDF"), ("xlsx", b"PK")):
        file = web.client.get(f"/reports/ikm.{fmt}?sop=pelayanan_nib_oss")
        assert file.status_code == 200 and file.data.startswith(magic)


def test_a_survey_before_the_case_is_finished_is_refused(client, db: Database, staff: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    ref = _case(db, staff)
    html = client.get(f"/status?ref={ref.reference}&code={ref.tracking_code}").get_data(as_text=True)
    assert 'name="u1"' not in html
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    answer = client.post("/status/survey", data={"ref": ref.reference, "code": ref.tracking_code,
                                                 "csrf_token": token, **ANSWERS})
    assert answer.status_code == 409


def test_staff_type_a_paper_questionnaire(app, web, db: Database, staff: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    ref = _finished_case(db, staff)
    web.login("pelaksana")
    saved = web.post("/survey/paper", {"process": NIB, "reference": ref.reference.lower(), **ANSWERS,
                                       "jenis_kelamin": "Perempuan"})
    assert saved.status_code == 303
    twice = web.post("/survey/paper", {"process": NIB, "reference": ref.reference, **ANSWERS})
    assert twice.status_code == 422 and "Satu penilaian untuk setiap permohonan" in twice.get_data(as_text=True)
    jafung = type(web)(app.test_client())
    jafung.login("jafung")  # neither serves the desk nor supervises
    assert jafung.post("/survey/paper", {"process": NIB, **ANSWERS}).status_code == 403


def test_the_service_standard_is_public(client) -> None:  # type: ignore[no-untyped-def]
    listing = client.get("/standar-pelayanan").get_data(as_text=True)
    assert "/standar-pelayanan/pelayanan_nib_oss" in listing and "ntb_penyuluhan" not in listing
    html = client.get("/standar-pelayanan/pelayanan_nib_oss").get_data(as_text=True)
    for component in ("Persyaratan", "Sistem, mekanisme dan prosedur", "Jangka waktu penyelesaian", "Biaya/tarif",
                      "Produk pelayanan", "Penanganan pengaduan, saran dan masukan", "Foto Copy KTP", "Memiliki NPWP",
                      "Tidak dipungut biaya", "Nomor Induk Berusaha (NIB) yang diterbitkan", "(0370) 681268", "<svg"):
        assert component in html, component
    assert client.get("/standar-pelayanan/ntb_penyuluhan_umkm_01_rencana_program").status_code == 404


def test_survey_answers_are_checked_field_by_field() -> None:
    import pytest

    from engine.errors import ValidationFailed
    from engine.services.survey import survey_answers

    with pytest.raises(ValidationFailed) as refused:
        survey_answers({**ANSWERS, "u3": "5", "usia": "9" * 5000, "jenis_kelamin": "x" * 30, "saran": "s" * 2001})
    assert set(refused.value.field_errors) == {"u3", "usia", "jenis_kelamin", "saran"}
    clean = survey_answers({**ANSWERS, "usia": " 34 ", "saran": "  "})
    assert clean["u1"] == 4 and clean["usia"] == 34 and clean["saran"] is None and clean["pendidikan"] is None


def test_the_case_json_carries_reference_and_tracking_code(client, db: Database) -> None:  # type: ignore[no-untyped-def]
    from support import PASSWORD

    token = client.post("/api/v1/token", json={"username": "pelaksana", "password": PASSWORD}).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    started = client.post("/api/v1/cases", json={"process": NIB, "data": APPLICANT}, headers=headers)
    assert started.status_code == 201
    body = started.get_json()
    assert body["reference"].startswith("NIB-") and len(body["tracking_code"]) == 10 and body["promised_at"]
    again = client.get(f"/api/v1/cases/{body['id']}", headers=headers).get_json()
    assert again["tracking_code"] == body["tracking_code"]
    public = client.get(f"/api/v1/public/cases/{body['reference']}?code={body['tracking_code']}")
    assert public.status_code == 200 and public.get_json()["promised_at"] == body["promised_at"]


def test_the_case_page_says_where_the_survey_invitation_stands(  # type: ignore[no-untyped-def]
        web, db: Database, staff: dict[str, int], clock: FixedClock, monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.scheduler import SchedulerPolicy, run_pass

    ref = _case(db, staff)
    web.login("pelaksana")
    assert 'data-testid="survey-invitation"' not in web.client.get(f"/cases/{ref.id}").get_data(as_text=True)
    complete_steps(db, staff, ref.id, 5)
    html = web.client.get(f"/cases/{ref.id}").get_data(as_text=True)
    # Without an email server the scheduler cannot send it: the page says so instead of "akan dikirim".
    assert re.search(r'data-testid="survey-invitation">\s*belum dapat dikirim ke baiq@contoh.id: email kantor', html)
    config = web.client.application.config
    monkeypatch.setitem(config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(config, "PUBLIC_URL", "https://layanan.contoh.go.id")
    html = web.client.get(f"/cases/{ref.id}").get_data(as_text=True)
    assert re.search(r'data-testid="survey-invitation">\s*akan dikirim ke baiq@contoh.id', html)

    class Postbox:  # the outbox's receiving end; the SMTP conversation is tests/integration/test_survey_invitation.py
        domain = "contoh.go.id"

        def __init__(self) -> None:
            self.sent: list[object] = []

        def send(self, mail: object) -> None:
            self.sent.append(mail)

    postbox = Postbox()
    run_pass(db, clock.now() + timedelta(minutes=1), policy=SchedulerPolicy(send_email=False), mailer=postbox,
             public_url="https://layanan.contoh.go.id")
    assert len(postbox.sent) == 1
    html = web.client.get(f"/cases/{ref.id}").get_data(as_text=True)
    assert re.search(r'data-testid="survey-invitation">\s*terkirim ke baiq@contoh.id, 23 November 2026 09.01 WITA',
                     html)
    # The history says it too, with the address, once.
    assert html.count("<strong>Undangan survei dikirim</strong>") == 1 and "ke baiq@contoh.id" in html
    web.post("/lang/en", {"next": "/"}, token_from="/")
    english = web.client.get(f"/cases/{ref.id}").get_data(as_text=True)
    assert "<strong>Survey invitation sent</strong>" in english and "to baiq@contoh.id" in english


def test_the_case_json_says_where_the_survey_invitation_stands(  # type: ignore[no-untyped-def]
        client, db: Database, staff: dict[str, int], clock: FixedClock) -> None:
    """The case page said it; the API's case did not."""
    from engine.scheduler import SchedulerPolicy, run_pass

    from support import PASSWORD

    token = client.post("/api/v1/token", json={"username": "pelaksana", "password": PASSWORD}).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    ref = _case(db, staff)
    assert client.get(f"/api/v1/cases/{ref.id}", headers=headers).get_json()["survey_invitation"] is None
    complete_steps(db, staff, ref.id, 5)
    pending = client.get(f"/api/v1/cases/{ref.id}", headers=headers).get_json()["survey_invitation"]
    assert pending == {"status": "pending", "to_address": "baiq@contoh.id", "sent_at": None, "reason": None}
    class Postbox:  # nothing reaches it: without the office's public address no invitation is sent
        domain = "contoh.go.id"

        def send(self, mail: object) -> None:
            raise AssertionError(f"sent without a public address: {mail}")

    run_pass(db, clock.now() + timedelta(minutes=1), policy=SchedulerPolicy(send_email=False), mailer=Postbox(),
             public_url=None)
    skipped = client.get(f"/api/v1/cases/{ref.id}", headers={**headers, "Accept-Language": "en"}).get_json()
    assert skipped["survey_invitation"]["status"] == "skipped"
    assert "ALUR_PUBLIC_URL" in skipped["survey_invitation"]["reason"]
    assert "belum diatur" not in skipped["survey_invitation"]["reason"]


def test_with_a_public_address_the_receipt_links_there_and_announces_the_invitation(  # type: ignore[no-untyped-def]
        app, web, db: Database, staff: dict[str, int]) -> None:
    ref = _case(db, staff)
    code = f"{(ref.tracking_code or '')[:5]}-{(ref.tracking_code or '')[5:]}"
    web.login("pelaksana")
    html = web.client.get(f"/cases/{ref.id}/receipt").get_data(as_text=True)
    assert 'data-testid="invitation-email"' not in html  # nobody would send it
    app.config.update(PUBLIC_URL="https://layanan.contoh.go.id/", SMTP_HOST="127.0.0.1")
    html = web.client.get(f"/cases/{ref.id}/receipt").get_data(as_text=True)
    assert f'href="https://layanan.contoh.go.id/status?ref={ref.reference}&amp;code={code}"' in html
    assert "buka https://layanan.contoh.go.id/status lalu" in html
    assert re.search(r'data-testid="invitation-email">[^<]*undangan Survei Kepuasan Masyarakat ke baiq@contoh.id',
                     html)
    assert web.client.get(f"/cases/{ref.id}/receipt.pdf").status_code == 200


def test_the_ikm_report_in_english_names_all_services_and_writes_english_decimals(web) -> None:  # type: ignore[no-untyped-def]
    """The report over every service was subtitled "Semua layanan publik" and wrote "0,00" on the English page."""
    web.login("kadis")
    indonesian = web.client.get("/reports/ikm").get_data(as_text=True)
    assert '<p class="subtitle">Semua layanan publik ·' in indonesian
    assert re.search(r"<td>\d+,\d\d</td><td>\d+,\d\d\d</td>", indonesian)
    web.post("/lang/en", {"next": "/"}, token_from="/")
    english = web.client.get("/reports/ikm").get_data(as_text=True)
    assert '<p class="subtitle">All public services ·' in english
    assert re.search(r"<td>\d+\.\d\d</td><td>\d+\.\d\d\d</td>", english)
    assert not re.search(r"<td>\d+,\d\d</td>", english)
