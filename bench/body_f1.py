"""Body-text F1 of HTML main-text extraction: trafilatura's default, with favor_precision, and ours.

Usage: python bench/body_f1.py HTML_DIR TEXT_DIR [--list]

HTML_DIR holds pages (NAME.html, NAME.htm, maybe .gz); TEXT_DIR the expected main text of each
(NAME.txt). Pages without an expected text are skipped. The score is the article-extraction
benchmark's: word-shingle (4-gram) precision, recall and F1 of the extracted text against the
expected one, averaged over pages (a page where nothing was extracted scores 0). Characters of
Chinese, Japanese and Korean count as words, since those languages do not space them.

"ours" is ``store.readers.html.article_from_html``: the page decoded with its charset,
trafilatura with favor_precision, boilerplate lines and repeats dropped; a page it refuses as
not an article scores 0 (the count of refusals is printed, and with --list their names).
"""

from __future__ import annotations

import gzip
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]|\w+")
SHINGLE = 4


def shingles(text: str) -> Counter[tuple[str, ...]]:
    words = _TOKEN.findall(text.casefold())
    if len(words) < SHINGLE:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


def prf(got: str, want: str) -> tuple[float, float, float]:
    g, w = shingles(got), shingles(want)
    if not g or not w:
        return 0.0, 0.0, 0.0
    common = sum((g & w).values())
    p, r = common / sum(g.values()), common / sum(w.values())
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def _trafilatura(precision: bool) -> Callable[[bytes], str]:
    import trafilatura

    def run(data: bytes) -> str:
        doc = trafilatura.bare_extraction(
            data, with_metadata=True, include_comments=False, favor_precision=precision
        )
        return (getattr(doc, "text", None) or "") if doc is not None else ""

    return run


def _ours(data: bytes) -> str:
    from store.readers.common import ReadFailure
    from store.readers.html import article_from_html

    try:
        return article_from_html(Path("page.html"), data).text
    except ReadFailure as exc:
        raise _Refused(str(exc)) from exc


class _Refused(Exception):
    pass


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    if len(args) != 2:
        print(__doc__)
        return 2
    html_dir, text_dir = Path(args[0]), Path(args[1])
    pages = []
    for page in sorted(html_dir.iterdir()):
        name = page.name.removesuffix(".gz").rsplit(".", 1)[0]
        expected = text_dir / f"{name}.txt"
        if expected.is_file():
            pages.append((name, page, expected.read_text(encoding="utf-8", errors="replace")))
    methods: dict[str, Callable[[bytes], str]] = {
        "trafilatura default": _trafilatura(False),
        "favor_precision": _trafilatura(True),
        "ours": _ours,
    }
    print(f"{len(pages)} pages with expected text in {text_dir}")
    print(f"{'method':22} {'precision':>9} {'recall':>7} {'F1':>6}  refused")
    per_page: dict[str, list[float]] = {}
    for label, run in methods.items():
        totals = [0.0, 0.0, 0.0]
        refused: list[str] = []
        for name, page, want in pages:
            try:
                got = run(_read(page))
            except _Refused as exc:
                refused.append(f"{name}: {exc}")
                got = ""
            scores = prf(got, want)
            per_page.setdefault(name, []).append(scores[2])
            totals = [t + s for t, s in zip(totals, scores, strict=True)]
        n = max(1, len(pages))
        print(
            f"{label:22} {totals[0] / n:9.3f} {totals[1] / n:7.3f} {totals[2] / n:6.3f}  "
            f"{len(refused)}"
        )
        if "--list" in argv:
            for line in refused:
                print(f"    refused {line}")
    if "--list" in argv:
        print(f"\n{'page':30} " + " ".join(f"{m[:10]:>10}" for m in methods))
        for name, scores in per_page.items():
            print(f"{name:30} " + " ".join(f"{s:10.3f}" for s in scores))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
