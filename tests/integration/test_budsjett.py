"""Field 11 whole through the søknad file and the CLI (#19): the budget table, contributions
and plans reach the case, the søknad PDF in the package for Helse Nord, the ranked list
(XLSX) and the Noark 5 extraction, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import shutil
import tomllib
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from pypdf import PdfReader

from tests.conftest import Cli
from tests.ssu_saker import registrer_ssu_saker_cli
from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.demo.data import SOKNADSMAPPE, Demosammendrag
from tilskudd_flow.dokumenter.noark5 import valider_uttrekk
from tilskudd_flow.models.soknad import Soknad
from tilskudd_flow.motor.tilgang import hent_aktor
from tilskudd_flow.soknader.oversending import (
    LISTE_XLSX,
    SOKNADER_ZIP,
    pakkefil,
    send_til_helse_nord,
)
from tilskudd_flow.soknader.soknader import lagre_soknad
from tilskudd_flow.soknader.soknadsfil import les_soknadsfil

SEKR = "samhandlingssjef"
SYKEPLEIER = 3  # the demo's Helgelandssykepleier: 2 MNOK a year over five years
TABELLRAD = "Lønn prosjektleder 900 000 900 000 900 000 900 000 900 000 4 500 000"
SUMRAD = "Sum 2 000 000 2 000 000 2 000 000 2 000 000 2 000 000 10 000 000"


def pdftekst(innhold: bytes) -> str:
    return "\n".join(side.extract_text() for side in PdfReader(io.BytesIO(innhold)).pages)


def test_the_case_shows_field_11_whole(cli: Cli, demo: Demosammendrag) -> None:
    detaljer = cli.json("sak", "vis", str(SYKEPLEIER), "--json", som=SEKR)["detaljer"]
    assert detaljer["Totalkostnad"] == "kr 32 000 000"
    assert detaljer["Søkt totalt"] == "kr 10 000 000"
    assert detaljer["Søkt andel av totalkostnaden"] == "31 %"
    budsjett: dict[str, Any] = detaljer["Budsjettabell"]
    assert budsjett["kolonner"][0] == "Kostnadspost" and len(budsjett["rader"]) == 3
    assert budsjett["sumrader"][0][-1] == "10 000 000"
    assert detaljer["Hvilke ressurser bidrar kommunen(e) med?"] == "Praksisplasser og veiledere."
    assert detaljer["Finansieringsplan ved evt. videreføring"].startswith("Etter prosjektperioden")


def test_the_package_for_helse_nord_carries_the_budget_in_the_pdf_and_the_spreadsheet(
    app: App, cli: Cli, demo: Demosammendrag, klokke: FixedClock
) -> None:
    cli.vurder(2, 3, 4, 5)
    registrer_ssu_saker_cli(cli, "Sak 31-2025", som=SEKR)
    cli.ok("runde", "prioriter", "2026", "--vedtak", "Sak 31-2025", "--plass", "3=regional",
           "--plass", "2=begge", som=SEKR, naa="2025-10-22T12:00")  # fmt: skip
    klokke.set(datetime(2025, 10, 28, 9, 0, tzinfo=UTC))
    pakke = send_til_helse_nord(2026, uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    with app.uow(skriv=False) as uow:
        aktor = hent_aktor(uow.session, SEKR)
        xlsx = pakkefil(uow.session, app.miljo, aktor, pakke.id, LISTE_XLSX).read_bytes()
        soknader = pakkefil(uow.session, app.miljo, aktor, pakke.id, SOKNADER_ZIP).read_bytes()

    ark = load_workbook(io.BytesIO(xlsx)).active
    assert ark is not None
    overskrift = [c.value for c in ark[4]]
    rader = {r[1].value: r for r in ark.iter_rows(min_row=5) if r[0].value is not None}
    assert rader["RS-3"][overskrift.index("Totalkostnad (kr)")].value == 32_000_000
    assert rader["RS-3"][overskrift.index("Søkt andel av totalkostnad")].value == 0.3125
    assert rader["RS-2"][overskrift.index("Totalkostnad (kr)")].value == 14_500_000

    with zipfile.ZipFile(io.BytesIO(soknader)) as pakken:
        [navn] = [
            n for n in pakken.namelist() if n.startswith("01 RS-3") and n.endswith("/søknad.pdf")
        ]
        tekst = pdftekst(pakken.read(navn))
    assert "Budsjett per kostnadspost og år (kr)" in tekst
    assert TABELLRAD in tekst and SUMRAD in tekst
    assert "kr 32 000 000" in tekst and "31 %" in tekst
    assert "Hvilke ressurser bidrar helseforetaket med?" in tekst
    assert "Finansieringsplan ved evt. videreføring" in tekst


def test_the_noark_5_extraction_holds_the_budget_and_validates(
    cli: Cli, demo: Demosammendrag, tmp_path: Path
) -> None:
    zip_fil = tmp_path / "uttrekk.zip"
    cli.ok("arkivuttrekk", f"RS-{SYKEPLEIER}", "--ut", str(zip_fil), som=SEKR)
    zipfile.ZipFile(zip_fil).extractall(tmp_path / "uttrekk")
    assert valider_uttrekk(tmp_path / "uttrekk") == []
    [oversikt] = (tmp_path / "uttrekk").rglob("*Saksoversikt.pdf")
    tekst = pdftekst(oversikt.read_bytes())
    assert TABELLRAD in tekst and SUMRAD in tekst and "31 %" in tekst
    # The app's own PDFs are declared as what they are, PDF/A-2u (#21).
    arkivstruktur = (tmp_path / "uttrekk" / "arkivstruktur.xml").read_text("utf-8")
    assert "<format>fmt/478</format>" in arkivstruktur


def test_budget_lines_that_do_not_add_up_are_refused_at_send_in_and_nothing_is_stored(
    cli: Cli, demo: Demosammendrag, tmp_path: Path
) -> None:
    dokument = tomllib.loads((SOKNADSMAPPE / "helgelandssykepleier.toml").read_text("utf-8"))
    dokument["budsjett"]["linjer"][0]["belop"] = "kr 700 000"
    del dokument["budsjett"]["kommunens_ressurser"]
    shutil.copytree(SOKNADSMAPPE / "vedlegg", tmp_path / "vedlegg")
    fil = tmp_path / "soknad.json"
    fil.write_text(json.dumps(dokument), encoding="utf-8")
    for_innsending = len(cli.json("saker", som=SEKR))
    svar = cli("soknad", "send-inn", str(fil), som="rana.soker", naa="2025-09-20T10:00")
    assert svar.exit_code != 0
    melding = " ".join(svar.output.split())
    assert "11. Budsjett: Hvilke ressurser bidrar kommunen(e) med?" in melding
    assert ("11. Budsjett: Budsjettlinjene for 2026 summerer til kr 1 800 000, kr 200 000 "
            "mindre enn søkt for 2026") in melding  # fmt: skip
    assert len(cli.json("saker", som=SEKR)) == for_innsending


def test_editing_a_draft_replaces_its_budget_lines_and_total_cost(
    app: App, demo: Demosammendrag
) -> None:
    fil = les_soknadsfil(SOKNADSMAPPE / "helgelandssykepleier.toml")
    fil.prosjektnavn = "Helgelandssykepleier, utkast"
    sak_id = lagre_soknad(fil, sak_id=None, vedlegg=[], send_inn=False, uow=app.uow(),
                          miljo=app.miljo, brukernavn="rana.soker")  # fmt: skip
    endret = fil.model_copy(deep=True)
    endret.budsjett.linjer = endret.budsjett.linjer[:3]
    endret.budsjett.totalkostnad = ""
    lagre_soknad(endret, sak_id=sak_id, vedlegg=[], send_inn=False, uow=app.uow(),
                 miljo=app.miljo, brukernavn="rana.soker")  # fmt: skip
    with app.uow(skriv=False) as uow:
        soknad = uow.session.get(Soknad, sak_id)
        assert soknad is not None
        assert [linje.kostnadspost for linje in soknad.budsjettlinjer] == [
            "Lønn prosjektleder", "Kompetansetiltak", "Reise og samlinger"]  # fmt: skip
        assert (soknad.totalkostnad_ore, soknad.totalkostnad_tekst) == (None, "")
