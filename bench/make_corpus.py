"""Make a larger benchmark corpus from the BBC articles: N distinct, realistic variants of each.

    python bench/make_corpus.py OUT_DIR [--copies 10] [--source DIR] [--seed 5] [--limit N]

Copy 0 is the article as it is. Every other copy is changed enough to be a distinct
article: a ``Date:`` header line (a different day per copy), the body's paragraphs
in another order (the headline stays first), and person names swapped for names
taken from other articles ("Tony Blair" and a later "Mr Blair" become, say,
"Gordon Brown" and "Mr Brown"). The output is deterministic for a seed, and every
article body in it is distinct (checked), so an ingest stores ``copies x articles``.
``--limit`` keeps the first N output files (for the growth table's smaller sizes).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "corpus" / "bbc"
FIRST_NAMES_FILE = ROOT / "store" / "extract" / "data" / "first_names.txt"
_NOT_SURNAMES = frozenset(
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
)
_PAIR = re.compile(r"\b([A-Z][a-z]+) ((?:Mc|Mac|O')?[A-Z][a-z]+)\b")


def load_first_names() -> set[str]:
    if not FIRST_NAMES_FILE.exists():
        return set()
    names = set()
    for line in FIRST_NAMES_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.add(line)
    return names


def person_names(text: str, first_names: set[str]) -> list[tuple[str, str]]:
    """(first, surname) pairs in order of first appearance, where the first name is a known one."""
    seen: dict[tuple[str, str], None] = {}
    for m in _PAIR.finditer(text):
        if m.group(1) in first_names and m.group(2) not in first_names:
            seen.setdefault((m.group(1), m.group(2)), None)
    return list(seen)


def swap_names(
    text: str, names: list[tuple[str, str]], pool: list[tuple[str, str]], rng: random.Random
) -> str:
    """Replace each person (full name, then bare surname) with another person from the pool."""
    if not names or not pool:
        return text
    mapping: dict[str, str] = {}
    used_surnames = {surname for _, surname in names}
    for first, surname in names:
        for _ in range(8):
            new_first, new_surname = rng.choice(pool)
            if new_surname not in used_surnames:
                break
        used_surnames.add(new_surname)
        mapping[f"{first} {surname}"] = f"{new_first} {new_surname}"
        if surname not in _NOT_SURNAMES:  # "May" alone is usually the month
            mapping.setdefault(surname, new_surname)
    # Longest keys first so "Tony Blair" is replaced as a whole before "Blair".
    pattern = re.compile(
        r"\b(?:" + "|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True)) + r")\b"
    )
    return pattern.sub(lambda m: mapping[m.group()], text)


def shuffle_paragraphs(text: str, rng: random.Random) -> str:
    """Headline first, then the body's paragraphs in another order (the lead paragraph stays)."""
    headline, sep, body = text.partition("\n\n")
    paragraphs = [p.strip("\n") for p in body.split("\n\n") if p.strip()]
    if not sep or len(paragraphs) < 3:
        return text
    lead, rest = paragraphs[0], paragraphs[1:]
    rng.shuffle(rest)
    return headline + "\n\n" + "\n\n".join([lead, *rest]) + "\n"


def variant(
    text: str,
    copy: int,
    attempt: int,
    names: list[tuple[str, str]],
    pool: list[tuple[str, str]],
    rng: random.Random,
) -> str:
    """Copy number ``copy`` of an article (copy 0 unchanged on the first attempt)."""
    if copy == 0 and attempt == 0:
        return text
    body = shuffle_paragraphs(text, rng)
    body = swap_names(body, names, pool, rng)
    day = date(2004, 1, 1) + timedelta(days=rng.randrange(0, 730))
    if attempt >= 3:  # a short article whose every variant so far collided: add an update note
        body = body.rstrip("\n") + f"\n\nThis story was updated on {day:%d %B %Y}.\n"
    return f"Date: {day.isoformat()}\n" + body


def body_key(text: str) -> bytes:
    """What makes two files the same article (the reader's id ignores the header lines)."""
    if text.startswith("Date: "):
        text = text.split("\n", 1)[1]
    return hashlib.blake2b(text.strip().encode("utf-8"), digest_size=16).digest()


def make_corpus(
    source: Path, out: Path, copies: int, seed: int, limit: int | None = None
) -> list[Path]:
    """Write the variants under ``out/<copy>/<category>/<nnn>.txt``; returns the written paths."""
    files = sorted(source.rglob("*.txt"))
    if not files:
        sys.exit(f"no .txt articles under {source}")
    first_names = load_first_names()
    texts = [f.read_text(encoding="utf-8") for f in files]
    names = [person_names(t, first_names) for t in texts]
    pool = sorted({n for per_article in names for n in per_article})
    seen: set[bytes] = set()
    written: list[Path] = []
    for copy in range(copies):
        for path, text, article_names in zip(files, texts, names, strict=True):
            if limit is not None and len(written) >= limit:
                return written
            rng = random.Random(f"{seed}:{copy}:{path.relative_to(source)}")
            for attempt in range(20):
                candidate = variant(text, copy, attempt, article_names, pool, rng)
                key = body_key(candidate)
                if key not in seen:
                    break
            seen.add(key)
            target = out / f"{copy:02d}" / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(candidate, encoding="utf-8")
            written.append(target)
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "out", type=Path, help="output folder (use a temporary one, e.g. under /tmp)"
    )
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--limit", type=int, default=None, help="write only the first N files")
    args = parser.parse_args()
    written = make_corpus(args.source, args.out, args.copies, args.seed, args.limit)
    size = sum(p.stat().st_size for p in written)
    print(f"{len(written)} articles, {size / 1e6:.1f} MB under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
