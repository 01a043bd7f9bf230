"""Count the cards that break the mechanical rules (``shizheng_anki.views.checks``), per notes file.

    .venv/bin/python scripts/card_checks.py [-v] [FILES…]   (default: tests/corpus/*.md)

``-v`` prints each failing card (front → answer).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from shizheng_anki import build_deck
from shizheng_anki.errors import NoNotesError
from shizheng_anki.views.checks import CHECKS, card_problems, cards_of

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    names = list(CHECKS)
    print(f"{'file':<48} {'cards':>6} " + " ".join(f"{name:>15}" for name in names))
    totals = dict.fromkeys(["cards", *names], 0)
    for path in args.files or sorted((ROOT / "tests" / "corpus").glob("*.md")):
        try:
            notes = build_deck([path]).notes
        except NoNotesError:
            continue
        counts = dict.fromkeys(["cards", *names], 0)
        for card in cards_of(notes):
            counts["cards"] += 1
            problems = card_problems(card)
            for name in problems:
                counts[name] += 1
            if problems and args.verbose:
                print(f"  {','.join(problems)}: {card.body[:120]} → {card.answer[:60]}")
        for name, value in counts.items():
            totals[name] += value
        print(f"{path.name:<48} {counts['cards']:>6} " + " ".join(f"{counts[n]:>15}" for n in names))
    print(f"{'total':<48} {totals['cards']:>6} " + " ".join(f"{totals[n]:>15}" for n in names))


if __name__ == "__main__":
    main()
