"""Every key the explorer answers to, in one table (the help screen and README read it)."""

from __future__ import annotations

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Panes",
        [
            ("1 2 3 4", "The four panes (articles … figures)"),
            ("tab  shift+tab", "Focus: list, text, search box"),
            ("↑ ↓  j k", "Move in a list, or scroll the text"),
            ("PgUp PgDn", "A page up / down"),
            ("ctrl+u ctrl+d", "The same, as in less and vim"),
            ("Home End  g G", "First / last row, or text"),
            ("enter", "Entity: next mention / its articles"),
            ("→ ←", "Open / close an entity's articles"),
            ("a", "Scope: this article / all articles"),
            ("5 6 7", "Speakers / Entities / Figures tables"),
            ("s  S  click", "Table: sort by next column / reverse"),
            ("enter", "Speakers table: their quotes"),
            ("i", "Profile of an entity or speaker"),
            ("e", "Export the rows on screen"),
            ("d  t", "Sort articles by date / title"),
            ("Ment Q F", "Counts of mentions, quotes, figures"),
            ("o", "Open its URL, or its file in $EDITOR"),
        ],
    ),
    (
        "Search",
        [
            ("/", "Search, live: panes filter, matches light up"),
            ("n  N", "Next / previous match, on into other articles"),
            ("enter  shift+enter", "In the search box: next / previous match"),
            ("down", "In the search box: back to the list"),
            ("esc", "Clear the search and leave the box"),
            ("ctrl+r", "Regular expressions on / off"),
            ("field:value", "speaker: role: entity: type: kind: unit: source: title: path: date:"),
            ("OR  -word  ( )", 'Either / not / grouping; "a phrase" for words in order'),
            ("£1bn  value:1bn..5bn", "Figures by value; also value>=1e9 (k m bn tn %)"),
            ("date:2004..2005", "Articles by date; also date:2004-03, date:<2024"),
        ],
    ),
    (
        "Copy",
        [
            (
                "c",
                "The selection, cited (a quote with its speaker, a figure or entity with "
                "its sentence)",
            ),
            ("C", "Only the words of the selection"),
            ("y", "The entity or figure with its sentence"),
            ("p", "The paragraph around the selection, cited"),
            ("drag, ctrl+c", "The text selected with the mouse"),
            ("settings.toml", 'citation = "plain", "markdown" or "apa"'),
        ],
    ),
    (
        "App",
        [
            ("? F1", "This help"),
            ("ctrl+p", "Command palette (Theme: switch themes)"),
            ("ctrl+o", "Add files, folders or web addresses"),
            ("q  ctrl+q", "Quit (q: outside the search box)"),
        ],
    ),
]

HIGHLIGHTS = (
    "Highlights in the text: entity mentions (underlined), the selected mention (stronger), "
    "quote (italic) and its speaker, figure (bold) and its counted noun, search matches and "
    "the current match (reversed)."
)
