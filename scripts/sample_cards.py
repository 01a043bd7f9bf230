"""Print random cards, front → back, as Anki renders them, to read them as a learner would.

    .venv/bin/python scripts/sample_cards.py [-n 30] [--seed 7] [--exam] [FILES…]   (default: tests/corpus/*.md)

Every card of a deck built from each file with the default options (``--exam``: numbers and source
cards too) is drawn from one pool. The same seed prints the same cards; the seed is printed.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from shizheng_anki import build_deck
from shizheng_anki.cards.kinds import kind_label
from shizheng_anki.errors import NoNotesError
from shizheng_anki.views.checks import card_problems, cards_of

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("-n", type=int, default=30)
    parser.add_argument("--seed", type=int, default=None, help="default: a random seed, printed")
    parser.add_argument("--exam", action="store_true", help="build with numbers and source cards")
    args = parser.parse_args()
    seed = random.randrange(10_000) if args.seed is None else args.seed
    pool = []
    for path in args.files or sorted((ROOT / "tests" / "corpus").glob("*.md")):
        try:
            notes = build_deck([path], numbers=args.exam, source_cards=args.exam).notes
        except NoNotesError:
            continue
        pool += [(path.name, card) for card in cards_of(notes)]
    print(f"seed {seed}: {min(args.n, len(pool))} of {len(pool)} cards")
    for index, (name, card) in enumerate(random.Random(seed).sample(pool, min(args.n, len(pool))), 1):
        problems = card_problems(card)
        flag = f"  !! {','.join(problems)}" if problems else ""
        print(f"{index:>2}. [{kind_label(card.note.kind)}] {name}{flag}\n    Q: {card.front[:400]}")
        print(f"    A: {card.answer[:200]}\n    B: {card.back[len(card.front) :][:300].strip()}")


if __name__ == "__main__":
    main()
