"""Table rows: one block per body row, each cell as ``header：cell``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .blocks import Block, Line
from .inline import cell_spans, merge
from .locate import LineLocator
from .spans import Span

_ROW_KEY_LENGTH = 40


def table_rows(token: dict[str, Any], locator: LineLocator, marks: frozenset[str]) -> Iterator[Block]:
    """One block per body row: each cell as ``header：cell``, cells joined by ``；``."""
    head = next((child for child in token["children"] if child["type"] == "table_head"), None)
    headers = ["".join(s.text for s in cell_spans(cell, marks)).strip() for cell in (head or {}).get("children", ())]
    for body in token["children"]:
        if body["type"] != "table_body":
            continue
        for row in body["children"]:
            spans: list[Span] = []
            cells = ""
            columns: list[tuple[str, tuple[Span, ...]]] = []
            for column, cell in enumerate(row["children"]):
                in_cell = [s for s in cell_spans(cell, marks) if s.text]
                cells += "".join(s.text for s in in_cell)
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
                yield Block("row", (Line(merged, locator.locate(cells, _ROW_KEY_LENGTH)),), cells=tuple(columns))
