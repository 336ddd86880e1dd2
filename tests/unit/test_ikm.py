"""The Indeks Kepuasan Masyarakat as Permenpan RB 14/2017 computes it, against values worked out by hand."""

from __future__ import annotations

import pytest

from engine.public_service.ikm import ELEMENTS, compute_ikm, grade_of, minimum_sample
from engine.public_service.tracking import ALPHABET, LENGTH, codes_match, display_code, new_tracking_code

RESPONSES = (
    (4, 4, 3, 4, 3, 3, 4, 3, 3),
    (3, 3, 3, 4, 3, 4, 4, 3, 3),
    (4, 3, 2, 4, 3, 3, 3, 2, 3),
    (3, 4, 3, 4, 4, 3, 4, 3, 4),
)


def test_the_index_of_four_questionnaires_equals_the_hand_computed_value() -> None:
    # By hand: NRR per unsur 3.50, 3.50, 2.75, 4.00, 3.25, 3.25, 3.75, 2.75, 3.25 (sum 30.00);
    # each weighs 1/9, so the index is 30/9 = 3.3333…; × 25 = 83.33: grade B, "Baik".
    ikm = compute_ikm(RESPONSES)
    assert [s.nrr for s in ikm.elements] == [3.5, 3.5, 2.75, 4.0, 3.25, 3.25, 3.75, 2.75, 3.25]
    assert [round(s.weighted, 3) for s in ikm.elements] == [0.389, 0.389, 0.306, 0.444, 0.361, 0.361, 0.417,
                                                            0.306, 0.361]
    assert ikm.index == pytest.approx(30 / 9)
    assert ikm.converted == 83.33
    assert (ikm.grade, ikm.mutu) == ("B", "Baik")
    assert ikm.responses == 4 and len(ikm.elements) == len(ELEMENTS) == 9


def test_all_best_answers_give_100_and_all_worst_25() -> None:
    assert compute_ikm([(4,) * 9]).converted == 100.0
    assert compute_ikm([(1,) * 9]).converted == 25.0
    assert compute_ikm([(1,) * 9]).grade == "D"


def test_no_response_has_no_grade() -> None:
    ikm = compute_ikm([])
    assert (ikm.converted, ikm.grade, ikm.mutu) == (0.0, "", "")


def test_an_answer_off_the_scale_is_refused() -> None:
    with pytest.raises(ValueError, match="u1"):
        compute_ikm([(5, 4, 4, 4, 4, 4, 4, 4, 4)])


@pytest.mark.parametrize(("value", "grade"), [
    (100.0, "A"), (88.31, "A"), (88.30, "B"), (76.61, "B"), (76.60, "C"), (65.00, "C"), (64.99, "D"), (25.0, "D"),
])
def test_the_regulations_intervals(value: float, grade: str) -> None:
    assert grade_of(value)[0] == grade


@pytest.mark.parametrize(("population", "sample"), [
    (0, 0), (5, 5), (10, 10), (100, 80), (101, 86), (1000, 278), (1001, 285), (2_000_000, 384),
])
def test_the_minimum_sample_follows_krejcie_and_morgan(population: int, sample: int) -> None:
    assert minimum_sample(population) == sample


def test_tracking_codes_are_random_typeable_and_forgiving() -> None:
    codes = {new_tracking_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == LENGTH and set(c) <= set(ALPHABET) for c in codes)
    assert not set(ALPHABET) & set("01OIL")
    code = codes.pop()
    assert codes_match(code, display_code(code).lower())
    assert codes_match(code, f" {code[:5]} {code[5:]} ")
    assert not codes_match(code, code[:-1])
    assert not codes_match(None, "")
    assert not codes_match("", "")


def test_the_public_service_fields_of_sop_json_are_checked() -> None:
    from engine.definitions.loader import public_service_problems

    assert public_service_problems({"layanan_publik": True, "biaya": "Gratis", "pengaduan": ["Telepon"]}) == []
    assert public_service_problems({}) == []
    problems = public_service_problems({"layanan_publik": "ya", "biaya": 5, "produk_layanan": ["NIB"],
                                        "pengaduan": "Telepon"})
    assert [p.split("'")[1] for p in problems] == ["layanan_publik", "biaya", "produk_layanan", "pengaduan"]
