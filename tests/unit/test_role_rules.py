"""engine.definitions.roles: where an external party's step goes, and the words of an unknown lane's refusal."""

from __future__ import annotations

import pytest

from engine.definitions.roles import (
    KnownRole,
    RoleBook,
    StepRoles,
    on_behalf_of,
    step_roles,
    suggested_code,
    unknown_lane_message,
)

BOOK = RoleBook([KnownRole("pelaksana", "Pelaksana"), KnownRole("kepala_bidang", "Kepala Bidang"),
                 KnownRole("pemohon", "Pemohon", is_external=True, recorded_by="pelaksana"),
                 KnownRole("sistem_oss", "Sistem OSS", is_external=True, recorded_by="kepala_bidang")])


def test_names_and_codes_both_find_a_role() -> None:
    assert (BOOK["pemohon"], BOOK["sistem oss"], BOOK["kepala bidang"], BOOK["kepala_bidang"]) == \
        ("pemohon", "sistem_oss", "kepala_bidang", "kepala_bidang")
    assert BOOK.is_external("pemohon") and not BOOK.is_external("pelaksana") and not BOOK.is_external("bupati")


@pytest.mark.parametrize(("lane_role", "expected"), [
    ("pemohon", StepRoles("pelaksana", "pemohon")),
    ("sistem_oss", StepRoles("kepala_bidang", "sistem_oss")),
    ("pelaksana", StepRoles("pelaksana", None)),
])
def test_an_external_partys_step_goes_to_the_role_that_records_it(lane_role: str, expected: StepRoles) -> None:
    assert step_roles(BOOK, lane_role) == expected


def test_without_the_roles_table_every_step_keeps_its_lanes_role() -> None:
    assert step_roles({"pemohon": "pemohon"}, "pemohon") == StepRoles("pemohon", None)


def test_events_say_on_whose_behalf_only_when_there_is_someone() -> None:
    assert on_behalf_of("pemohon") == {"on_behalf_of": "pemohon"} and on_behalf_of(None) == {}


@pytest.mark.parametrize(("name", "code"), [("Sistem OSS", "sistem_oss"), ("Kepala UPT/Balai", "kepala_upt_balai"),
                                            ("  Pihak   Ketiga ", "pihak_ketiga"), ("3 Bank", "peran_3_bank"),
                                            ("Ä", "peran")])
def test_a_code_is_suggested_from_the_lanes_name(name: str, code: str) -> None:
    assert suggested_code(name) == code


def test_an_unknown_lane_is_told_the_known_roles_and_the_command() -> None:
    message = unknown_lane_message("Bank NTB", ["transfer", "konfirmasi"], BOOK)
    assert message.startswith("lane 'Bank NTB' tidak menyebut peran yang dikenal (langkah transfer, konfirmasi). ")
    assert ("Peran yang dikenal: Kepala Bidang, Pelaksana, Pemohon (pihak luar, dicatat oleh Pelaksana), "
            "Sistem OSS (pihak luar, dicatat oleh Kepala Bidang).") in message
    assert 'alur role create bank_ntb --name "Bank NTB"' in message
