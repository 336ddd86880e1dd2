"""The official SOP AP document of one process version: the identity page and the flowchart pages.

Built from what runs (the version's BPMN, its sop.json and its registered steps), so the printed SOP and the
running SOP cannot disagree. :func:`build_document` is pure; the service
:func:`engine.services.sop_documents.sop_document` reads a version and calls it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from engine.definitions.model import read_process
from engine.errors import DefinitionError
from engine.runtime import parse_document
from engine.sop_document.identity import Approval, Identity, identity
from engine.sop_document.layout import COLUMN_SHARE, Connector, FlowPage, PlacedRow
from engine.sop_document.model import RoleColumn, Row, StepFacts, flow_rows, role_columns
from engine.sop_document.pages import flow_pages
from engine.sop_document.svg import SHAPE_WORDS, row_svg

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"


@dataclass(frozen=True)
class SheetRow:
    """One row of a flowchart page as printed: the table row (or an off-page connector) and its SVG."""

    row: Row | None
    connector: Connector | None
    svg: str


@dataclass(frozen=True)
class FlowSheet:
    number: int
    rows: tuple[SheetRow, ...]


@dataclass(frozen=True)
class SopDocument:
    """Everything the HTML page and the PDF print: the same model for both."""

    key: str
    version: int
    identity: Identity
    columns: tuple[RoleColumn, ...]
    rows: tuple[Row, ...]
    sheets: tuple[FlowSheet, ...]
    column_share: Mapping[str, int]
    #: "draft" for a version not yet approved: every page says so, so it is never taken for the official SOP.
    status: str = "effective"

    @property
    def page_count(self) -> int:
        """The identity page and the flowchart pages."""
        return 1 + len(self.sheets)

    @property
    def running_text(self) -> str:
        """What every page carries in its header and footer."""
        text = (f"Nomor SOP: {self.identity.nomor_sop} · Versi {self.version} · "
                f"Tanggal Efektif: {self.identity.tanggal_efektif}")
        return f"DRAF, BELUM DISAHKAN · {text}" if self.status == "draft" else text


def build_document(*, key: str, version: int, name: str, nomor_sop: str | None, bpmn_xml: str,
                   sop: Mapping[str, Any], steps: Sequence[StepFacts], lane_roles: Mapping[str, str],
                   role_names: Mapping[str, str], approval: Approval | None = None,
                   status: str = "effective") -> SopDocument:
    """The SOP AP document of one version. ``lane_roles``: lower-cased role name or code → role code (how lanes
    name roles); ``role_names``: role code → the name the office gave it; ``approval``: the approval recorded in
    Alur (else sop.json's ``disahkan_oleh`` and ``tanggal_efektif``)."""
    document = parse_document(bpmn_xml, key)
    process = document.find(f"{{{BPMN_NS}}}process")
    if process is None:
        raise DefinitionError("BPMN tidak berisi bpmn:process", file=key)
    model = read_process(document, process, key)
    by_element = {step.element_id: step for step in steps}
    columns = role_columns(model, lane_roles, role_names, by_element)
    rows = flow_rows(model, by_element, columns)
    pages = flow_pages(rows, len(columns))
    sheets = tuple(FlowSheet(number, tuple(_sheet_row(page, placed, columns) for placed in page.rows))
                   for number, page in enumerate(pages, start=2))
    return SopDocument(key=key, version=version, identity=identity(sop, name, nomor_sop, approval), columns=columns,
                       rows=rows, sheets=sheets, column_share=dict(COLUMN_SHARE), status=status)


def _sheet_row(page: FlowPage, placed: PlacedRow, columns: Sequence[RoleColumn]) -> SheetRow:
    symbol = placed.symbols[0]
    role = columns[min(int(symbol.cx // page.column_width), len(columns) - 1)].name if columns else ""
    if placed.row is not None:
        what = placed.row.activity or placed.row.kind
        description = f"{SHAPE_WORDS[symbol.shape]} di kolom {role}: {what}"
    else:
        assert placed.connector is not None
        description = f"{SHAPE_WORDS[symbol.shape]} nomor {placed.connector.number} di kolom {role}"
    return SheetRow(placed.row, placed.connector, row_svg(page, placed, description))
