"""The frequency report (``--stats``): phrases that recur across events and documents, most frequent
first, with where each occurs — as a table for a terminal or as JSON-ready data."""

from __future__ import annotations

from typing import Any

from ..extract.facts import ExamFacts, Occurrence
from .width import display_width, fit

#: The widest a phrase may show in the table; longer phrases end in ``…``.
PHRASE_WIDTH = 24


def _where(occurrence: Occurrence) -> str:
    month = f"{occurrence.month} " if occurrence.month else ""
    return f"{month}{occurrence.event}{'' if occurrence.marked else '（未加粗）'}"


def frequency_table(exam: ExamFacts) -> str:
    """The report as aligned text: rank, events, documents, phrase, where it occurs."""
    rows = exam.recurring()
    if not rows:
        return "No phrase recurs: every marked phrase appears under one event only."
    phrase_width = min(PHRASE_WIDTH, max(display_width(row.phrase) for row in rows))
    lines = [f"{'#':>3}  事件  文档  {fit('提法', phrase_width)}  出处"]
    for rank, row in enumerate(rows, 1):
        where = "；".join(_where(o) for o in row.occurrences)
        lines.append(
            f"{rank:>3}  {row.event_count:>4}  {row.document_count:>4}  {fit(row.phrase, phrase_width)}  {where}"
        )
    return "\n".join(lines)


def frequency_json(exam: ExamFacts, frequent_at: int = 3) -> dict[str, Any]:
    """The report as data: ``{"frequent_at": 3, "phrases": [{"phrase", "events", "documents", "frequent", "occurrences"}]}``."""
    return {
        "frequent_at": frequent_at,
        "phrases": [
            {
                "phrase": row.phrase,
                "events": row.event_count,
                "documents": row.document_count,
                "frequent": row.event_count >= frequent_at,
                "occurrences": [
                    {"document": o.document, "month": o.month, "event": o.event, "marked": o.marked, "line": o.line}
                    for o in row.occurrences
                ],
            }
            for row in exam.recurring()
        ],
    }
