"""Table rows: one block per body row, each cell as ``header：cell``, on the line after the header
and delimiter rows and the rows before it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .blocks import Block, Line
from .inline import cell_spans, merge
from .positions import LINE
from .spans import Span

#: A table's first body row is two lines below its header row (the delimiter row between).
FIRST_ROW_OFFSET = 2


def table_rows(token: dict[str, Any], marks: frozenset[str]) -> Iterator[Block]:
    """One block per body row: each cell as ``header：cell``, cells joined by ``；``. mistune reads a
    table's rows from consecutive lines, so row ``i`` is on the header's line + 2 + ``i``."""
    head = next((child for child in token["children"] if child["type"] == "table_head"), None)
    headers = ["".join(s.text for s in cell_spans(cell, marks)).strip() for cell in (head or {}).get("children", ())]
    for body in token["children"]:
        if body["type"] != "table_body":
            continue
        for index, row in enumerate(body["children"]):
            spans: list[Span] = []
            columns: list[tuple[str, tuple[Span, ...]]] = []
            for column, cell in enumerate(row["children"]):
                in_cell = [s for s in cell_spans(cell, marks) if s.text]
                columns.append((headers[column] if column < len(headers) else "", merge(in_cell)))
                if not "".join(s.text for s in in_cell).strip():
                    continue
                if spans:
                    spans.append(Span("；"))
                if column < len(headers) and headers[column]:
                    spans.append(Span(headers[column] + "："))
                spans.extend(in_cell)
            merged = merge(spans)
            text = "".join(s.text for s in merged)
            if text.strip():
                number = token[LINE] + FIRST_ROW_OFFSET + index
                yield Block("row", (Line(merged, number),), cells=tuple(columns))
