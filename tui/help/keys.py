"""Every key the explorer answers to, in one table (the help screen and README read it)."""

from __future__ import annotations

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Panes",
        [
            ("1 2 3 4", "Articles / Entities / Quotes / Figures (a first visit selects row 1)"),
            ("tab  shift+tab", "Move the focus: list, text, search box"),
            ("↑ ↓  j k", "Move in a list (the text follows), or scroll the text"),
            ("PgUp PgDn", "A page up / down, in a list or the text"),
            ("ctrl+u ctrl+d", "The same, as in less and vim"),
            ("Home End  g G", "First / last row, or the top / end of the text"),
            ("enter", "Entities: next mention; in all articles: its articles"),
            ("→ ←", "Entities in all articles: open / close its articles"),
            ("a", "Scope: this article / all articles"),
            ("5 6 7", "Speakers / Entities / Figures tables of the store, for the query"),
            ("s  S  click", "In a table: next sort column / reverse / sort by the column clicked"),
            ("enter", "Speakers table: their quotes (enter opens one in its article)"),
            ("i", "Profile of the entity or speaker: quotes by and about, figures, timeline"),
            ("e", "Export the rows on screen (pane or table) as CSV, JSON or Markdown"),
            ("d  t", "Articles: sort by date / by title (again: reverse), or click the heading"),
            ("Ment Q F", "Articles: mentions, quotes, figures in each"),
            ("o", "Open the article's web address in the browser, or its file in $EDITOR"),
        ],
    ),
    (
        "Search",
        [
            ("/", "Search, live: every pane filters, matches light up"),
            ("n  N", "Next / previous match, on into the next article"),
            ("enter  shift+enter", "In the search box: next / previous match"),
            ("down", "In the search box: back to the list, keeping the search"),
            ("esc", "Clear the search and leave the box"),
            ("ctrl+r", "Regular expressions on / off"),
            ("field:value", "speaker:shi entity:huawei type:org kind:money date:2024 source:bbc"),
        ],
    ),
    (
        "Copy",
        [
            (
                "c",
                "The selection, cited: a quote with its speaker, a figure or an entity "
                "with its sentence, an article's citation",
            ),
            ("C", "Only the words: the quote (no quote marks), figure, name or title"),
            ("y", "The entity or figure with its sentence, cited"),
            ("p", "The paragraph around the quote, figure or mention, cited"),
            ("drag, ctrl+c", "The text selected with the mouse"),
            ("settings.toml", 'citation = "plain", "markdown" or "apa" (or --citation)'),
        ],
    ),
    (
        "App",
        [
            ("? F1", "This help"),
            ("ctrl+p", "Command palette; Theme there switches themes (remembered)"),
            ("ctrl+o", "Add files, a folder or web addresses to the store (tab completes paths)"),
            ("q  ctrl+q", "Quit (q: outside the search box)"),
        ],
    ),
]

HIGHLIGHTS = (
    "Highlights in the text: entity mentions (underlined), the selected mention (stronger), "
    "quote (italic) and its speaker, figure (bold) and its counted noun, search matches and "
    "the current match (reversed)."
)
