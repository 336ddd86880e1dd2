"""Small PDFs drawn the way Word and LibreOffice export an SOP AP: text, a table's ruling lines (lines, or the
hairline rectangles Word draws), flowchart symbols with connectors and arrowheads; or a page that is only a picture,
as a scan is. Coordinates are in points from the page's top left, as pdfplumber reports them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

PAGE_WIDTH, PAGE_HEIGHT = 595.0, 842.0
Symbol = Literal["box", "capsule", "diamond", "circle"]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


@dataclass
class Page:
    ops: list[str] = field(default_factory=list)

    def _y(self, top: float) -> float:
        return PAGE_HEIGHT - top

    def text(self, x: float, top: float, text: str, size: float = 9) -> None:
        """Lines of text from ``top`` down (a baseline is about 0.8 of the size below a line's top)."""
        for n, line in enumerate(text.split("\n")):
            baseline = self._y(top + size * 0.8 + n * size * 1.25)
            self.ops.append(f"BT /F1 {size} Tf {x:.2f} {baseline:.2f} Td ({_escape(line)}) Tj ET")

    def line(self, x0: float, top0: float, x1: float, top1: float, width: float = 0.5) -> None:
        self.ops.append(f"{width} w {x0:.2f} {self._y(top0):.2f} m {x1:.2f} {self._y(top1):.2f} l S")

    def hairline(self, x: float, top: float, width: float, height: float) -> None:
        """A border as Word's PDF export draws it: a thin filled rectangle."""
        self.ops.append(f"0 g {x:.2f} {self._y(top + height):.2f} {width:.2f} {height:.2f} re f")

    def shade(self, x: float, top: float, width: float, height: float) -> None:
        self.ops.append(f"0.85 g {x:.2f} {self._y(top + height):.2f} {width:.2f} {height:.2f} re f 0 g")

    def symbol(self, kind: Symbol, cx: float, cy: float, width: float = 30, height: float = 16) -> None:
        """A flowchart symbol centred on (cx, cy): filled, then outlined, as both exporters draw a shape."""
        x0, x1, top, bottom = cx - width / 2, cx + width / 2, cy - height / 2, cy + height / 2
        if kind == "box":
            path = f"{x0:.2f} {self._y(bottom):.2f} {width:.2f} {height:.2f} re"
        elif kind == "diamond":
            path = (f"{x0:.2f} {self._y(cy):.2f} m {cx:.2f} {self._y(top):.2f} l {x1:.2f} {self._y(cy):.2f} l "
                    f"{cx:.2f} {self._y(bottom):.2f} l {x0:.2f} {self._y(cy):.2f} l h")
        else:  # a capsule (rounded ends) or a circle, with Bézier corners
            r = height / 2 if kind == "capsule" else min(width, height) / 2
            k = r * 0.55
            left, right = (x0 + r, x1 - r) if kind == "capsule" else (cx, cx)
            yt, yb, yc = self._y(top), self._y(bottom), self._y(cy)
            path = (f"{left:.2f} {yt:.2f} m {right:.2f} {yt:.2f} l "
                    f"{right + k:.2f} {yt:.2f} {right + r:.2f} {yc + k:.2f} {right + r:.2f} {yc:.2f} c "
                    f"{right + r:.2f} {yc - k:.2f} {right + k:.2f} {yb:.2f} {right:.2f} {yb:.2f} c "
                    f"{left:.2f} {yb:.2f} l "
                    f"{left - k:.2f} {yb:.2f} {left - r:.2f} {yc - k:.2f} {left - r:.2f} {yc:.2f} c "
                    f"{left - r:.2f} {yc + k:.2f} {left - k:.2f} {yt:.2f} {left:.2f} {yt:.2f} c h")
        self.ops.append(f"0.4 0.6 0.85 rg {path} f 0 g 0.75 w {path} S")

    def arrow(self, points: list[tuple[float, float]]) -> None:
        """A connector through ``points`` (straight or bent), with a filled arrowhead at its end."""
        start, *rest = points
        path = f"{start[0]:.2f} {self._y(start[1]):.2f} m " + " ".join(
            f"{x:.2f} {self._y(y):.2f} l" for x, y in rest)
        self.ops.append(f"0.75 w {path} S")
        (ax, ay), (bx, by) = points[-2], points[-1]
        if ax == bx:  # vertical last leg
            d = 4 if by > ay else -4
            corners = [(bx - 3, by - d), (bx + 3, by - d)]
        else:
            d = 4 if bx > ax else -4
            corners = [(bx - d, by - 3), (bx - d, by + 3)]
        (x0, y0), (x1, y1) = corners
        self.ops.append(f"{x0:.2f} {self._y(y0):.2f} m {x1:.2f} {self._y(y1):.2f} l {bx:.2f} {self._y(by):.2f} l h f")

    def scan(self) -> None:
        """The whole page as one picture, as a scanner makes it."""
        self.ops.append(f"q {PAGE_WIDTH} 0 0 {PAGE_HEIGHT} 0 0 cm /Scan Do Q")


@dataclass
class Grid:
    """A bordered table at (x, top): its columns' widths and rows' heights; ``merged`` cells as (row, column, rows,
    columns) lose the borders inside them."""

    page: Page
    x: float
    top: float
    widths: list[float]
    heights: list[float]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)

    def xs(self) -> list[float]:
        return [self.x + sum(self.widths[:n]) for n in range(len(self.widths) + 1)]

    def ys(self) -> list[float]:
        return [self.top + sum(self.heights[:n]) for n in range(len(self.heights) + 1)]

    def _inside_merge(self, row: int, column: int, across: bool) -> bool:
        """Whether the border above row ``row`` (or left of column ``column``) at that cell is inside a merge."""
        for r, c, rows, columns in self.merged:
            if across and r < row < r + rows and c <= column < c + columns:
                return True
            if not across and c < column < c + columns and r <= row < r + rows:
                return True
        return False

    def draw(self, style: Literal["lines", "hairlines"] = "lines") -> Grid:
        xs, ys = self.xs(), self.ys()
        for r, y in enumerate(ys):
            for c in range(len(self.widths)):
                if not self._inside_merge(r, c, across=True):
                    self._segment(style, xs[c], y, xs[c + 1], y)
        for c, x in enumerate(xs):
            for r in range(len(self.heights)):
                if not self._inside_merge(r, c, across=False):
                    self._segment(style, x, ys[r], x, ys[r + 1])
        return self

    def _segment(self, style: str, x0: float, top0: float, x1: float, top1: float) -> None:
        if style == "lines":
            self.page.line(x0, top0, x1, top1)
        elif top0 == top1:
            self.page.hairline(x0 - 0.25, top0 - 0.25, x1 - x0 + 0.5, 0.5)
        else:
            self.page.hairline(x0 - 0.25, top0 - 0.25, 0.5, top1 - top0 + 0.5)

    def cell(self, row: int, column: int) -> tuple[float, float, float, float]:
        xs, ys = self.xs(), self.ys()
        return xs[column], ys[row], xs[column + 1], ys[row + 1]

    def centre(self, row: int, column: int) -> tuple[float, float]:
        x0, top, x1, bottom = self.cell(row, column)
        return (x0 + x1) / 2, (top + bottom) / 2

    def text(self, row: int, column: int, text: str, size: float = 8) -> None:
        x0, top, _x1, _bottom = self.cell(row, column)
        self.page.text(x0 + 2, top + 2, text, size)

    def rows(self, rows: list[list[str | None]], first: int = 0) -> None:
        for r, values in enumerate(rows, start=first):
            for c, value in enumerate(values):
                if value:
                    self.text(r, c, value)

    def symbol(self, row: int, column: int, kind: Symbol = "box", dx: float = 0) -> tuple[float, float]:
        cx, cy = self.centre(row, column)
        self.page.symbol(kind, cx + dx, cy)
        return cx + dx, cy


#: The ``cm`` that draws a page's content turned so that a viewer applying the page's ``/Rotate`` shows it upright,
#: on a media box of the page's height × width (a scanner or a "print as landscape" stores pages this way).
_TURNED = {90: "0 1 -1 0 %(height)g 0 cm", 270: "0 -1 1 0 0 %(width)g cm"}


def write_pdf(path: Path, pages: list[Page], rotate: Literal[0, 90, 270] = 0) -> Path:
    """A PDF of ``pages`` (A4, Helvetica), with a cross-reference table pdfminer reads without repairing; with
    ``rotate``, each page is stored on its side with ``/Rotate`` so that it is shown as drawn."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    font = 3
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    scan = 4
    objects.append(b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
                   b"/BitsPerComponent 8 /Length 4 >>\nstream\n\x80\x40\x40\x80\nendstream")
    kids = []
    for page in pages:
        ops = page.ops
        box = (PAGE_WIDTH, PAGE_HEIGHT)
        if rotate:
            ops = ["q " + _TURNED[rotate] % {"width": PAGE_WIDTH, "height": PAGE_HEIGHT}, *ops, "Q"]
            box = (PAGE_HEIGHT, PAGE_WIDTH)
        content = "\n".join(ops).encode("cp1252")
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        resources = b"<< /Font << /F1 %d 0 R >> /XObject << /Scan %d 0 R >> >>" % (font, scan)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Rotate %d /Resources %s "
                       b"/Contents %d 0 R >>" % (*box, rotate, resources, len(objects)))
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    return write_objects(path, objects)


def write_objects(path: Path, objects: list[bytes]) -> Path:
    """A PDF of ``objects`` (numbered from 1, the first the catalog) with its cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path
