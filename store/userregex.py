"""Compile a regular expression typed by a user, refusing at once one too big to compile.

The ``regex`` package expands a counted repetition into a copy of what it repeats
when it compiles: ``a{10000000}`` took 17 s and 4 GB before a single character was
matched, and no timeout applies to compiling. So before compiling, a cheap scan of
the pattern bounds what the engine would build: every repetition count must be at
most ``MAX_REPEAT``, and the pattern's size with nested repetitions multiplied out
(``(?:x{999}){999}`` is 998,001 items) at most ``MAX_SIZE`` items; the pattern
itself is at most ``MAX_PATTERN_CHARS`` characters. The scan errs on the side of
counting too much: where the pattern's reading depends on flags it cannot be sure of
(verbose mode, version 1 sets), it measures every reading and keeps the largest.

    compile_user_regex(text, flags) -> a compiled ``regex`` pattern, or PatternError
    check_size(text, flags)         -> None, or PatternError (what compile checks first)

Matching time is not bounded here: pass ``timeout=`` to the pattern's methods.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# One repetition's count: ``a{1000}`` compiles in about a millisecond.
MAX_REPEAT = 1000
# The expanded size: about 4 µs and 300 bytes an item to compile, so 10,000 items take
# some 40 ms and a few MB, however the repetitions nest.
MAX_SIZE = 10_000
# A 10,000-character alternation compiles in about 0.15 s (100,000 characters: 2 s).
MAX_PATTERN_CHARS = 10_000

# What ``regex`` reads as a counted repetition: {m}, {m,}, {,n}, {m,n}; spaces are
# allowed in verbose mode (and counted everywhere: counting too much is safe).
_COUNT = re.compile(r"\{[ \t\n\r\f\v]*(\d*)[ \t\n\r\f\v]*(?:,[ \t\n\r\f\v]*(\d*)[ \t\n\r\f\v]*)?\}")
# A POSIX class inside a set, exactly as ``regex`` reads one (``[[:alpha:]]``,
# ``[[:^script=latin:]]``); anything else starting ``[:`` is a literal ``[``.
_POSIX = re.compile(
    r"\[:\^?[A-Za-z0-9 &_.\-]*+"
    r"(?::\]|[:=](?=[ ]*+[A-Za-z0-9&_./\-])[A-Za-z0-9 &_./\-]*+:\])"
)
# Group openings after "(?": a lookaround, atomic, branch-reset, non-capturing group...
_GROUP_PREFIXES = ("<=", "<!", ":", "=", "!", ">", "|")
# ...a named group: (?P<name>...), (?<name>...), (?'name'...)
_NAMED = re.compile(r"P?<[^>)]*>|'[^')]*'")
# ...a call or back-reference, which is one item: (?R), (?1), (?-1), (?&name), (?P=name)
_CALL = re.compile(r"(?:R|[+-]?\d+|&[^)]*|P[=>][^)]*)\)")
# ...inline flags: (?i) for the rest of the group, (?i:...) a group with them.
_FLAGS = re.compile(r"([\^A-Za-z0-9]*)(?:-([A-Za-z0-9]*))?([:)])")
_SPACE = frozenset(" \t\n\r\f\v")


class PatternError(ValueError):
    """A user's pattern that is refused; the message is meant for the user."""


@dataclass(slots=True)
class _Group:
    size: int = 0  # items so far, every branch added up (the engine compiles them all)
    last: int | None = None  # the size of the last item, which a repetition multiplies
    verbose: bool = False


def check_size(pattern: str, flags: int = 0) -> None:
    """Refuse, with a message for the user, a pattern that would be too big to compile."""
    if len(pattern) > MAX_PATTERN_CHARS:
        raise PatternError(
            f"pattern too long: {len(pattern):,} characters (at most {MAX_PATTERN_CHARS:,})"
        )
    import regex

    # Readings that depend on flags the scan cannot follow exactly: measure each.
    verbose_readings = {bool(flags & regex.VERBOSE)}
    if "x" in pattern:
        verbose_readings.add(True)
    version1_readings = {bool(flags & regex.VERSION1)}
    if "V1" in pattern:
        version1_readings.add(True)
    for verbose in verbose_readings:
        for version1 in version1_readings:
            _measure(pattern, verbose, version1)


def compile_user_regex(pattern: str, flags: int = 0) -> Any:
    """``regex.compile(pattern, flags)`` for a pattern a user typed, or ``PatternError``.

    Refused before compiling when too big (``check_size``); an invalid pattern says
    ``invalid pattern: …``. The compiled pattern is not kept in ``regex``'s cache, so
    a user typing a pattern letter by letter does not fill memory with its prefixes.
    """
    check_size(pattern, flags)
    import regex

    try:
        return regex.compile(pattern, flags, cache_pattern=False)
    except (regex.error, ValueError, OverflowError, RecursionError) as exc:
        raise PatternError(f"invalid pattern: {exc}") from None


def _too_big(text: str) -> str:
    return text if len(text) <= 24 else text[:20] + "\u2026}"


def _measure(pattern: str, verbose: bool, version1: bool) -> int:
    """The size of ``pattern`` with repetitions multiplied out, or ``PatternError``."""
    stack = [_Group(verbose=verbose)]
    n = len(pattern)
    i = 0

    def add(group: _Group, size: int) -> None:
        group.size += size
        group.last = size
        if group.size > MAX_SIZE:
            raise PatternError(_size_message(group.size))

    while i < n:
        group = stack[-1]
        c = pattern[i]
        if group.verbose and c in _SPACE:  # blanks are nothing; a repetition may follow
            i += 1
        elif group.verbose and c == "#":  # a comment, to the end of the line
            end = pattern.find("\n", i)
            i = n if end < 0 else end + 1
        elif c == "\\":
            if pattern.startswith("{", i + 2) and pattern[i + 1 : i + 2] in ("p", "P", "N"):
                end = pattern.find("}", i + 3)  # \p{Letter}, \N{NAME}: not a repetition
                i = n if end < 0 else end + 1
            else:
                i += 2
            add(group, 1)
        elif c == "[":
            i = _skip_set(pattern, i + 1, version1)
            add(group, 1)
        elif c == "(":
            i = _open(pattern, i, stack)
        elif c == ")":
            if len(stack) > 1:
                closed = stack.pop()
                add(stack[-1], max(closed.size, 1))
            else:
                add(group, 1)  # unbalanced: the engine refuses it; count it as a letter
            i += 1
        elif c == "|":
            group.last = None
            i += 1
        elif c == "{" and (count := _COUNT.match(pattern, i)) is not None:
            factor = 1
            for digits in count.groups():
                if digits and (len(digits) > 6 or int(digits) > MAX_REPEAT):
                    raise PatternError(
                        f"pattern too large: repetition {_too_big(count.group())}"
                        f" is over {MAX_REPEAT}"
                    )
                if digits:
                    factor = max(factor, int(digits))
            size = group.last if group.last is not None else 1
            group.size += size * (factor - 1)
            group.last = size * factor
            if group.size > MAX_SIZE:
                raise PatternError(_size_message(group.size))
            i = count.end()
        elif c in "*+?":  # repeats without copying what they repeat
            i += 1
        else:
            add(group, 1)
            i += 1
    # An unclosed group is refused by the engine; count what it holds all the same.
    while len(stack) > 1:
        closed = stack.pop()
        add(stack[-1], max(closed.size, 1))
    return stack[0].size


def _size_message(size: int) -> str:
    return f"pattern too large: its repetitions come to {size:,} items (at most {MAX_SIZE:,})"


def _open(pattern: str, i: int, stack: list[_Group]) -> int:
    """Read a group's opening at ``pattern[i] == "("``; push the group; the index after it."""
    group = stack[-1]
    if not pattern.startswith("(?", i):
        stack.append(_Group(verbose=group.verbose))
        return i + 1
    j = i + 2
    if pattern.startswith("#", j):  # a comment: nothing, and a repetition after it applies
        end = pattern.find(")", j)  # to what came before
        return len(pattern) if end < 0 else end + 1
    for prefix in _GROUP_PREFIXES:
        if pattern.startswith(prefix, j):
            stack.append(_Group(verbose=group.verbose))
            return j + len(prefix)
    if named := _NAMED.match(pattern, j):
        stack.append(_Group(verbose=group.verbose))
        return named.end()
    if call := _CALL.match(pattern, j):
        group.size += 1
        group.last = 1
        return call.end()
    if flags := _FLAGS.match(pattern, j):
        on, off, kind = flags.groups()
        verbose = group.verbose
        if "x" in on:
            verbose = True
        if off and "x" in off:
            verbose = False
        if kind == ":":
            stack.append(_Group(verbose=verbose))
        else:
            group.verbose = verbose
        return flags.end()
    # A conditional "(?(1)yes|no)" or something new: a group whose condition is read
    # as pattern too (counting too much is safe).
    stack.append(_Group(verbose=group.verbose))
    return j


def _skip_set(pattern: str, i: int, version1: bool) -> int:
    """The index after the set whose contents start at ``i`` (past its ``[``).

    As ``regex`` reads sets: an optional ``^``; the first member is taken even if it is
    ``]``; escapes, POSIX classes and (version 1) nested sets are single members.
    """
    n = len(pattern)
    if pattern.startswith("^", i):
        i += 1
    first = True
    while i < n:
        c = pattern[i]
        if c == "]" and not first:
            return i + 1
        first = False
        if c == "\\":
            i += 2
        elif c == "[" and (posix := _POSIX.match(pattern, i)) is not None:
            i = posix.end()
        elif c == "[" and version1:
            i = _skip_set(pattern, i + 1, version1)
        else:
            i += 1
    return n
