"""The XML parts of an uploaded Word or Excel file, parsed as untrusted input: no DTD, no entities, no network."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree


def parse_part(xml: bytes, package: str) -> Any:
    """The part's root element; ValueError (naming ``package``, "a Word document") when it carries a DTD or is not
    well-formed XML."""
    if re.search(rb"<!\s*(DOCTYPE|ENTITY)", xml, re.IGNORECASE):
        raise ValueError(f"a DTD is not allowed in {package}")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as error:
        raise ValueError(str(error)) from None
