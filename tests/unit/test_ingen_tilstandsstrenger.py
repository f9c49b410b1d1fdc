"""No workflow name, state id or event id written as a string outside the workflow files
(issue 18).

A state compared as a string (`sak.state == "innkalt"`) breaks silently when the state is
renamed: the line is simply never true again; an event fired by its string fails only when
that line runs. The names each workflow file exports (`NAVN`, `Tilstand`, `Hendelse`, groups
such as `REDIGERBAR`) fail when the code is loaded instead. This test reads the code (every
module of tilskudd_flow/ but the migrations) and the templates (pages and e-mails) and lists
every string equal to a workflow name, a state id or an event id.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from jinja2 import Environment, nodes

import workflows
from tilskudd_flow.domain.arbeidsflyt import Arbeidsflyt

ROT = Path(__file__).resolve().parents[2]
KODE = ROT / "tilskudd_flow"
MALER = (KODE / "web" / "maler", ROT / "notifications")

# The same word with another meaning, per file (kept small: rename the other use if you can).
ANDRE_BETYDNINGER: dict[str, frozenset[str]] = {
    # A user account's on/off flag (`Bruker.aktiv`), a column of the user lists, and the
    # command that turns an account back on (`tilskudd bruker aktiver`, not the FSU event).
    "tilskudd_flow/cli/admin.py": frozenset({"aktiv", "aktiver"}),
    # The command `tilskudd runde prioriter`: a name users type, which must not change when
    # the event it ends in (SSU adopting the list) is renamed.
    "tilskudd_flow/cli/runder.py": frozenset({"prioriter"}),
    # A member's stored answer to an invitation (kodeverk `Oppmote.INNKALT`, in the database).
    "tilskudd_flow/domain/kodeverk.py": frozenset({"innkalt"}),
    # The table's name; tables may not import workflow files (import-linter).
    "tilskudd_flow/models/avtale.py": frozenset({"avtale_revisjon"}),
    # The command `tilskudd mote`, and `gjelder = "mote"` (counted from a meeting) in config.toml.
    "tilskudd_flow/cli/main.py": frozenset({"mote"}),
    "tilskudd_flow/config.py": frozenset({"mote"}),
    # Page words: template variables (`mote`: the meeting; `mottatt`: «your sak is received»)
    # and the codes of the «done» messages after a redirect (`?ok=innkalt`, `?utfort=vedtatt`).
    "tilskudd_flow/web/ruter_moter.py": frozenset({"innkalt", "mote"}),
    "tilskudd_flow/web/ruter_prioritering.py": frozenset({"vedtatt", "oversendt"}),
    # In ruter_soknad also the søknad form's «Send inn» button (`value="send_inn"` in
    # soknad.html): the form's word for «save and send in now», read as a yes/no.
    "tilskudd_flow/web/ruter_soknad.py": frozenset({"mote", "send_inn"}),
    "tilskudd_flow/web/ruter_ssu_saker.py": frozenset({"mote", "mottatt"}),
    # `rejectattr("avsluttet")`: the FSU overview's own yes/no attribute.
    "tilskudd_flow/web/maler/fsu.html": frozenset({"avsluttet"}),
}


def _tillatt(fil: str) -> frozenset[str]:
    return ANDRE_BETYDNINGER.get(fil, frozenset())


def _arbeidsflytmoduler() -> list[ModuleType]:
    moduler = [
        importlib.import_module(modul.name)
        for modul in pkgutil.iter_modules(workflows.__path__, prefix="workflows.")
    ]
    return [m for m in moduler if isinstance(getattr(m, "ARBEIDSFLYT", None), Arbeidsflyt)]


def _navn() -> dict[str, str]:
    """Every workflow name, state id and event id → what it is, for the failure message."""
    navn: dict[str, str] = {}
    for modul in _arbeidsflytmoduler():
        flyt: Arbeidsflyt = modul.ARBEIDSFLYT
        navn[flyt.navn] = f"arbeidsflyten {flyt.navn}"
        for tilstand in flyt.tilstander:
            navn.setdefault(tilstand, f"tilstand i {flyt.navn}")
        for hendelse in flyt.hendelser:
            navn.setdefault(hendelse, f"hendelse i {flyt.navn}")
    return navn


def _docstringer(tre: ast.Module) -> set[int]:
    definisjoner = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    return {
        id(node.body[0].value)
        for node in ast.walk(tre)
        if isinstance(node, definisjoner)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }


def _strenger_i_koden() -> Iterator[tuple[str, int, str]]:
    for fil in sorted(KODE.rglob("*.py")):
        if "migrations" in fil.relative_to(KODE).parts:
            continue
        tre = ast.parse(fil.read_text("utf-8"), filename=str(fil))
        unntatt = _docstringer(tre)
        for node in ast.walk(tre):
            if not isinstance(node, ast.Constant) or id(node) in unntatt:
                continue
            if isinstance(node.value, str):
                yield str(fil.relative_to(ROT)), node.lineno, node.value


def _strenger_i_malene() -> Iterator[tuple[str, int, str]]:
    miljo = Environment()
    for mappe in MALER:
        for fil in sorted(f for f in mappe.rglob("*") if f.suffix in {".html", ".j2"}):
            tre = miljo.parse(fil.read_text("utf-8"))
            for node in tre.find_all(nodes.Const):
                if isinstance(node.value, str):
                    yield str(fil.relative_to(ROT)), node.lineno, node.value


def _treff() -> list[tuple[str, int, str]]:
    navn = _navn()
    return [
        (fil, linje, streng)
        for fil, linje, streng in [*_strenger_i_koden(), *_strenger_i_malene()]
        if streng in navn
    ]


def test_no_workflow_name_or_state_id_is_written_as_a_string_outside_the_workflow_files() -> None:
    navn = _navn()
    funnet = [
        f"{fil}:{linje}: «{streng}» ({navn[streng]})"
        for fil, linje, streng in sorted(_treff())
        if streng not in _tillatt(fil)
    ]
    assert not funnet, (
        "Bruk navnene arbeidsflytfilen eksporterer (NAVN, Tilstand, Hendelse, gruppene), "
        "ikke strenger:\n" + "\n".join(funnet)
    )


def test_every_word_allowed_with_another_meaning_is_still_there() -> None:
    brukt = {(fil, streng) for fil, _, streng in _treff()}
    foreldet = [
        f"{fil}: «{streng}»"
        for fil, ord_ in ANDRE_BETYDNINGER.items()
        for streng in sorted(ord_)
        if (fil, streng) not in brukt
    ]
    assert not foreldet, "Fjern fra ANDRE_BETYDNINGER:\n" + "\n".join(foreldet)


@pytest.mark.parametrize("modul", _arbeidsflytmoduler(), ids=lambda m: m.__name__)
def test_each_workflow_file_exports_its_name_and_every_state(modul: ModuleType) -> None:
    flyt: Arbeidsflyt = modul.ARBEIDSFLYT
    assert flyt.navn == modul.NAVN
    assert [str(t) for t in modul.Tilstand] == flyt.tilstander


@pytest.mark.parametrize("modul", _arbeidsflytmoduler(), ids=lambda m: m.__name__)
def test_each_workflow_file_exports_every_event(modul: ModuleType) -> None:
    flyt: Arbeidsflyt = modul.ARBEIDSFLYT
    assert sorted(str(h) for h in modul.Hendelse) == sorted(flyt.hendelser)
