"""Indonesian identifiers (NIK, NPWP, NIB): structure checks with messages a clerk can act on.

Each ``*_problem`` function returns an Indonesian message saying exactly what is wrong, or ``None`` when
the value is acceptable. They check structure only: whether the number was really issued can only be
answered by Dukcapil, DJP or OSS, which Alur does not call.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from engine.errors import ValidationFailed
from engine.phrases import N_, Phrase

PROVINCE_CODES: dict[str, str] = {
    "11": "Aceh",
    "12": "Sumatera Utara",
    "13": "Sumatera Barat",
    "14": "Riau",
    "15": "Jambi",
    "16": "Sumatera Selatan",
    "17": "Bengkulu",
    "18": "Lampung",
    "19": "Kepulauan Bangka Belitung",
    "21": "Kepulauan Riau",
    "31": "DKI Jakarta",
    "32": "Jawa Barat",
    "33": "Jawa Tengah",
    "34": "DI Yogyakarta",
    "35": "Jawa Timur",
    "36": "Banten",
    "51": "Bali",
    "52": "Nusa Tenggara Barat",
    "53": "Nusa Tenggara Timur",
    "61": "Kalimantan Barat",
    "62": "Kalimantan Tengah",
    "63": "Kalimantan Selatan",
    "64": "Kalimantan Timur",
    "65": "Kalimantan Utara",
    "71": "Sulawesi Utara",
    "72": "Sulawesi Tengah",
    "73": "Sulawesi Selatan",
    "74": "Sulawesi Tenggara",
    "75": "Gorontalo",
    "76": "Sulawesi Barat",
    "81": "Maluku",
    "82": "Maluku Utara",
    "91": "Papua",
    "92": "Papua Barat",
    "93": "Papua Selatan",
    "94": "Papua Tengah",
    "95": "Papua Pegunungan",
    "96": "Papua Barat Daya",
}
"""The 38 province codes of the Kemendagri area codes (kode wilayah administrasi pemerintahan).

Source: Kepmendagri No. 100.1.1-6117 Tahun 2022 (kode dan data wilayah), which added 93-96 after Papua was
split in 2022; no province has been created since. A NIK keeps the code it was issued with, so a resident of
a new province may hold a 91 or 92 NIK: every code here is valid on any NIK. Only the set of codes is used;
the names are for reading.
"""

_DIGITS = re.compile(r"[0-9]+")
_NPWP_SEPARATORS = re.compile(r"[.\-\s]")


#: Each identifier problem as it reads after a field's title ("NIK pemohon harus 16 digit angka").
IN_FIELD: dict[str, str] = {
    N_("NIK harus 16 digit angka"): N_("%(field)s harus 16 digit angka"),
    N_("kode provinsi %(code)s pada NIK tidak dikenal"): N_("%(field)s: kode provinsi %(code)s tidak dikenal"),
    N_("kode kabupaten/kota pada NIK (digit 3–4) tidak boleh 00"):
        N_("%(field)s: kode kabupaten/kota (digit 3–4) tidak boleh 00"),
    N_("kode kecamatan pada NIK (digit 5–6) tidak boleh 00"):
        N_("%(field)s: kode kecamatan (digit 5–6) tidak boleh 00"),
    N_("tanggal lahir pada NIK (digit 7–12) tidak valid"): N_("%(field)s: tanggal lahir (digit 7–12) tidak valid"),
    N_("nomor urut pada NIK (digit 13–16) tidak boleh 0000"):
        N_("%(field)s: nomor urut (digit 13–16) tidak boleh 0000"),
    N_("NPWP harus berupa teks angka"): N_("%(field)s harus berupa teks angka"),
    N_("NPWP harus 15 atau 16 digit angka"): N_("%(field)s harus 15 atau 16 digit angka"),
    N_("NPWP hanya boleh berisi angka, titik, tanda hubung dan spasi"):
        N_("%(field)s hanya boleh berisi angka, titik, tanda hubung dan spasi"),
    N_("NPWP harus 15 atau 16 digit angka (tertulis %(digits)s digit; contoh 01.234.567.8-901.000 atau NIK 16 digit)"):
        N_("%(field)s harus 15 atau 16 digit angka (tertulis %(digits)s digit; contoh 01.234.567.8-901.000 atau NIK "
           "16 digit)"),
    N_("NPWP tidak boleh berisi angka 0 semua"): N_("%(field)s tidak boleh berisi angka 0 semua"),
    N_("NPWP 16 digit yang tidak diawali 0 adalah NIK, tetapi %(problem)s"):
        N_("%(field)s 16 digit yang tidak diawali 0 adalah NIK, tetapi %(problem)s"),
    N_("NIB harus 13 digit angka"): N_("%(field)s harus 13 digit angka"),
}


def nik_problem(value: str) -> Phrase | None:
    """Why ``value`` cannot be a NIK, or ``None``.

    Layout: province (2) + regency/city (2) + district (2) + birth date DDMMYY, day + 40 for women (6)
    + serial (4). The two-digit year is accepted when the date exists in 19xx or in 20xx.
    """
    if not isinstance(value, str) or len(value) != 16 or not _DIGITS.fullmatch(value):
        return Phrase(N_("NIK harus 16 digit angka"))
    if value[0:2] not in PROVINCE_CODES:
        return Phrase(N_("kode provinsi %(code)s pada NIK tidak dikenal"), {"code": value[0:2]})
    if value[2:4] == "00":
        return Phrase(N_("kode kabupaten/kota pada NIK (digit 3–4) tidak boleh 00"))
    if value[4:6] == "00":
        return Phrase(N_("kode kecamatan pada NIK (digit 5–6) tidak boleh 00"))
    if not _birth_date_candidates(value):
        return Phrase(N_("tanggal lahir pada NIK (digit 7–12) tidak valid"))
    if value[12:16] == "0000":
        return Phrase(N_("nomor urut pada NIK (digit 13–16) tidak boleh 0000"))
    return None


def nik_birth_date_and_sex(nik: str, today: date) -> tuple[date, Literal["L", "P"]]:
    """Birth date and sex (``L`` laki-laki, ``P`` perempuan) read from a NIK.

    The year has two digits, so the century is the one giving the most recent date not after ``today``
    (passed in, never read from the clock). Raises :class:`ValidationFailed` for an invalid NIK or a
    birth date after ``today``.
    """
    problem = nik_problem(nik)
    if problem is not None:
        raise ValidationFailed(problem)
    past = [candidate for candidate in _birth_date_candidates(nik) if candidate <= today]
    if not past:
        raise ValidationFailed(N_("tanggal lahir pada NIK (digit 7–12) berada di masa depan"))
    sex: Literal["L", "P"] = "P" if int(nik[6:8]) > 40 else "L"
    return max(past), sex


def _birth_date_candidates(nik: str) -> list[date]:
    """The real dates that digits 7-12 can mean, in 19xx and 20xx."""
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if day > 40:
        day -= 40
    candidates = []
    for century in (1900, 2000):
        try:
            candidates.append(date(century + year, month, day))
        except ValueError:
            continue
    return candidates


def npwp_problem(value: str) -> Phrase | None:
    """Why ``value`` cannot be an NPWP, or ``None``.

    Accepted after removing dots, hyphens and spaces: the legacy 15 digits (written ``99.999.999.9-999.999``)
    or the 16 digits in use since 1 July 2024 (PMK 112/2022): a resident individual's NIK, or "0" followed by
    the old 15 digits for everyone else. So a 16-digit NPWP that does not start with 0 must be a valid NIK.
    """
    if not isinstance(value, str):
        return Phrase(N_("NPWP harus berupa teks angka"))
    digits = _NPWP_SEPARATORS.sub("", value)
    if not digits:
        return Phrase(N_("NPWP harus 15 atau 16 digit angka"))
    if not _DIGITS.fullmatch(digits):
        return Phrase(N_("NPWP hanya boleh berisi angka, titik, tanda hubung dan spasi"))
    if len(digits) not in (15, 16):
        return Phrase(N_("NPWP harus 15 atau 16 digit angka (tertulis %(digits)s digit; "
                         "contoh 01.234.567.8-901.000 atau NIK 16 digit)"), {"digits": len(digits)})
    if set(digits) == {"0"}:
        return Phrase(N_("NPWP tidak boleh berisi angka 0 semua"))
    if len(digits) == 16 and not digits.startswith("0"):
        problem = nik_problem(digits)
        if problem is not None:
            return Phrase(N_("NPWP 16 digit yang tidak diawali 0 adalah NIK, tetapi %(problem)s"), {"problem": problem})
    return None


def normalize_npwp(value: str) -> str:
    """The NPWP as digits only (15 or 16, as written), for storing and comparing.

    Raises :class:`ValidationFailed` when ``value`` is not a valid NPWP, so the result is always clean.
    """
    problem = npwp_problem(value)
    if problem is not None:
        raise ValidationFailed(problem)
    return _NPWP_SEPARATORS.sub("", value)


def nib_problem(value: str) -> Phrase | None:
    """Why ``value`` cannot be an NIB (the OSS business number, 13 digits), or ``None``."""
    if not isinstance(value, str) or len(value) != 13 or not _DIGITS.fullmatch(value):
        return Phrase(N_("NIB harus 13 digit angka"))
    return None
