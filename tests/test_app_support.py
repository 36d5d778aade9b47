"""Shared helpers for the explorer's pilot tests: hand-made articles with exact spans, and waits."""

from __future__ import annotations

import asyncio
from pathlib import Path

from store.library import Library
from store.records import Article, Entity, Extraction, Figure, Quote
from tui.app import NewsExploreApp

SHARED = Path(__file__).resolve().parents[2] / "shared"
BBC = SHARED / "corpus" / "bbc"
SIZE = (120, 36)


def span(text: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    """Start and end of the ``occurrence``-th ``needle`` in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def entity(text: str, needle: str, type_: str, canonical: str, occurrence: int = 0) -> Entity:
    start, end = span(text, needle, occurrence)
    return Entity(start, end, needle, type_, canonical)


BLAIR_TEXT = (
    "Tony Blair lied about the war, say the Tories.\n\n"
    "Tory co-chairman Liam Fox spoke after Mr Blair told Labour members the Tories offered "
    'a "hard right agenda". Dr Fox said: "If you are willing to lie, you lie about anything."\n\n'
    "Labour raised 45.3 billion yuan for 12 new schools. Mr Blair was not available."
)

CJK_TEXT = (
    "Café Zoë in Zürich 🎉 opened.\n\n"
    "東京の会社 Sony 🚀 said “这是一个测试” about Zoë.\n\n"
    "Revenue rose 12% to €3.5m at Café Zoë 👩‍👩‍👧."
)

HOSTILE_TEXT = (
    "Evil \x1b]52;c;SGVsbG8=\x07 clipboard and \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ here.\n\n"
    "Markup [link=http://evil]click[/link] and [/b] and [bold red]loud[/]. Bidi \u202e gnp.exe\n\n"
    '"Trust me [/i]," said Mallory \x1b[31mRed\x1b[0m.'
)


def blair_pair() -> tuple[Article, Extraction]:
    text = BLAIR_TEXT
    article = Article(
        "blair", "politics/007.txt", "Fox attacks Blair's Tory 'lies'", "2005-02-15", "BBC", text
    )
    quote_start, quote_end = span(text, "If you are willing to lie, you lie about anything.")
    speaker = span(text, "Dr Fox")
    extraction = Extraction(
        entities=[
            entity(text, "Tony Blair", "PERSON", "Tony Blair"),
            entity(text, "Liam Fox", "PERSON", "Liam Fox"),
            entity(text, "Mr Blair", "PERSON", "Tony Blair", 0),
            entity(text, "Labour", "ORG", "Labour", 0),
            entity(text, "Dr Fox", "PERSON", "Liam Fox"),
            entity(text, "Labour", "ORG", "Labour", 1),
            entity(text, "Mr Blair", "PERSON", "Tony Blair", 1),
        ],
        quotes=[
            Quote(
                quote_start,
                quote_end,
                text[quote_start:quote_end],
                "Liam Fox",
                "Tory co-chairman",
                speaker[0],
                speaker[1],
            ),
        ],
        figures=[
            Figure(
                *span(text, "45.3 billion yuan"),
                "45.3 billion yuan",
                "money",
                45.3e9,
                "CNY",
                None,
                "Labour raised 45.3 billion yuan for 12 new schools.",
            ),
            Figure(
                *span(text, "12"),
                "12",
                "count",
                12.0,
                None,
                "school",
                "45.3 billion yuan for 12 new schools",
            ),
        ],
    )
    extraction.entities.sort(key=lambda e: e.start)
    return article, extraction


def cjk_pair() -> tuple[Article, Extraction]:
    text = CJK_TEXT
    article = Article("cjk", "world/cjk.txt", "Zoë’s café 🎉 東京", "2024-03-01", "Wire", text)
    quote = span(text, "这是一个测试")
    sony = span(text, "Sony")
    extraction = Extraction(
        entities=[
            entity(text, "Café Zoë", "ORG", "Café Zoë", 0),
            entity(text, "Zürich", "GPE", "Zürich"),
            entity(text, "Sony", "ORG", "Sony"),
            entity(text, "Zoë", "PERSON", "Zoë", 1),
            entity(text, "Café Zoë", "ORG", "Café Zoë", 1),
        ],
        quotes=[Quote(*quote, "这是一个测试", "Sony", None, *sony)],
        figures=[
            Figure(*span(text, "12%"), "12%", "percent", 12.0, "%", "revenue", "Revenue rose 12%"),
            Figure(*span(text, "€3.5m"), "€3.5m", "money", 3.5e6, "EUR", None, "to €3.5m"),
        ],
    )
    extraction.entities.sort(key=lambda e: e.start)
    return article, extraction


def hostile_pair() -> tuple[Article, Extraction]:
    text = HOSTILE_TEXT
    title = "Evil \x1b]0;pwned\x07 [link=http://x]title[/link] [/b]"
    article = Article("hostile", "evil/\x1b[2Jname.txt", title, None, "[b]src[/b]", text)
    quote = span(text, "Trust me [/i],")
    speaker = span(text, "Mallory")
    extraction = Extraction(
        entities=[entity(text, "Mallory", "PERSON", "Mallory \x1b[31m[/b]")],
        quotes=[
            Quote(
                *quote, text[quote[0] : quote[1]], "Mallory \x1b]52;c;eA==\x07", "[b]boss", *speaker
            )
        ],
        figures=[],
    )
    return article, extraction


def shi_pair() -> tuple[Article, Extraction]:
    text = (
        '"At Huawei Cloud, AI is a key strategy," said Jacqueline Shi, President of Huawei '
        "Cloud Global Marketing and Sales Service.\n\nHuawei has 85 availability zones."
    )
    article = Article(
        "shi", "seed.txt", "Huawei Cloud expands overseas push", "2024-02-26", None, text
    )
    quote = span(text, "At Huawei Cloud, AI is a key strategy,")
    speaker = span(text, "Jacqueline Shi")
    extraction = Extraction(
        entities=[
            entity(text, "Huawei Cloud", "ORG", "Huawei Cloud"),
            entity(text, "Jacqueline Shi", "PERSON", "Jacqueline Shi"),
            entity(text, "Huawei", "ORG", "Huawei", 2),
        ],
        quotes=[
            Quote(
                *quote,
                text[quote[0] : quote[1]],
                "Jacqueline Shi",
                "President of Huawei Cloud Global Marketing and Sales Service",
                *speaker,
            )
        ],
        figures=[
            Figure(
                *span(text, "85"),
                "85",
                "count",
                85.0,
                None,
                "availability zone",
                "Huawei has 85 availability zones.",
            )
        ],
    )
    extraction.entities.sort(key=lambda e: e.start)
    return article, extraction


def make_library(*pairs: tuple[Article, Extraction]) -> Library:
    return Library.from_pairs(list(pairs) or [blair_pair(), cjk_pair(), shi_pair()])


def make_app(*pairs: tuple[Article, Extraction]) -> NewsExploreApp:
    return NewsExploreApp(library=make_library(*pairs))


async def settle(
    pilot, app: NewsExploreApp, article_id: str | None = None, timeout: float = 5.0
) -> None:  # type: ignore[no-untyped-def]
    """Wait until no worker runs, no search is pending, twice in a row, and (if given)
    ``article_id`` is the article shown."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    quiet = 0
    while loop.time() < deadline:
        await pilot.pause(0.02)
        busy = app.search_pending or any(w.is_running for w in app.workers)
        shown = app.article.id if app.article else None
        ready = app.library is not None and (
            shown == article_id
            if article_id is not None
            else shown is not None or not app.library.summaries
        )
        quiet = quiet + 1 if ready and not busy else 0
        if quiet >= 3:
            return
    raise AssertionError(f"app did not settle (showing {app.article and app.article.id})")


async def open_article(pilot, app: NewsExploreApp, article_id: str) -> None:  # type: ignore[no-untyped-def]
    """Select ``article_id`` in the article list, as a user would, and wait for it."""
    await pilot.press("1")
    index = app.articles.index_of(article_id)
    assert index >= 0, f"{article_id} not in the article list"
    app.articles.move_to(index)
    await settle(pilot, app, article_id)


def styled_spans(app: NewsExploreApp, kind: str) -> list[str]:
    """The article text under every span drawn in the style of ``kind``, from the widgets' Text."""
    source = app.source
    style = source.styles_by_class()[kind]
    found: list[tuple[int, int]] = []
    for paragraph in source.paragraphs:
        for text_span in paragraph.text.spans:
            if text_span.style == style:
                found.append(
                    (paragraph.block.start + text_span.start, paragraph.block.start + text_span.end)
                )
    text = source.article.text if source.article else ""
    return [text[start:end] for start, end in sorted(found)]
