"""Table cells never break inside a word (issue 21: «St at us», «Hende lse» at 1366 px).

`overflow-wrap: anywhere` and `word-break: break-all` (or the legacy `break-word`) let the
browser size a table column down to one letter, so it splits Norwegian words anywhere. The
rule, read from the served style sheets: our own style sheet has none of them at all (an
element inherits them into the tables it holds), and no rule of Designsystemet's that
reaches a table or its cells has them either. A table too wide scrolls in .tabellramme."""

from __future__ import annotations

import re
from pathlib import Path

import tilskudd_flow.web

STATISK = Path(tilskudd_flow.web.__file__).parent / "statisk"
EGEN = STATISK / "stil.css"
DESIGNSYSTEMET = STATISK / "designsystemet" / "index.css"
ORDBRUDD = re.compile(
    r"(overflow-wrap|word-wrap)\s*:\s*anywhere|word-break\s*:\s*(break-all|break-word)", re.I
)
TABELL = re.compile(r"(^|[\s,>+~(])(table|td|th|tr|tbody|thead|tfoot|caption)\b|\.ds-table")


def regler(css: str) -> list[tuple[str, str]]:
    """(selector, declarations) of every innermost rule, comments left out."""
    uten = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return [(m[1].strip(), m[2]) for m in re.finditer(r"([^{};]+)\{([^{}]*)\}", uten)]


def ordbrudd(css: str, *, bare_tabeller: bool) -> list[str]:
    return [
        velger
        for velger, deklarasjoner in regler(css)
        if ORDBRUDD.search(deklarasjoner) and (not bare_tabeller or TABELL.search(velger))
    ]


def test_our_style_sheet_never_lets_a_word_break_anywhere() -> None:
    assert ordbrudd(EGEN.read_text(encoding="utf-8"), bare_tabeller=False) == []


def test_no_designsystemet_rule_on_tables_breaks_words() -> None:
    assert ordbrudd(DESIGNSYSTEMET.read_text(encoding="utf-8"), bare_tabeller=True) == []


def test_table_cells_set_word_breaking_back_to_normal() -> None:
    celler = [d for v, d in regler(EGEN.read_text(encoding="utf-8")) if v == "th, td"]
    assert celler and "overflow-wrap: normal" in celler[0] and "word-break: normal" in celler[0]


def test_the_check_finds_the_rules_that_split_words_mid_word() -> None:
    gammel = "th, td { padding: 0; overflow-wrap: anywhere; }\n.x td { word-break: break-all }"
    assert ordbrudd(gammel, bare_tabeller=True) == ["th, td", ".x td"]
    assert ordbrudd("@media print { .a { overflow-wrap:anywhere } }", bare_tabeller=False) == [".a"]
    assert ordbrudd(".a { overflow-wrap: break-word }", bare_tabeller=False) == []


def test_designsystemets_tag_which_splits_words_is_set_back_to_whole_words() -> None:
    """A status tag sits in a table cell; its own `word-break: break-word` split «Tilde|lt»."""
    ds = regler(DESIGNSYSTEMET.read_text(encoding="utf-8"))
    assert any(v == ".ds-tag" and ORDBRUDD.search(d) for v, d in ds)
    egne = regler(EGEN.read_text(encoding="utf-8"))
    assert any(v == ".ds-tag" and "word-break: normal" in d for v, d in egne)
