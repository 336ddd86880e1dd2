"""``sop.json`` from the table's identity: the SOP AP identity part, the unit cases go to, who starts them.

The unit is looked up by name among the office's units (so cases reach the staff already there); a unit the
office tree does not have yet is created on sync under a code made from its name, and that is an assumption.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from engine.phrases import N_, Phrase
from engine.sop_table.forms import slug
from engine.sop_table.headers import match_role, normalise
from engine.sop_table.model import Problem, RoleInfo, SopTable, UnitInfo


def sop_document(table: SopTable, key: str, roles: Sequence[RoleInfo], units: Sequence[UnitInfo],
                 notes: list[str], problems: list[Problem], source: str) -> dict[str, Any]:
    identity = table.identity
    office, unit = _units(table, units, notes, problems)
    return {
        "key": key,
        "nama": identity.nama,
        "nomor_sop": identity.nomor,
        "office": office,
        "unit": unit,
        "header": {"pemerintah": identity.pemerintah, "instansi": identity.instansi, "alamat": identity.alamat},
        "dasar_hukum": identity.dasar_hukum,
        "kualifikasi_pelaksana": identity.kualifikasi_pelaksana,
        "keterkaitan": identity.keterkaitan,
        "peralatan_perlengkapan": identity.peralatan_perlengkapan,
        "peringatan": identity.peringatan,
        "pencatatan_pendataan": identity.pencatatan_pendataan,
        "tanggal_pembuatan": identity.tanggal_pembuatan,
        "tanggal_revisi": identity.tanggal_revisi,
        "tanggal_efektif": identity.tanggal_efektif,
        "disahkan_oleh": {"jabatan": identity.disahkan_oleh.jabatan, "nama": identity.disahkan_oleh.nama,
                          "nip": identity.disahkan_oleh.nip},
        "jenis": identity.jenis,
        "starter_roles": _starters(table, roles, notes, problems),
        "assumptions": notes,
        "source": source or "tabel SOP (alur sop import)",
        "_prefix": _prefix(identity.reference_prefix, identity.nama, notes),
    }


def _units(table: SopTable, units: Sequence[UnitInfo], notes: list[str], problems: list[Problem]
           ) -> tuple[dict[str, Any], dict[str, Any]]:
    identity = table.identity
    by_code = {u.code: u for u in units}
    by_name = {normalise(u.name): u for u in units}
    wanted = identity.unit_code and by_code.get(identity.unit_code)
    name = identity.seksi or identity.unit
    if not wanted and name:
        wanted = by_name.get(normalise(name))
    if wanted:
        chain = [wanted]
        while chain[-1].parent_code and chain[-1].parent_code in by_code:
            chain.append(by_code[chain[-1].parent_code])
        office = next((u for u in chain if u.kind == "office"), chain[-1])
        below = [u for u in chain if u is not office]
        if not below:
            problems.append(Problem(identity.sheet, Phrase(N_("'%(name)s' adalah instansi; tulis Bidang atau Seksi "
                                                           "yang menjalankan SOP ini"), {"name": wanted.name}),
                                    None, "Bidang"))
            return {"code": office.code, "name": office.name}, {"code": office.code, "name": office.name}
        return {"code": office.code, "name": office.name}, _nest(below)
    if not identity.instansi or not name:
        problems.append(Problem(identity.sheet, N_("isi Instansi dan Bidang (atau Seksi) yang menjalankan SOP ini"),
                                None, "Instansi" if not identity.instansi else "Bidang"))
        return {"code": "", "name": ""}, {"code": "", "name": ""}
    office_unit = (identity.office_code and by_code.get(identity.office_code)) \
        or by_name.get(normalise(identity.instansi))
    office = {"code": office_unit.code, "name": office_unit.name} if office_unit else \
        {"code": identity.office_code or slug(identity.instansi, 40).replace("_", "-"), "name": identity.instansi}
    unit: dict[str, Any] = {"code": identity.unit_code or f"{office['code']}.{slug(identity.unit, 40)}"
                            .replace("_", "-"), "name": identity.unit, "kind": "division"}
    if identity.seksi:
        seksi = {"code": f"{unit['code']}.{slug(identity.seksi, 40)}".replace("_", "-"), "name": identity.seksi,
                 "kind": "section", "parent": unit}
        unit = seksi
    notes.append(f"Unit '{name}' belum ada di Alur; dibuat saat sinkronisasi dengan kode {unit['code']} "
                 "(belum ada pegawainya: tambahkan pengguna di unit ini).")
    return office, unit


def _nest(chain: list[UnitInfo]) -> dict[str, Any]:
    unit: dict[str, Any] = {"code": chain[0].code, "name": chain[0].name, "kind": chain[0].kind}
    if len(chain) > 1:
        unit["parent"] = _nest(chain[1:])
    return unit


def _starters(table: SopTable, roles: Sequence[RoleInfo], notes: list[str], problems: list[Problem]) -> list[str]:
    by_code = {r.code: r for r in roles}
    codes: list[str] = []
    for name in table.identity.starter_roles:
        role, _ = match_role(name, roles)
        if role is None:
            unknown = Phrase(N_("peran '%(name)s' pada 'Dimulai oleh' tidak dikenal"), {"name": name})
            problems.append(Problem(table.identity.sheet, unknown, None, "Dimulai oleh"))
        else:
            codes.append(role.code)
    if codes or not table.activities:
        return codes
    first, _ = match_role(table.activities[0].role, roles)
    if first is not None and first.external and first.recorded_by in by_code:
        first = by_code[first.recorded_by]
    code = first.code if first is not None and not first.external else "pelaksana"
    notes.append(f"Kasus dimulai oleh {by_code[code].name if code in by_code else code} (peran kegiatan pertama; "
                 "isi 'Dimulai oleh' untuk mengubahnya).")
    return [code]


def _prefix(given: str, name: str, notes: list[str]) -> str:
    if re.fullmatch(r"[A-Z][A-Z0-9]{0,19}", given or ""):
        return given
    words = [w for w in re.split(r"[^A-Za-z0-9]+", name) if w and w.lower() not in
             {"dan", "di", "ke", "dari", "yang", "untuk", "pada", "melalui", "bagi", "sop"}]
    prefix = "".join(w[0] for w in words).upper()[:6] or "SOP"
    if not prefix[0].isalpha():
        prefix = "S" + prefix
    notes.append(f"Nomor kasus diawali '{prefix}' (dari Nama SOP).")
    return prefix
