"""The identity page of an SOP AP document (Permenpan RB 35/2012), read from the SOP's sop.json.

Every field the regulation's form has is always there: what sop.json leaves empty reads "-", as an office
writes it on paper. Pure: no database, no rendering.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from engine.reports.text import MONTHS

EMPTY = "-"
#: The numbered lists of the identity page, two per line of its grid, in the form's order.
LIST_FIELDS = (
    (("dasar_hukum", "Dasar Hukum"), ("kualifikasi_pelaksana", "Kualifikasi Pelaksana")),
    (("keterkaitan", "Keterkaitan"), ("peralatan_perlengkapan", "Peralatan/Perlengkapan")),
    (("peringatan", "Peringatan"), ("pencatatan_pendataan", "Pencatatan dan Pendataan")),
)
#: A logo given in sop.json (``header.logo``) is shown only as an inline PNG, JPEG or GIF image: nothing is fetched.
_LOGO = re.compile(r"^data:image/(png|jpeg|gif);base64,[A-Za-z0-9+/]+={0,2}$")
_MAX_LOGO = 400_000


@dataclass(frozen=True)
class Listing:
    title: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Approval:
    """The version's approval as recorded in Alur (the Kadis approves a draft): it wins over sop.json's."""

    position: str
    name: str
    nip: str
    effective_on: date | None = None


@dataclass(frozen=True)
class Identity:
    """The identity page: letterhead, the numbered facts on its right, the SOP's name and the lists grid."""

    letterhead: tuple[str, ...]
    address: str
    logo: str | None
    nomor_sop: str
    tanggal_pembuatan: str
    tanggal_revisi: str
    tanggal_efektif: str
    approver_position: str
    approver_name: str
    approver_nip: str
    name: str
    grid: tuple[tuple[Listing, Listing], ...]


def identity(sop: Mapping[str, Any], name: str, nomor_sop: str | None, approval: Approval | None = None) -> Identity:
    """The identity page of ``sop`` (a registered version's sop.json), with the approval recorded in Alur if any."""
    header = _mapping(sop.get("header"))
    approver = _mapping(sop.get("disahkan_oleh"))
    if approval is not None:
        approver = {"jabatan": approval.position, "nama": approval.name, "nip": approval.nip}
    effective = approval.effective_on.isoformat() if approval and approval.effective_on else sop.get("tanggal_efektif")
    office = _mapping(sop.get("office"))
    letterhead = [_text(header.get("pemerintah")), _text(header.get("instansi")) or _text(office.get("name")),
                  *_unit_chain(_mapping(sop.get("unit")))]
    return Identity(
        letterhead=tuple(line.upper() for line in dict.fromkeys(letterhead) if line),
        address=_text(header.get("alamat")),
        logo=_logo(header.get("logo")),
        nomor_sop=_text(nomor_sop) or _text(sop.get("nomor_sop")) or EMPTY,
        tanggal_pembuatan=date_words(sop.get("tanggal_pembuatan")),
        tanggal_revisi=date_words(sop.get("tanggal_revisi")),
        tanggal_efektif=date_words(effective),
        approver_position=(_text(approver.get("jabatan")) or EMPTY).upper(),
        approver_name=_text(approver.get("nama")) or EMPTY,
        approver_nip=_text(approver.get("nip")) or EMPTY,
        name=_text(sop.get("nama")) or name,
        grid=tuple(tuple(Listing(title, _items(sop.get(field))) for field, title in pair)  # type: ignore[misc]
                   for pair in LIST_FIELDS),
    )


def date_words(value: Any) -> str:
    """An ISO date as an Indonesian document writes it ("1 Januari 2023"); other text as given; nothing as "-"."""
    text = _text(value)
    if not text:
        return EMPTY
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return text
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _unit_chain(unit: Mapping[str, Any]) -> list[str]:
    """The unit and the units above it (``unit.parent``), the highest first: BIDANG …, then SEKSI …."""
    names: list[str] = []
    seen = 0
    while unit and seen < 10:
        if unit.get("kind") != "office":
            names.insert(0, _text(unit.get("name")))
        unit = _mapping(unit.get("parent"))
        seen += 1
    return names


def _items(value: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(text for item in value if (text := _text(item)))
    text = _text(value)
    return (text,) if text else ()


def _logo(value: Any) -> str | None:
    text = _text(value)
    return text if text and len(text) <= _MAX_LOGO and _LOGO.match(text) else None


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None and not isinstance(value, dict | list) else ""
