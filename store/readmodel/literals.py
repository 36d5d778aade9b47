"""The literal strings a user's regular expression requires, for a trigram pre-filter.

A regex in the explorer runs over every article's folded text. Most patterns can only
match where some literal text occurs (``bl(a|e)ir`` needs "blair" or "bleir";
``(chelsea|arsenal) fans?`` needs "chelsea fan" or "arsenal fan"): :func:`required`
works out such strings, as an AND of OR-groups, and :func:`trigram_query` turns them into
a query over the index's trigram table (``text_tri``), which names the only articles
worth running the pattern over. :func:`may_match` is the same test on one string.

It must never lose a match, so it only ever claims less than is true:

- the pattern is read with Python's own parser; anything it cannot read, or may read
  differently from the ``regex`` package (fuzzy ``{e<=1}``, POSIX ``[:alpha:]`` sets),
  gives no strings: every article is searched, as before;
- only printable ASCII characters count as literal text (the pattern is case-insensitive
  and the texts are folded, where no other character matches an ASCII one);
- a string shorter than three characters says nothing (a trigram is three).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from typing import Any

__all__ = ["MAX_STRINGS", "may_match", "required", "sql_filter", "trigram_query"]

MAX_STRINGS = 64  # alternatives kept per group (``[ab][cd][ef]`` is 8)
_MAX_TERMS = 120  # trigrams in one query (past it, the rarest groups are not worth it)
# Counted repetitions as Python reads them; any other "{" may be the regex package's
# fuzzy matching (``(?:blair){e<=1}``), which Python would read as literal text.
_COUNT = re.compile(r"\{\d*(?:,\d*)?\}")

Groups = list[frozenset[str]]
# What is known of a part of a pattern: the exact strings it can match (None: too many
# or unknown), and the groups of strings, one of each group, that any match contains.
_Info = tuple[frozenset[str] | None, Groups]


def _parser() -> tuple[Any, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import sre_constants
        import sre_parse
    return sre_parse, sre_constants


def required(pattern: str) -> Groups:
    """Groups of strings (lowercase, 3+ characters): every match of ``pattern`` (read
    case-insensitively, over folded text) contains one string of each group. Empty when
    nothing can be said."""
    if "[:" in pattern or _COUNT.sub("", pattern).count("{"):
        return []
    sre_parse, c = _parser()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = sre_parse.parse(pattern, 0)
    except Exception:  # not Python's syntax: no pre-filter, every article is searched
        return []
    try:
        exact, groups = _sequence(list(tree), c)
    except RecursionError:
        return []
    if exact is not None:
        groups = [*groups, *_usable(exact)]
    return _dedupe(groups)


def _usable(strings: frozenset[str]) -> Groups:
    return [strings] if strings and all(len(s) >= 3 for s in strings) else []


def _dedupe(groups: Groups) -> Groups:
    out: Groups = []
    for g in groups:
        # A string holding another of its group adds nothing: the shorter one is present
        # wherever it is ("fan" or "fans" is "fan").
        g = frozenset(s for s in g if not any(t != s and t in s for t in g))
        if g not in out:
            out.append(g)
    return out


def _sequence(items: Sequence[Any], c: Any) -> _Info:
    groups: Groups = []
    run: frozenset[str] | None = frozenset({""})  # exact strings of the current run
    whole = True  # every item so far had exact strings (and no run was cut)
    for item in items:
        exact, inner = _item(item, c)
        groups.extend(inner)
        if exact is None:
            if run is not None:
                groups.extend(_usable(run))
            run, whole = frozenset({""}), False
            continue
        assert run is not None
        if len(run) * len(exact) > MAX_STRINGS:
            groups.extend(_usable(run))
            run, whole = exact, False
        else:
            run = frozenset(a + b for a in run for b in exact)
    if whole:
        return run, groups
    if run is not None:
        groups.extend(_usable(run))
    return None, groups


def _char(code: int) -> str | None:
    """The character as literal text, lowered, or None when it may match others."""
    if 0x20 <= code < 0x7F:
        return chr(code).lower()
    return None


def _item(item: tuple[Any, Any], c: Any) -> _Info:
    op, av = item
    if op is c.LITERAL:
        ch = _char(av)
        return (None if ch is None else frozenset({ch})), []
    if op is c.IN:
        chars: set[str] = set()
        for kind, value in av:
            if kind is c.LITERAL and _char(value) is not None:
                chars.add(str(_char(value)))
            elif kind is c.RANGE and all(_char(v) is not None for v in value):
                if value[1] - value[0] > 16:
                    return None, []
                chars.update(str(_char(v)) for v in range(value[0], value[1] + 1))
            else:  # a negated set, a category (\d, \s), a character beyond ASCII
                return None, []
        return (frozenset(chars) if 0 < len(chars) <= 16 else None), []
    if op is c.SUBPATTERN:
        return _sequence(list(av[-1]), c)
    if getattr(c, "ATOMIC_GROUP", None) is not None and op is c.ATOMIC_GROUP:
        return _sequence(list(av), c)
    if op is c.AT:
        return frozenset({""}), []  # an anchor matches no characters
    if op is c.BRANCH:
        infos = [_sequence(list(alt), c) for alt in av[1]]
        exacts = [e for e, _ in infos]
        exact: frozenset[str] | None = None
        if all(e is not None for e in exacts):
            union = frozenset(s for e in exacts if e is not None for s in e)
            exact = union if len(union) <= MAX_STRINGS else None
        # One group that holds for each alternative: their union holds for the branch.
        picked: list[frozenset[str]] = []
        for e, inner in infos:
            options = [*inner, *(_usable(e) if e is not None else [])]
            if not options:
                return exact, []
            picked.append(min(options, key=len))
        union_group = frozenset(s for g in picked for s in g)
        return exact, ([union_group] if len(union_group) <= MAX_STRINGS else [])
    repeats = {c.MAX_REPEAT, c.MIN_REPEAT}
    if getattr(c, "POSSESSIVE_REPEAT", None) is not None:
        repeats.add(c.POSSESSIVE_REPEAT)
    if op in repeats:
        lo, hi, sub = av
        exact, inner = _sequence(list(sub), c)
        if lo == 0:
            if hi == 1 and exact is not None:
                return exact | {""}, []
            return None, []
        if lo == hi == 1:
            return exact, inner
        # Once or more: what one repetition requires is required.
        return None, [*inner, *(_usable(exact) if exact is not None else [])]
    return None, []  # any character, a back-reference, a lookaround: unknown


def _trigrams(s: str) -> list[str]:
    return [s[i : i + 3] for i in range(len(s) - 2)]


def _fts(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def trigram_query(groups: Groups) -> str | None:
    """An FTS5 query over a trigram table for ``groups`` (None when there are none).

    A string is present only where all its trigrams are (the table keeps no positions,
    so that is what it can be asked), and a group when one of its strings is.
    """
    parts: list[str] = []
    terms = 0
    # Longer strings first: their trigrams are rarer, so they narrow the most.
    for group in sorted(groups, key=lambda g: -min(len(s) for s in g)):
        size = sum(len(s) - 2 for s in group)
        if parts and terms + size > _MAX_TERMS:
            continue
        terms += size
        alts = [" AND ".join(_fts(t) for t in dict.fromkeys(_trigrams(s))) for s in sorted(group)]
        parts.append("(" + " OR ".join(f"({a})" for a in alts) + ")")
    return " AND ".join(parts) if parts else None


def may_match(groups: Groups, text: str, *, folded: bool = False) -> bool:
    """False when ``text`` lacks one of the groups, so the pattern cannot match it.

    ``folded``: the text went through ``fold`` (no character left in it matches an ASCII
    one case-insensitively but itself); else only an ASCII text is tested ("ß" would
    match "ss"), and any other is let through.
    """
    if not groups:
        return True
    if text.isascii():
        text = text.lower()
    elif not folded:
        return True
    return all(any(s in text for s in group) for group in groups)


def sql_filter(groups: Groups, expr: str) -> tuple[str, list[str]]:
    """:func:`may_match` in SQL over ``expr``, a folded text (``instr`` runs in C: a scan
    of every quote costs a few milliseconds, not a Python call per row)."""
    if not groups:
        return "1", []
    parts = []
    params: list[str] = []
    for group in groups:
        parts.append("(" + " OR ".join(f"instr({expr}, ?) > 0" for _ in group) + ")")
        params.extend(sorted(group))
    return " AND ".join(parts), params
