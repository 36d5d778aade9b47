"""Every key the explorer answers to, in one table (the help screen and README read it)."""

from __future__ import annotations

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Panes",
        [
            (
                "1 2 3 4",
                "Articles / Entities / Quotes / Figures (first visit selects the first row)",
            ),
            ("tab  shift+tab", "Move focus between the list, the text and the search box"),
            ("↑ ↓  PgUp PgDn  Home End", "Move in a list (the text follows the selection)"),
            ("enter", "Entities: next mention; in all articles: list the articles it is in"),
            ("→ ←", "Entities in all articles: open / close the list of articles"),
            ("a", "Scope: this article / all articles"),
            ("d  t", "Articles: sort by date / by title (again: reverse)"),
            ("Ment Q F", "Articles: entity mentions, quotes, figures in each article"),
        ],
    ),
    (
        "Search",
        [
            ("/", "Search (live; every pane filters, matches light up in the text)"),
            ("n  N", "Next / previous match (crosses to the next matching article)"),
            ("enter  shift+enter", "In the search box: next / previous match"),
            ("ctrl+r", "Regular expression on/off"),
            ("esc", "Clear the search and leave the box"),
            ("down", "In the search box: back to the list, keeping the search"),
            (
                "field:value",
                "speaker:shi entity:huawei type:org kind:money date:2024 source:bbc",
            ),
        ],
    ),
    (
        "Copy",
        [
            ("c", "Copy the selected quote with its attribution"),
            ("C", "Copy only the quote's words"),
            ("y", "Copy the selected entity or figure with its context"),
        ],
    ),
    (
        "App",
        [
            ("? F1", "This help"),
            ("ctrl+p", "Command palette"),
            ("q  ctrl+q", "Quit (q: outside the search box)"),
        ],
    ),
]

HIGHLIGHTS = (
    "Highlights in the text: entity mentions, the selected mention (stronger), quote and its "
    "speaker, figure and its counted noun, search matches and the current match."
)
