"""Write attack.txt: a BBC-form article whose every part tries to take over the terminal.

Run ``python tests/data/hostile/make_attack.py`` to regenerate it; the escape
sequences are written as bytes so no editor or terminal interprets them on the way.
"""

from __future__ import annotations

from pathlib import Path

ESC = "\x1b"
BEL = "\x07"
ST = ESC + "\\"
CLIPBOARD = ESC + "]52;c;ZXZpbA==" + BEL  # OSC 52: put "evil" on the clipboard
HYPERLINK = ESC + "]8;;https://evil.example" + ST + "a good day" + ESC + "]8;;" + ST  # OSC 8
TITLE_BEL = ESC + "]0;pwned" + BEL  # window title, BEL-terminated
TITLE_ST = ESC + "]2;owned by an article" + ST  # window title, ST-terminated
RESET = ESC + "c"  # full terminal reset
CLEAR = ESC + "[2J"
HOME = ESC + "[H"
UP = ESC + "[10A"
C1_CSI = "\x9b31m"  # one-byte CSI: red, on terminals that take C1
C1_OSC = "\x9d0;c1 title\x9c"
DCS = ESC + "P+q544e" + ST  # a DCS request the terminal answers into stdin
DEL = "\x7f"
NUL = "\x00"
RLO = "\u202e"  # right-to-left override
PDF = "\u202c"
LRI = "\u2066"  # left-to-right isolate
PDI = "\u2069"
LINK_MARKUP = "[link=https://evil.example]click[/link]"

HEADLINE = f"{TITLE_BEL}Brown [bold red]warns[/b] of {RLO}stuc{PDF} cuts{TITLE_ST}"

BODY = [
    f"Chancellor Gordon Brown said on Monday that the government would spend £10bn on 85 new "
    f"schools in England.{CLIPBOARD}",
    f'"We will not let {LINK_MARKUP} anyone down in Britain,{CLEAR}" said Gordon Brown, speaking '
    f"in London. {C1_CSI}The plan{DEL} would cost 2.5% of public spending.",
    f'Tony Blair, the prime minister, told the BBC: "This is {HYPERLINK} for Britain [/b] and '
    f'for every family in it."{RESET}',
    f"Unemployment fell by 12,000 to 1.4 million{HOME}{UP} in the three months to March, the "
    f"Office for National Statistics said. {LRI}Shares in Tesco rose 3%{PDI} in London.{DCS}",
    f'{C1_OSC}Michael Howard, the Conservative leader, said the figures were "a [bold red]'
    f'disgrace[/bold red] and a con{HOME}".',
]


def attack_text(with_nul: bool = False) -> str:
    """The article: headline, blank line, body paragraphs (a NUL in the body if asked)."""
    body = list(BODY)
    if with_nul:
        body[1] = body[1].replace("The plan", f"The{NUL} plan")
    return HEADLINE + "\n\n" + "\n\n".join(body) + "\n"


def main() -> None:
    out = Path(__file__).with_name("attack.txt")
    # No NUL here: the reader refuses a UTF-8 file with NUL bytes as binary (tested apart).
    out.write_bytes(attack_text().encode("utf-8"))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
