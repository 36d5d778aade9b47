"""Clipboard text (attributed quotes, entity and figure clips) and the delivery routes."""

from __future__ import annotations

import base64
import sys

from store.records import Entity, Figure, Quote
from tui import clipboard

SHI = Quote(
    0,
    38,
    "At Huawei Cloud, AI is a key strategy,",
    "Jacqueline Shi",
    "President of Huawei Cloud Global Marketing and Sales Service",
    45,
    59,
)


def test_attributed_quote_matches_the_house_style() -> None:
    text = clipboard.attributed_quote(SHI, "Huawei Cloud expands overseas push", "2024-02-26")
    assert text == (
        "“At Huawei Cloud, AI is a key strategy,” said Jacqueline Shi, President of Huawei "
        "Cloud Global Marketing and Sales Service. (Huawei Cloud expands..., 2024-02-26)"
    )


def test_attribution_without_role_date_or_speaker() -> None:
    no_role = Quote(0, 10, "We will win.", "Liam Fox")
    assert (
        clipboard.attributed_quote(no_role, "Short", None)
        == "“We will win,” said Liam Fox. (Short)"
    )
    no_speaker = Quote(0, 10, "Prices rose.")
    assert (
        clipboard.attributed_quote(no_speaker, "Markets", "2005-01-02")
        == "“Prices rose.” (Markets, 2005-01-02)"
    )
    asked = Quote(0, 10, "Why now?", "Dr Fox", "Tory co-chairman")
    assert (
        clipboard.attributed_quote(asked, None, None) == "“Why now?” said Dr Fox, Tory co-chairman."
    )


def test_short_title_cuts_at_a_word_and_keeps_short_titles() -> None:
    assert clipboard.short_title("Fox attacks Blair") == "Fox attacks Blair"
    assert clipboard.short_title("Huawei Cloud expands overseas push") == "Huawei Cloud expands..."
    assert len(clipboard.short_title("x" * 100)) <= clipboard.TITLE_CELLS + 3


def test_copied_text_has_no_control_or_bidi_characters() -> None:
    hostile = Quote(0, 5, "Hi\x1b]52;c;eA==\x07 there\u202e\n", "Mal\x1b[31mlory", "[b]boss")
    text = clipboard.attributed_quote(hostile, "T\x1bitle", "2024")
    assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or c == "\u202e" for c in text)
    assert "[b]boss" in text  # markup is just text here


def test_entity_and_figure_clips_carry_context_and_source() -> None:
    blair = Entity(0, 10, "Mr Blair", "PERSON", "Tony Blair")
    clip = clipboard.entity_clip(
        blair, "Mr Blair told Labour members.", "Fox attacks Blair", "2005-02-15"
    )
    assert (
        clip
        == "Tony Blair (PERSON): “Mr Blair told Labour members.” (Fox attacks Blair, 2005-02-15)"
    )
    figure = Figure(
        0, 5, "45.3 billion yuan", "money", 45.3e9, "CNY", "revenue", "revenue of 45.3 billion yuan"
    )
    assert clipboard.figure_clip(figure, "Huawei results", None) == (
        "45.3 billion yuan (money, revenue): “revenue of 45.3 billion yuan” (Huawei results)"
    )


def test_osc52_and_tmux_passthrough() -> None:
    sequence = clipboard.osc52("héllo")
    assert sequence == "\x1b]52;c;" + base64.b64encode("héllo".encode()).decode() + "\a"
    wrapped = clipboard.tmux_passthrough(sequence)
    assert wrapped.startswith("\x1bPtmux;\x1b\x1b]52;c;") and wrapped.endswith("\a\x1b\\")


def which_only(*names: str):  # type: ignore[no-untyped-def]
    return lambda name: f"/usr/bin/{name}" if name in names else None


def test_system_command_choice() -> None:
    wayland = {"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}
    assert clipboard.system_copy_command(wayland, which_only("wl-copy", "xclip")) == [
        "/usr/bin/wl-copy"
    ]
    x11 = {"DISPLAY": ":0"}
    assert clipboard.system_copy_command(x11, which_only("xclip")) == [
        "/usr/bin/xclip",
        "-selection",
        "clipboard",
    ]
    assert clipboard.system_copy_command(x11, which_only("xsel")) == [
        "/usr/bin/xsel",
        "--clipboard",
        "--input",
    ]
    assert clipboard.system_copy_command({}, which_only("pbcopy")) == ["/usr/bin/pbcopy"]
    assert clipboard.system_copy_command({}, which_only("xclip")) is None  # no display
    ssh = {"DISPLAY": ":0", "SSH_CONNECTION": "1.2.3.4 5 6.7.8.9 22"}
    assert clipboard.system_copy_command(ssh, which_only("xclip")) is None


def test_deliver_reports_every_route_that_can_have_worked() -> None:
    ran: list[tuple[list[str], str]] = []

    def run(command: list[str], text: str) -> str | None:
        ran.append((command, text))
        return None

    delivery = clipboard.deliver("hi", {"DISPLAY": ":0"}, which=which_only("xclip"), run=run)
    assert delivery.routes == ["OSC 52", "xclip"]
    assert ran == [(["/usr/bin/xclip", "-selection", "clipboard"], "hi")]

    def tmux_off(name: str) -> str | None:
        return {"set-clipboard": "external", "allow-passthrough": "off"}[name]

    nothing = clipboard.deliver(
        "hi", {"TMUX": "/tmp/tmux"}, which=which_only(), run=run, tmux_option=tmux_off
    )
    assert nothing.routes == []
    assert "set-clipboard on" in nothing.problems[0]

    def tmux_on(name: str) -> str | None:
        return {"set-clipboard": "on", "allow-passthrough": "off"}[name]

    inside = clipboard.deliver(
        "hi", {"TMUX": "/tmp/tmux"}, which=which_only(), run=run, tmux_option=tmux_on
    )
    assert inside.routes == ["OSC 52 (tmux)"]


def test_a_failing_or_hanging_copy_command_is_reported_not_waited_on() -> None:
    failing = clipboard.run_copy_command([sys.executable, "-c", "import sys; sys.exit(3)"], "x")
    assert failing is not None and "3" in failing
    hanging = clipboard.run_copy_command(
        [sys.executable, "-c", "import time; time.sleep(10)"], "x", timeout=0.3
    )
    assert hanging is not None and "timed out" in hanging
    fine = clipboard.run_copy_command([sys.executable, "-c", "import sys; sys.stdin.read()"], "x")
    assert fine is None
