"""The survey report as offices publish it (Permenpan RB 14/2017): the nine elements' NRR, the IKM and its grade,
the responses against the sample the population needs, the respondents' profile, their suggestions — and, Alur's
addition, how many of the same cases finished within the time promised on the receipt."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from engine.public_service.ikm import Ikm
from engine.reports.exports import Column, Document, Table
from engine.reports.period import period_text


@dataclass(frozen=True)
class SurveyReport:
    process_key: str | None
    process_name: str
    unit_name: str
    header_lines: tuple[str, ...]
    date_from: date | None
    date_to: date | None
    ikm: Ikm
    #: Public-service cases finished in the period in these units: the population the sample is drawn from.
    population: int
    minimum_sample: int
    #: Responses that name their case, and how many of those cases finished by their promised time.
    with_case: int
    on_time: int
    online: int
    paper: int
    profile: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]
    suggestions: tuple[tuple[datetime, str], ...]
    timezone: str
    logo: str = ""

    @property
    def enough_responses(self) -> bool:
        return self.ikm.responses >= self.minimum_sample


def profile_counts(rows: list[tuple[str | None, str | None, str | None, int | None]]) -> tuple[
        tuple[str, tuple[tuple[str, int], ...]], ...]:
    """Respondents by jenis kelamin, pendidikan, pekerjaan and age group ("Tidak diisi" where left blank)."""
    def group(age: int | None) -> str | None:
        if age is None:
            return None
        return "< 25" if age < 25 else "25–39" if age < 40 else "40–54" if age < 55 else "≥ 55"

    names = ("Jenis kelamin", "Pendidikan", "Pekerjaan", "Usia")
    columns = ([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], [group(r[3]) for r in rows])
    return tuple((name, tuple(sorted(Counter(v or "Tidak diisi" for v in values).items())))
                 for name, values in zip(names, columns, strict=True))


def survey_document(report: SurveyReport, now: datetime) -> Document:
    """The report as the office's paper and spreadsheet (:mod:`engine.reports.exports`)."""
    ikm = report.ikm
    elements = tuple((n, s.element.name, s.answered, round(s.nrr, 2), round(s.weighted, 3))
                     for n, s in enumerate(ikm.elements, start=1))
    totals = ((len(elements) + 1, "IKM unit pelayanan (jumlah NRR tertimbang)", ikm.responses, None,
               round(ikm.index, 3)),)
    meta: list[tuple[str, str | int | float]] = [
        ("Layanan", report.process_name), ("Unit", report.unit_name),
        ("Periode", period_text(report.date_from, report.date_to)),
        ("Jumlah responden", ikm.responses), ("Populasi (permohonan selesai)", report.population),
        ("Sampel minimum (Krejcie–Morgan)", report.minimum_sample),
        ("Nilai IKM (konversi)", f"{ikm.converted:.2f}".replace(".", ",") if ikm.grade else "—"),
        ("Mutu pelayanan", f"{ikm.grade} ({ikm.mutu})" if ikm.grade else "—"),
        ("Selesai tepat waktu (kasus yang dinilai)", f"{report.on_time} dari {report.with_case}"),
    ]
    profile = tuple((name, value, count) for name, counts in report.profile for value, count in counts)
    return Document(
        title="Laporan Survei Kepuasan Masyarakat", filename=f"skm-{report.process_key or 'semua'}",
        header_lines=report.header_lines, logo=report.logo, meta=tuple(meta),
        tables=(
            Table("Nilai per unsur pelayanan", (Column("No", "int", width=6), Column("Unsur pelayanan"),
                                                 Column("Jumlah jawaban", "int"), Column("NRR", "number"),
                                                 Column("NRR tertimbang", "number")), elements + totals,
                  note="NRR: nilai rata-rata unsur (skala 1–4); bobot setiap unsur 1/9 (0,111). IKM konversi = "
                       "IKM unit × 25. Mutu: A 88,31–100; B 76,61–88,30; C 65,00–76,60; D 25,00–64,99."),
            Table("Profil responden", (Column("Profil"), Column("Kelompok"), Column("Jumlah", "int")), profile),
            Table("Saran dan masukan", (Column("Tanggal", "datetime", width=18), Column("Saran")),
                  tuple((at, text) for at, text in report.suggestions)),
        ),
        landscape=False, timezone=report.timezone, generated_at=now,
    )
