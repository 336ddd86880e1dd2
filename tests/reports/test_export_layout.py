"""Exports an office files (issue 13): the signatures stay with their table, a logo slot in the letterhead,
sheet names within Excel's 31 characters that still read, summary figures as numbers, filters on data tables."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from engine.reports.documents import document as document_of
from engine.reports.exports import SHEET_NAME_LIMIT, Column, Document, Signature, Table, export, to_html
from engine.services.reports import register

LOGO = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5E"
        "rkJggg==")


def _register(rows: int, **extra: object) -> Document:
    return Document(
        title="Register NIB", filename="register-nib",
        header_lines=("PEMERINTAH KABUPATEN LOMBOK BARAT", "DINAS KOPERASI DAN UKM", "Jl. Soekarno Hatta"),
        meta=(("Periode", "01-11-2026 s.d. 30-11-2026"), ("Jumlah NIB diterbitkan", rows)),
        tables=(Table("Daftar NIB", (Column("No", "int"), Column("Nama")),
                      tuple((n, f"Baris{n}") for n in range(1, rows + 1))),),
        signatures=(Signature("Mengetahui,", "Kepala Dinas", "MAAD ADNAN", "19561231 199103 1 091"),),
        place_date="Gerung, ........", **extra)  # type: ignore[arg-type]


def _pages(html: str) -> list[str]:
    """The text on each printed page, from WeasyPrint's layout."""
    from weasyprint import HTML
    from weasyprint.formatting_structure.boxes import TextBox

    return [" ".join(box.text for box in page._page_box.descendants() if isinstance(box, TextBox))
            for page in HTML(string=html).render().pages]


@pytest.mark.parametrize("rows", [3, 17, 18, 19, 20])
def test_the_signature_block_is_printed_on_a_page_with_rows_of_its_table(rows: int) -> None:
    # With the table ending near the foot of page one (18 and 19 rows here), the signatures used to stand alone
    # on page two; now the last rows go with them.
    pages = _pages(to_html(_register(rows)))
    signed = next(number for number, text in enumerate(pages) if "MAAD ADNAN" in text)
    assert f"Baris{rows}" in pages[signed]
    assert all(f"Baris{n}" in " ".join(pages) for n in range(1, rows + 1))  # every row printed once at least
    assert " ".join(pages).count(f"Baris{rows} ") + " ".join(pages).endswith(f"Baris{rows}") <= 1


def test_the_letterhead_has_a_logo_slot_filled_from_the_office_setting() -> None:
    empty = to_html(_register(3))
    assert '<div class="logo"></div>' in empty and '<div class="balance"></div>' in empty  # text stays centred
    with_logo = to_html(_register(3, logo=LOGO))
    assert f'<div class="logo"><img src="{LOGO}" alt="Logo"></div>' in with_logo
    assert export(_register(3, logo=LOGO), "pdf").content.startswith(b"%PDF")


@pytest.mark.parametrize(("title", "name"), [
    ("Daftar NIB yang diterbitkan dan data pelaku usaha", "Daftar NIB yang diterbitkan…"),
    ("Kepatuhan per pegawai (semua unit kerja)", "Kepatuhan per pegawai"),
    ("Pemegang langkah dan pengalihan", "Pemegang langkah dan pengalihan"),
    ("Jumlahpenerbitannibperbulansejaktahunlalu", "Jumlahpenerbitannibperbulansej…"),
])
def test_sheet_names_fit_excel_and_end_on_a_whole_word(title: str, name: str) -> None:
    document = Document(title="Uji", filename="uji", tables=(Table(title, (Column("A"),), (("x",),)),
                                                             Table(title, (Column("A"),), (("y",),))))
    names = load_workbook(io.BytesIO(export(document, "xlsx").content)).sheetnames
    assert names[0] == name and all(len(sheet) <= SHEET_NAME_LIMIT for sheet in names)
    assert names[1] != names[0] and names[1].endswith("(2)")


def test_summary_figures_are_numbers_and_data_tables_have_a_filter() -> None:
    document = Document(title="Uji", filename="uji",
                        meta=(("Periode", "01-11-2026 s.d. 30-11-2026"), ("Jumlah", "1.250"), ("Tepat waktu", "73%"),
                              ("Kasus", 4), ("Dari", "8 dari 11")),
                        tables=(Table("Data", (Column("No", "int"), Column("Nama")), ((1, "a"), (2, "b"))),))
    sheet = load_workbook(io.BytesIO(export(document, "xlsx").content)).active
    facts = {row[0].value: row[1] for row in sheet.iter_rows(min_row=1, max_row=8) if row[0].value}
    assert facts["Jumlah"].value == 1250 and facts["Jumlah"].data_type == "n"
    assert facts["Tepat waktu"].value == pytest.approx(0.73) and facts["Tepat waktu"].number_format == "0%"
    assert facts["Kasus"].value == 4
    assert facts["Periode"].data_type == "s" and facts["Dari"].value == "8 dari 11"
    header = next(row[0].row for row in sheet.iter_rows() if row[0].value == "No")
    assert sheet.auto_filter.ref == f"A{header}:B{header + 2}"


def test_a_number_fact_reads_the_indonesian_way_on_paper_and_plain_in_csv() -> None:
    document = Document(title="Uji", filename="uji", meta=(("Jumlah", 1250),))
    assert "<td>1.250</td>" in to_html(document)
    assert "Jumlah,1250" in export(document, "csv").content.decode("utf-8-sig")


def test_the_nib_register_export_keeps_numbers_filters_and_a_readable_sheet_name(db, office, staff) -> None:  # type: ignore[no-untyped-def]
    nib = document_of(register(db, staff["kadis"], "nib", date(2026, 11, 1), date(2026, 12, 31)))
    workbook = load_workbook(io.BytesIO(export(nib, "xlsx").content))
    assert "Daftar NIB yang diterbitkan…" in workbook.sheetnames
    sheet = workbook["Daftar NIB yang diterbitkan…"]
    facts = {row[0].value: row[1].value for row in sheet.iter_rows(max_row=15) if row[0].value}
    assert isinstance(facts["Jumlah NIB diterbitkan"], int) and facts["Jumlah NIB diterbitkan"] >= 1
    assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A")
