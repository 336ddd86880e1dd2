"""NIK, NPWP and NIB: structure checks and the messages a clerk reads."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.errors import ValidationFailed
from engine.forms.identifiers import (
    PROVINCE_CODES,
    nib_problem,
    nik_birth_date_and_sex,
    nik_problem,
    normalize_npwp,
    npwp_problem,
)

VALID_NIKS = [
    "5201014107900001",  # NTB (52), Lombok Barat (01), a woman born 1 July 1990 (day 01 + 40)
    "3201011508850003",  # a man born 15 August 1985
    "3273017112990001",  # a woman born 31 December 1999 (day 71, the highest)
    "3174052902000001",  # 29 February 2000: a leap year (1900 was not, 2000 was)
    "5271016902960001",  # Kota Mataram, a woman born 29 February 1996
    "9601011201010001",  # Papua Barat Daya (96), created in 2022
    "1101010101010001",  # Aceh (11), the first province code
]


@pytest.mark.parametrize("nik", VALID_NIKS)
def test_valid_nik(nik: str) -> None:
    assert nik_problem(nik) is None


BIRTH_DATE = "tanggal lahir pada NIK (digit 7–12) tidak valid"
INVALID_NIKS = [
    ("", "NIK harus 16 digit angka"),
    ("520101410790001", "NIK harus 16 digit angka"),
    ("52010141079000011", "NIK harus 16 digit angka"),
    ("5201O14107900001", "NIK harus 16 digit angka"),
    ("５２０１０１４１０７９０００１", "NIK harus 16 digit angka"),  # full-width digits are not digits here
    (" 5201014107900001", "NIK harus 16 digit angka"),
    ("5201014107900001\n", "NIK harus 16 digit angka"),
    ("52.01.01.410790.0001", "NIK harus 16 digit angka"),
    ("9901014107900001", "kode provinsi 99 pada NIK tidak dikenal"),
    ("2001014107900001", "kode provinsi 20 pada NIK tidak dikenal"),
    ("0001014107900001", "kode provinsi 00 pada NIK tidak dikenal"),
    ("9701014107900001", "kode provinsi 97 pada NIK tidak dikenal"),
    ("5200014107900001", "kode kabupaten/kota pada NIK (digit 3–4) tidak boleh 00"),
    ("5201004107900001", "kode kecamatan pada NIK (digit 5–6) tidak boleh 00"),
    ("5201010007900001", BIRTH_DATE),  # day 00
    ("5201013207900001", BIRTH_DATE),  # day 32
    ("5201014007900001", BIRTH_DATE),  # day 40: neither a man's nor a woman's day
    ("5201017207900001", BIRTH_DATE),  # day 72 = 32 for a woman
    ("5201011513900001", BIRTH_DATE),  # month 13
    ("5201011500900001", BIRTH_DATE),  # month 00
    ("5201013104900001", BIRTH_DATE),  # 31 April
    ("5201017104900001", BIRTH_DATE),  # 31 April, a woman
    ("5201012902010001", BIRTH_DATE),  # 29 February 1901 and 2001: neither is a leap year
    ("5201016902010001", BIRTH_DATE),  # the same for a woman
    ("5201014107900000", "nomor urut pada NIK (digit 13–16) tidak boleh 0000"),
]


@pytest.mark.parametrize(("nik", "message"), INVALID_NIKS)
def test_invalid_nik_says_exactly_what_is_wrong(nik: str, message: str) -> None:
    assert str(nik_problem(nik)) == message


def test_province_codes_are_the_38_provinces() -> None:
    expected = {*range(11, 20), 21, *range(31, 37), *range(51, 54), *range(61, 66), *range(71, 77), 81, 82}
    expected |= set(range(91, 97))
    assert {int(code) for code in PROVINCE_CODES} == expected
    assert len(PROVINCE_CODES) == 38
    assert PROVINCE_CODES["52"] == "Nusa Tenggara Barat"


TODAY = date(2026, 6, 30)
BIRTHS = [
    ("5201014107900001", date(1990, 7, 1), "P"),
    ("3201011508850003", date(1985, 8, 15), "L"),
    ("3273017112990001", date(1999, 12, 31), "P"),
    ("3174052902000001", date(2000, 2, 29), "L"),
    ("5271016902960001", date(1996, 2, 29), "P"),
    ("5201011001100001", date(2010, 1, 10), "L"),  # 2010, not 1910: the most recent past date
    ("5201013006260001", date(2026, 6, 30), "L"),  # born today
    ("5201010107260001", date(1926, 7, 1), "L"),  # 1 July 2026 is tomorrow, so 1926
    ("5201015012250001", date(2025, 12, 10), "P"),
]


@pytest.mark.parametrize(("nik", "born", "sex"), BIRTHS)
def test_birth_date_and_sex(nik: str, born: date, sex: str) -> None:
    assert nik_birth_date_and_sex(nik, TODAY) == (born, sex)


def test_birth_date_of_an_invalid_nik_raises_its_problem() -> None:
    with pytest.raises(ValidationFailed) as caught:
        nik_birth_date_and_sex("5201014007900001", TODAY)
    assert caught.value.message == BIRTH_DATE


def test_birth_date_after_today_in_both_centuries_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="masa depan"):
        nik_birth_date_and_sex("5201014107900001", date(1950, 1, 1))


@settings(deadline=None)
@given(
    province=st.sampled_from(sorted(PROVINCE_CODES)),
    regency=st.integers(1, 99),
    district=st.integers(1, 99),
    born=st.dates(min_value=date(1927, 1, 1), max_value=TODAY),
    woman=st.booleans(),
    serial=st.integers(1, 9999),
)
def test_any_well_formed_nik_round_trips(
    province: str, regency: int, district: int, born: date, woman: bool, serial: int
) -> None:
    day = born.day + 40 if woman else born.day
    nik = f"{province}{regency:02d}{district:02d}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"
    assert nik_problem(nik) is None
    assert nik_birth_date_and_sex(nik, TODAY) == (born, "P" if woman else "L")
    assert nik_birth_date_and_sex(nik, born) == (born, "P" if woman else "L")
    # The day before the birth, the same digits can only mean the previous century, if that is 19xx.
    earlier = born - timedelta(days=1)
    previous = _same_day(born, born.year - 100)
    if previous is None or previous.year < 1900:
        with pytest.raises(ValidationFailed, match="masa depan"):
            nik_birth_date_and_sex(nik, earlier)
    else:
        assert nik_birth_date_and_sex(nik, earlier)[0] == previous


def _same_day(day: date, year: int) -> date | None:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a year that is not a leap year
        return None


@settings(deadline=None)
@given(value=st.text(max_size=20))
def test_nik_problem_never_raises(value: str) -> None:
    problem = nik_problem(value)
    assert problem is None or str(problem).startswith(("NIK", "kode", "tanggal", "nomor"))


VALID_NPWPS = [
    ("01.234.567.8-901.000", "012345678901000"),  # legacy, as written on the card
    ("012345678901000", "012345678901000"),  # legacy, digits only
    ("01 234 567 8 901 000", "012345678901000"),
    ("0012345678901000", "0012345678901000"),  # 16 digits: "0" + the old 15 (companies, non-residents)
    ("0.012.345.678.901.000", "0012345678901000"),
    ("5201014107900001", "5201014107900001"),  # 16 digits: a resident's NIK (since 1 July 2024)
    ("5201-0141-0790-0001", "5201014107900001"),
]


@pytest.mark.parametrize(("value", "digits"), VALID_NPWPS)
def test_valid_npwp_and_its_digits(value: str, digits: str) -> None:
    assert npwp_problem(value) is None
    assert normalize_npwp(value) == digits


INVALID_NPWPS = [
    ("", "NPWP harus 15 atau 16 digit angka"),
    (" .- ", "NPWP harus 15 atau 16 digit angka"),
    ("01.234.567.8-901.00A", "NPWP hanya boleh berisi angka, titik, tanda hubung dan spasi"),
    ("01/234/567/8/901/000", "NPWP hanya boleh berisi angka, titik, tanda hubung dan spasi"),
    ("01.234.567.8-901.00", "NPWP harus 15 atau 16 digit angka (tertulis 14 digit"),
    ("12345678901234567", "NPWP harus 15 atau 16 digit angka (tertulis 17 digit"),
    ("00.000.000.0-000.000", "NPWP tidak boleh berisi angka 0 semua"),
    (
        "9901014107900001",
        "NPWP 16 digit yang tidak diawali 0 adalah NIK, tetapi kode provinsi 99 pada NIK tidak dikenal",
    ),
    (
        "5201014007900001",
        "NPWP 16 digit yang tidak diawali 0 adalah NIK, tetapi tanggal lahir pada NIK (digit 7–12) "
        "tidak valid",
    ),
]


@pytest.mark.parametrize(("value", "message"), INVALID_NPWPS)
def test_invalid_npwp_says_what_is_wrong(value: str, message: str) -> None:
    problem = npwp_problem(value)
    assert problem is not None
    assert str(problem).startswith(message)
    with pytest.raises(ValidationFailed) as caught:
        normalize_npwp(value)
    assert caught.value.message == str(problem)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("1234567890123", None),
        ("9120000000001", None),
        ("123456789012", "NIB harus 13 digit angka"),
        ("12345678901234", "NIB harus 13 digit angka"),
        ("12345678901A3", "NIB harus 13 digit angka"),
        ("1234-567890123", "NIB harus 13 digit angka"),
        (" 1234567890123", "NIB harus 13 digit angka"),
        ("", "NIB harus 13 digit angka"),
    ],
)
def test_nib(value: str, problem: str | None) -> None:
    found = nib_problem(value)
    assert (None if found is None else str(found)) == problem


@pytest.mark.parametrize("check", [nik_problem, npwp_problem, nib_problem])
def test_non_text_is_a_problem_not_a_crash(check: object) -> None:
    assert callable(check)
    assert check(5201014107900001) is not None
    assert check(None) is not None
