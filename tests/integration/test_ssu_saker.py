"""SSU's saker from the command line: numbers per year in any written form, no duplicates."""

from __future__ import annotations

import re
import threading

import sqlalchemy as sa

from tests.conftest import Cli
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.domain.feil import Saksfeil
from tilskudd_flow.domain.kodeverk import Sakstype
from tilskudd_flow.ssu.ssu_saker import SsuSakVisning, registrer_ssu_sak

SEKR = "samhandlingssjef"
NAA = "2025-09-01T10:00"


def ny(cli: Cli, tittel: str, *valg: str) -> dict[str, object]:
    svar = cli.json("ssu-sak", "ny", tittel, "--type", "beslutningssak", *valg, som=SEKR, naa=NAA)
    assert isinstance(svar, dict)
    return svar


def antall_saker(app: App) -> int:
    with app.engine.connect() as tilkobling:
        return int(tilkobling.execute(sa.text("SELECT count(*) FROM ssu_sak")).scalar_one())


def test_saker_are_numbered_per_year_and_a_given_number_is_kept(
    cli: Cli, demo: Demosammendrag
) -> None:
    assert ny(cli, "Godkjenning av innkalling og saksliste")["saksnummer"] == "Sak 1-2025"
    assert ny(cli, "Rekrutterings- og samhandlingstilskudd", "--nummer", "Sak 23-2025",
              "--gjelder", "RS-2", "--gjelder", "FSU-1")["gjelder"] == [
        "RS-2 Fremtidens pasientforløp: Enhet for samhandling og digital oppfølging Helgeland",
        "FSU-1 FSU Digitale helsetjenester og e-helseløsninger",
    ]  # fmt: skip
    assert ny(cli, "Orientering fra FSU-ene")["saksnummer"] == "Sak 24-2025"
    assert ny(cli, "Handlingsplan 2026–2028", "--nummer", "10/25")["saksnummer"] == "Sak 10-2025"
    neste_aar = cli.json("ssu-sak", "ny", "Årsrapport", "--type", "orienteringssak", som=SEKR,
                         naa="2026-01-15T10:00")  # fmt: skip
    assert neste_aar["saksnummer"] == "Sak 1-2026"

    kort = cli.ok("ssu-sak", "liste", "--aar", "2025", "--form", "kort", som="ssu.medlem")
    assert re.findall(r"\b\d+/25\b", kort) == ["1/25", "10/25", "23/25", "24/25"]
    assert "Sak 1-2026" not in kort and "1/26" not in kort


def test_a_number_used_twice_is_refused_naming_who_has_it_and_nothing_is_saved(
    app: App, cli: Cli, demo: Demosammendrag
) -> None:
    ny(cli, "Rekrutterings- og samhandlingstilskudd", "--nummer", "Sak 23-2025")
    for skrevet in ("23/2025", "23/25"):
        resultat = cli("ssu-sak", "ny", "Noe annet", "--type", "droftingssak",
                       "--nummer", skrevet, som=SEKR, naa=NAA)  # fmt: skip
        assert resultat.exit_code == 1
        assert resultat.stderr.strip() == (
            "feil: Sak 23-2025 er allerede brukt av «Rekrutterings- og samhandlingstilskudd». "
            "Neste ledige nummer er Sak 24-2025."
        )
    assert antall_saker(app) == 1


def test_bad_input_is_explained_and_saves_nothing(app: App, cli: Cli, demo: Demosammendrag) -> None:
    for valg, melding in (
        (("--nummer", "Sak 23"), "«Sak 23» er ikke et saksnummer"),
        (("--gjelder", "RS-999"), "finner ingen sak «RS-999»"),
        (("--type", "vedtakssak"), "må være orienteringssak, droftingssak eller beslutningssak"),
    ):
        argumenter = ["ssu-sak", "ny", "En sak", *valg]
        if "--type" not in valg:
            argumenter += ["--type", "beslutningssak"]
        resultat = cli(*argumenter, som=SEKR, naa=NAA)
        assert resultat.exit_code == 1, resultat.stdout
        assert melding in resultat.stderr
    assert cli("ssu-sak", "ny", "Søkerens sak", "--type", "beslutningssak", som="vefsn.soker",
               naa=NAA).exit_code == 1  # fmt: skip
    assert cli("ssu-sak", "liste", som="vefsn.soker").exit_code == 1
    assert antall_saker(app) == 0


def test_two_taking_the_same_number_at_once_one_gets_it(app: App, demo: Demosammendrag) -> None:
    barriere = threading.Barrier(2, timeout=30)
    resultater: list[SsuSakVisning | Saksfeil] = []

    def registrer(tittel: str) -> None:
        barriere.wait()
        try:
            resultater.append(registrer_ssu_sak(tittel=tittel, type_=Sakstype.BESLUTNINGSSAK,
                                                nummer="Sak 30-2025", uow=app.uow(),
                                                miljo=app.miljo, brukernavn=SEKR))  # fmt: skip
        except Saksfeil as feil:  # the database's unique key, or the check before it
            resultater.append(feil)

    traader = [threading.Thread(target=registrer, args=(t,)) for t in ("Første", "Andre")]
    for traad in traader:
        traad.start()
    for traad in traader:
        traad.join(timeout=60)

    avvist = [r for r in resultater if isinstance(r, Saksfeil)]
    assert len(resultater) == 2 and len(avvist) == 1
    assert "Sak 30-2025 er allerede brukt av «" in str(avvist[0])
    assert antall_saker(app) == 1
