"""The explorer on real articles: the bundled seed and BBC politics/007 (skipped without /work/shared)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from test_app_support import BBC, SIZE, settle, styled_spans

from seeds import SEEDS_DIR
from tui.app import NewsExploreApp
from tui.items.rows import FigureRow


def covered(app: NewsExploreApp, kind: str) -> list[tuple[int, int]]:
    return app.source.marked(kind)


async def test_seed_figure_45_3_billion_yuan_is_highlighted(tmp_path: Path) -> None:
    app = NewsExploreApp(tmp_path / "store.json", [SEEDS_DIR])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, timeout=60)
        await pilot.press("4")
        index = next(
            (
                i
                for i, r in enumerate(app.figures.rows)
                if isinstance(r, FigureRow) and "45.3 billion yuan" in r.ref.figure.text
            ),
            None,
        )
        assert index is not None, "the seed's 45.3 billion yuan figure was not extracted"
        app.figures.move_to(index)
        await pilot.pause()
        assert any("45.3 billion yuan" in s for s in styled_spans(app, "source--figure"))


@pytest.mark.skipif(not BBC.is_dir(), reason="BBC corpus not available")
async def test_tony_blair_highlights_every_mr_blair_in_politics_007(tmp_path: Path) -> None:
    folder = tmp_path / "politics"
    folder.mkdir()
    shutil.copy(BBC / "politics" / "007.txt", folder / "007.txt")
    app = NewsExploreApp(tmp_path / "store.json", [folder])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, timeout=60)
        await pilot.press("2")
        assert app.entities.select_key(("Tony Blair", "PERSON"))
        await pilot.pause()
        text = app.article.text
        marked = covered(app, "source--entity")
        tony = text.index("Tony Blair")
        assert (tony, tony + len("Tony Blair")) in marked
        for match in re.finditer(r"Mr Blair", text):
            blair = (match.start() + 3, match.end())
            assert any(s <= blair[0] and blair[1] <= e for s, e in marked), match.start()
        selected = covered(app, "source--entity-selected")
        assert selected == [marked[0]]
