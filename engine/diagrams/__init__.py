"""Diagrams: a BPMN process drawn as SVG from its own diagram interchange, with a case's state on it.

``model`` reads the DI, ``text`` fits names into shapes, ``svg`` draws; ``geometry`` is what the
authoring tool (``engine.authoring``) shares with them. Pure: no database, no Flask, no SpiffWorkflow.
"""

from engine.diagrams.model import DiagramError, end_event_ids
from engine.diagrams.svg import StepMark, heat_colour, render_svg
from engine.diagrams.text import fit_text, wrap

__all__ = ["DiagramError", "StepMark", "end_event_ids", "fit_text", "heat_colour", "render_svg", "wrap"]
