"""The official SOP AP document (Permenpan RB 35/2012) of a process version, drawn from what runs.

``model`` reads the flowchart rows from the BPMN and the registered steps; ``identity`` the identity page from
sop.json; ``layout`` sizes rows, pages and symbols in millimetres of A4 landscape; ``pages`` splits the table
into pages with off-page connectors and routes every arrow; ``svg`` draws each row's role columns;
``document`` puts them together. Pure: no database, no Flask.
"""

from engine.sop_document.document import FlowSheet, SheetRow, SopDocument, build_document
from engine.sop_document.identity import Approval, Identity, Listing
from engine.sop_document.layout import Connector
from engine.sop_document.model import DECISION, END, START, TASK, Exit, RoleColumn, Row, StepFacts

__all__ = ["DECISION", "END", "START", "TASK", "Approval", "Connector", "Exit", "FlowSheet", "Identity", "Listing",
           "RoleColumn", "Row", "SheetRow", "SopDocument", "StepFacts", "build_document"]
