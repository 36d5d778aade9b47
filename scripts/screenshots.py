"""Make the README's SVG screenshots of the real app: the seed article and the BBC corpus.

    python scripts/screenshots.py [--bbc DIR] [--bbc-store FILE] [--out DIR]

The seed and the BBC corpus are ingested into temporary stores (or ``--bbc-store``
is reused), then the app is driven like a user would and each screen is saved.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from seeds import SEEDS_DIR  # noqa: E402
from store.db import Store  # noqa: E402
from tui.app import NewsExploreApp  # noqa: E402
from tui.items.rows import EntityRow, FigureRow  # noqa: E402

SIZE = (120, 36)
DEFAULT_BBC = REPO.parent / "shared" / "corpus" / "bbc"


async def wait_ready(pilot: Any, app: NewsExploreApp, timeout: float = 120.0) -> None:
    """Until an article is shown, every article is read, and no worker or search runs."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    quiet = 0
    while loop.time() < deadline:
        await pilot.pause(0.05)
        busy = app.search_pending or any(w.is_running for w in app.workers)
        ready = app.article is not None and app.loaded.is_set()
        quiet = quiet + 1 if ready and not busy else 0
        if quiet >= 4:
            return
    raise TimeoutError("the app did not settle")


async def seed_screens(out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = NewsExploreApp(Path(tmp) / "store.json", [SEEDS_DIR])
        async with app.run_test(size=SIZE) as pilot:
            await wait_ready(pilot, app)
            await pilot.press("2")
            await pilot.pause(0.2)
            app.save_screenshot(str(out / "main.svg"))
            await pilot.press("slash", "s", "h", "i")
            await wait_ready(pilot, app)
            await pilot.press("down", "3")
            await pilot.pause(0.2)
            app.save_screenshot(str(out / "search-shi.svg"))
            await pilot.press("escape", "4")
            for _ in range(len(app.figures.rows)):
                row = app.figures.current_row
                if isinstance(row, FigureRow) and "45.3 billion yuan" in row.ref.figure.text:
                    break
                await pilot.press("down")
            await pilot.pause(0.2)
            app.save_screenshot(str(out / "figure.svg"))
            await pilot.press("question_mark")
            await pilot.pause(0.2)
            app.save_screenshot(str(out / "help.svg"))


async def bbc_screens(out: Path, store_path: Path) -> None:
    app = NewsExploreApp(store_path, [])
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot, app)
        app.save_screenshot(str(out / "bbc-main.svg"))
        await pilot.press("1")
        blair = next(
            s
            for s in app.articles.rows
            if s.path.endswith(("politics/007.txt", "politics/351.txt"))
        )
        app.articles.move_to(app.articles.index_of(blair.id))
        await wait_ready(pilot, app)
        await pilot.press("2")
        app.entities.select_key(("Tony Blair", "PERSON"))
        await pilot.press("enter")  # the second mention: "Mr Blair"
        await pilot.pause(0.3)
        app.save_screenshot(str(out / "bbc-tony-blair.svg"))
        await pilot.press("a")
        await pilot.pause(0.3)
        if app.entities.select_key(("Tony Blair", "PERSON")):
            row = app.entities.current_row
            if isinstance(row, EntityRow):
                await pilot.press("right")
        await pilot.pause(0.3)
        app.save_screenshot(str(out / "bbc-all-tony-blair.svg"))
        await pilot.press("a", "slash", *"blair")
        await wait_ready(pilot, app)
        await pilot.press("down", "n", "n")
        await pilot.pause(0.3)
        app.save_screenshot(str(out / "bbc-search-blair.svg"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bbc", type=Path, default=DEFAULT_BBC, help="the BBC corpus folder")
    parser.add_argument("--bbc-store", type=Path, help="reuse a store that holds the BBC corpus")
    parser.add_argument("--out", type=Path, default=REPO / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    asyncio.run(seed_screens(args.out))
    if args.bbc_store:
        asyncio.run(bbc_screens(args.out, args.bbc_store))
    elif args.bbc.is_dir():
        with tempfile.TemporaryDirectory() as tmp:
            store_path = Path(tmp) / "bbc.json"
            Store(store_path).ingest([args.bbc])
            asyncio.run(bbc_screens(args.out, store_path))
    else:
        print(f"BBC corpus not found at {args.bbc}: only the seed screenshots were made")
    print(f"screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
