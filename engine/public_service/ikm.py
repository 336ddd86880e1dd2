"""The Indeks Kepuasan Masyarakat (IKM) of Permenpan RB 14/2017, from the survey's answers.

Nine elements (unsur), each answered on a four-point scale (1 worst … 4 best). Per element the mean of its answers
is the NRR (nilai rata-rata); the elements weigh equally (1/9 each, "NRR tertimbang" = NRR × 1/9 ≈ 0,111); their sum
is the unit's IKM on the 1–4 scale, converted to 25–100 by × 25. The converted value is graded with the
regulation's intervals: A (Sangat Baik) 88,31–100; B (Baik) 76,61–88,30; C (Kurang Baik) 65,00–76,60;
D (Tidak Baik) 25,00–64,99. The number of responses a population needs is Krejcie and Morgan's table, which the
regulation uses for the sample.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from engine.labels import N_


@dataclass(frozen=True)
class Element:
    """One unsur of the survey, its question and the words of its four answers (1 … 4)."""

    code: str
    name: str
    question: str
    answers: tuple[str, str, str, str]


ELEMENTS: Final = (
    Element("u1", N_("Persyaratan"),
            N_("Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?"),
            (N_("Tidak sesuai"), N_("Kurang sesuai"), N_("Sesuai"), N_("Sangat sesuai"))),
    Element("u2", N_("Sistem, mekanisme dan prosedur"),
            N_("Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?"),
            (N_("Tidak mudah"), N_("Kurang mudah"), N_("Mudah"), N_("Sangat mudah"))),
    Element("u3", N_("Waktu penyelesaian"),
            N_("Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?"),
            (N_("Tidak cepat"), N_("Kurang cepat"), N_("Cepat"), N_("Sangat cepat"))),
    Element("u4", N_("Biaya/tarif"),
            N_("Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?"),
            (N_("Sangat mahal"), N_("Cukup mahal"), N_("Murah"), N_("Gratis"))),
    Element("u5", N_("Produk spesifikasi jenis pelayanan"),
            N_("Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam "
               "standar pelayanan dengan hasil yang diberikan?"),
            (N_("Tidak sesuai"), N_("Kurang sesuai"), N_("Sesuai"), N_("Sangat sesuai"))),
    Element("u6", N_("Kompetensi pelaksana"),
            N_("Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?"),
            (N_("Tidak kompeten"), N_("Kurang kompeten"), N_("Kompeten"), N_("Sangat kompeten"))),
    Element("u7", N_("Perilaku pelaksana"),
            N_("Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?"),
            (N_("Tidak sopan dan ramah"), N_("Kurang sopan dan ramah"), N_("Sopan dan ramah"),
             N_("Sangat sopan dan ramah"))),
    Element("u8", N_("Penanganan pengaduan, saran dan masukan"),
            N_("Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?"),
            (N_("Tidak ada"), N_("Ada tetapi tidak berfungsi"), N_("Berfungsi kurang maksimal"),
             N_("Dikelola dengan baik"))),
    Element("u9", N_("Sarana dan prasarana"),
            N_("Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?"),
            (N_("Buruk"), N_("Cukup"), N_("Baik"), N_("Sangat baik"))),
)
ELEMENT_CODES: Final = tuple(e.code for e in ELEMENTS)
SCALE: Final = (1, 2, 3, 4)
#: The weight of each element: equal, one ninth (the regulation writes it 0,111).
WEIGHT: Final = 1 / len(ELEMENTS)
CONVERSION: Final = 25

#: (lowest converted IKM, grade, mutu pelayanan), best first.
GRADES: Final = ((88.31, "A", N_("Sangat Baik")), (76.61, "B", N_("Baik")), (65.00, "C", N_("Kurang Baik")),
                 (25.00, "D", N_("Tidak Baik")))

#: Krejcie and Morgan (1970): population N → sample S, as the regulation's table gives it.
KREJCIE_MORGAN: Final = (
    (10, 10), (15, 14), (20, 19), (25, 24), (30, 28), (35, 32), (40, 36), (45, 40), (50, 44), (55, 48), (60, 52),
    (65, 56), (70, 59), (75, 63), (80, 66), (85, 70), (90, 73), (95, 76), (100, 80), (110, 86), (120, 92),
    (130, 97), (140, 103), (150, 108), (160, 113), (170, 118), (180, 123), (190, 127), (200, 132), (210, 136),
    (220, 140), (230, 144), (240, 148), (250, 152), (260, 155), (270, 159), (280, 162), (290, 165), (300, 169),
    (320, 175), (340, 181), (360, 186), (380, 191), (400, 196), (420, 201), (440, 205), (460, 210), (480, 214),
    (500, 217), (550, 226), (600, 234), (650, 242), (700, 248), (750, 254), (800, 260), (850, 265), (900, 269),
    (950, 274), (1000, 278), (1100, 285), (1200, 291), (1300, 297), (1400, 302), (1500, 306), (1600, 310),
    (1700, 313), (1800, 317), (1900, 320), (2000, 322), (2200, 327), (2400, 331), (2600, 335), (2800, 338),
    (3000, 341), (3500, 346), (4000, 351), (4500, 354), (5000, 357), (6000, 361), (7000, 364), (8000, 367),
    (9000, 368), (10000, 370), (15000, 375), (20000, 377), (30000, 379), (40000, 380), (50000, 381),
    (75000, 382), (1000000, 384),
)


@dataclass(frozen=True)
class ElementScore:
    element: Element
    answered: int
    nrr: float
    weighted: float


@dataclass(frozen=True)
class Ikm:
    """The index of a set of responses; ``grade`` and ``mutu`` are empty when there is no response."""

    responses: int
    elements: tuple[ElementScore, ...]
    #: The sum of the weighted NRR: the index on the 1–4 scale ("IKM unit pelayanan").
    index: float
    #: ``index`` × 25, rounded to two decimals as published.
    converted: float
    grade: str
    mutu: str


def grade_of(converted: float) -> tuple[str, str]:
    """The grade and its words for a converted IKM (two decimals)."""
    value = round(converted, 2)
    for lowest, grade, words in GRADES:
        if value >= lowest:
            return grade, words
    return GRADES[-1][1], GRADES[-1][2]


def compute_ikm(responses: Sequence[Sequence[int | None]]) -> Ikm:
    """The IKM of ``responses``: each nine answers (1–4) in the order of :data:`ELEMENTS`; an unanswered
    element (None) is left out of that element's mean only."""
    scores = []
    for position, element in enumerate(ELEMENTS):
        answers = [r[position] for r in responses if r[position] is not None]
        for answer in answers:
            if answer not in SCALE:
                raise ValueError(f"{element.code}: {answer!r} is not on the scale 1-4")
        nrr = sum(answers) / len(answers) if answers else 0.0  # type: ignore[arg-type]
        scores.append(ElementScore(element, len(answers), nrr, nrr * WEIGHT))
    if not responses or any(s.answered == 0 for s in scores):
        return Ikm(len(responses), tuple(scores), 0.0, 0.0, "", "")
    index = sum(s.weighted for s in scores)
    converted = round(index * CONVERSION, 2)
    grade, mutu = grade_of(converted)
    return Ikm(len(responses), tuple(scores), index, converted, grade, mutu)


def minimum_sample(population: int) -> int:
    """How many responses a population of ``population`` people served needs (Krejcie–Morgan; the next larger
    population in the table; everyone when fewer than ten)."""
    if population <= 0:
        return 0
    if population < KREJCIE_MORGAN[0][0]:
        return population
    for size, sample in KREJCIE_MORGAN:
        if population <= size:
            return min(sample, population)
    return KREJCIE_MORGAN[-1][1]
