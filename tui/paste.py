"""Bracketed paste that stays text: a parser guard and the Linux driver that reads through it.

A terminal wraps a paste in ``ESC[200~`` … ``ESC[201~`` but (in many terminals) sends the
pasted bytes as they are. Textual's parser ends the paste at the first ``ESC[201~`` and turns
every ESC inside a paste into keys, so pasting ``abc ESC[201~ ^Q`` (or ``ESC ^Q``) quits the
app, and a pasted escape sequence becomes keystrokes. The guard rewrites the input before
Textual parses it: inside a paste every ESC is replaced by the visible ``␛`` except the one
that opens the paste's real end, which is the last ``ESC[201~`` of a read (or one followed at
once by a new paste). If a read ends inside a paste, the paste stays open until its end
arrives, or is closed after ``QUIET_S`` of silence, so no input is ever lost in a paste.
"""

from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder
from collections.abc import Iterable
from time import monotonic
from typing import Any, ClassVar

from textual._loop import loop_last
from textual._parser import ParseError
from textual._xterm_parser import BRACKETED_PASTE_END, BRACKETED_PASTE_START, XTermParser
from textual.drivers.linux_driver import LinuxDriver

ESC = "\x1b"
DEFUSED = "\u241b"  # ␛, as store.sanitize shows ESC
QUIET_S = 0.5  # a paste still open after this long without input is closed


class PasteGuard:
    """Rewrites terminal input so that nothing inside a bracketed paste can end it early."""

    def __init__(self) -> None:
        self.in_paste = False
        self._carry = ""  # a paste's last characters that may begin its end marker
        self.last_input = monotonic()

    def filter(self, data: str) -> str:
        """``data`` as the parser should see it (same text, with in-paste ESCs made visible)."""
        self.last_input = monotonic()
        data, self._carry = self._carry + data, ""
        out: list[str] = []
        position, size = 0, len(data)
        while position < size:
            if not self.in_paste:
                # Outside a paste input is passed on as it is; a paste start split between
                # two reads is not seen (Textual then parses that paste on its own).
                start = data.find(BRACKETED_PASTE_START, position)
                if start < 0:
                    out.append(data[position:])
                    break
                end = start + len(BRACKETED_PASTE_START)
                out.append(data[position:end])
                position = end
                self.in_paste = True
                continue
            escape = data.find(ESC, position)
            if escape < 0:
                out.append(data[position:])
                break
            out.append(data[position:escape])
            if data.startswith(BRACKETED_PASTE_END, escape):
                after = escape + len(BRACKETED_PASTE_END)
                if after == size or data.startswith(BRACKETED_PASTE_START, after):
                    out.append(BRACKETED_PASTE_END)  # the real end: nothing of this read follows
                    self.in_paste = False
                else:
                    out.append(DEFUSED + BRACKETED_PASTE_END[1:])  # pasted text, not an end
                position = after
            elif BRACKETED_PASTE_END.startswith(data[escape:]):
                self._carry = data[escape:]  # maybe the end marker, cut by the read: wait
                break
            else:
                out.append(DEFUSED)
                position = escape + 1
        return "".join(out)

    def close_if_quiet(self, now: float | None = None) -> str:
        """The input that closes a paste left open with no input for ``QUIET_S``, else ""."""
        now = monotonic() if now is None else now
        if not self.in_paste or now - self.last_input < QUIET_S:
            return ""
        rest, self._carry = self._carry.replace(ESC, DEFUSED), ""
        self.in_paste = False
        return rest + BRACKETED_PASTE_END


class PasteGuardParser(XTermParser):
    """Textual's terminal parser behind a ``PasteGuard``."""

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self.guard = PasteGuard()

    def feed(self, data: str) -> Iterable[Any]:
        if not data:  # end of input
            return super().feed(data)
        return super().feed(self.guard.filter(data))

    def tick(self) -> Iterable[Any]:
        closing = self.guard.close_if_quiet()
        if closing:
            yield from super().feed(closing)
        yield from super().tick()


class GuardedLinuxDriver(LinuxDriver):
    """Textual's Linux driver, reading the terminal through ``PasteGuardParser``.

    ``run_input_thread`` is Textual 8's own, with the parser class made a class attribute.
    """

    parser_class: ClassVar[type[XTermParser]] = PasteGuardParser

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        fileno = self.fileno
        parser = self.parser_class(self._debug)
        feed, tick = parser.feed, parser.tick
        decode = getincrementaldecoder("utf-8")().decode

        def process_selector_events(
            selector_events: list[tuple[selectors.SelectorKey, int]], final: bool = False
        ) -> None:
            for last, (_key, mask) in loop_last(selector_events):
                if mask & selectors.EVENT_READ:
                    unicode_data = decode(os.read(fileno, 1024 * 4), final=final and last)
                    if not unicode_data:
                        break  # stdin is a pipe
                    for event in feed(unicode_data):
                        self.process_message(event)
            for event in tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                process_selector_events(selector.select(0.1))
            selector.unregister(self.fileno)
            process_selector_events(selector.select(0.1), final=True)
        finally:
            selector.close()
            try:
                for _event in feed(""):
                    pass
            except (EOFError, ParseError):
                pass
