"""Go-live from the shipped Helgeland file on a fresh installation: parties, the six FSUs,
the avtaler with accession; duplicate persons merged and reported; the FSU without a
brukerrepresentant imported with a standing warning; a second import changes nothing."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import select

from tests.conftest import REPO, Cli
from tilskudd_flow.bootstrap import App
from tilskudd_flow.domain.feil import UgyldigDokument
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.domain.tid import OSLO
from tilskudd_flow.drift.oppstartsimport import importer, les_oppstartsfil
from tilskudd_flow.kontoer.brukere import NyBruker, opprett_bruker
from tilskudd_flow.models.frist import Frist
from tilskudd_flow.motor.audit import forste_brudd
from tilskudd_flow.motor.helsefellesskap import opprett_helsefellesskap
from tilskudd_flow.motor.planlegger import Planlegger
from tilskudd_flow.motor.tilgang import hent_aktor
from tilskudd_flow.samarbeid.avtaler import list_avtaler, tiltredelsesstatus
from tilskudd_flow.samarbeid.fsu import list_fsu
from tilskudd_flow.soknader.oppstart_prosjekter import FOR_OPPSTART

PASIENTFORLOP = "Fremtidens pasientforløp: Enhet for samhandling og digital oppfølging Helgeland"
FIL = REPO / "tilskudd_flow" / "demo" / "oppstart" / "helgeland.toml"
SEKR = "samhandlingssjef"
TABELLER = ["part", "person", "workflow_case", "fsu_medlem", "avtale", "avtale_versjon",
            "tiltredelse", "audit_entry", "soknadsrunde", "soknad", "soknad_kontakt",
            "tildeling", "rapportkrav", "frist", "planlagt_jobb"]  # fmt: skip


@pytest.fixture
def installert(app: App) -> App:
    """A fresh installation: the helsefellesskap and its first sekretariat user, nothing else."""
    naa = app.miljo.klokke.now()
    with app.uow() as uow:
        hf = opprett_helsefellesskap(uow.session, kode="helgeland",
                                     navn="Helsefellesskap Helgeland",
                                     systemepost="samhandling@helgelandssykehuset.example",
                                     naa=naa)  # fmt: skip
        opprett_bruker(uow.session, aktor=None, helsefellesskap_id=hf.id or 0, naa=naa,
                       innstillinger=app.innstillinger, ny=NyBruker(SEKR, "Samhandlingssjef HSYK",
                                   "samhandlingssjef@helgelandssykehuset.example",
                                   (Rolle.SEKRETARIAT,)))  # fmt: skip
        uow.commit()
    return app


def antall(app: App) -> dict[str, int]:
    with app.engine.connect() as tilkobling:
        return {t: tilkobling.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar_one()
                for t in TABELLER}  # fmt: skip


def sporring(app: App, sql: str, **parametre: object) -> list[tuple[object, ...]]:
    with app.engine.connect() as tilkobling:
        return [tuple(rad) for rad in tilkobling.execute(sa.text(sql), parametre)]


def test_the_go_live_file_imports_and_a_second_import_changes_nothing(installert: App) -> None:
    app = installert
    rapport = importer(les_oppstartsfil(FIL), uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    assert rapport.uendret == []
    assert [r for r in rapport.opprettet if r.startswith("FSU-")] == [
        "FSU-1 FSU Tjenesteavtaler (avsluttet)",
        "FSU-2 FSU Akuttmedisinsk samarbeid (aktiv)",
        "FSU-3 FSU Pakkeforløp hjem – kreft (aktiv)",
        "FSU-4 FSU Digitale helsetjenester og e-helseløsninger (aktiv)",
        "FSU-5 FSU Utdanning, rekruttering og stabilisering (aktiv)",
        "FSU-6 FSU Rehabilitering (konstituert)",
    ]
    assert [s.split(" ←")[0] for s in rapport.sammenslatt] == [
        "«Kari M. Nordmann» (Rådgiver, kari.nordmann@helgelandssykehuset.example)",
        "«Ola Hansen» (Kommunalsjef helse, omsorg og velferd, ola.hansen@vefsn.kommune.example)",
        "«Lars A. Lege» (Fastlege og praksiskonsulent, lars.lege@rana-legesenter.example)",
    ]  # Ola Hansen's title is his line as a project's contact person, the file's last
    assert rapport.advarsler == [
        "FSU Digitale helsetjenester og e-helseløsninger mangler brukerrepresentant",
        f"RS-8 {PASIENTFORLOP}: Statusrapport til SSU 10.09.2025 forfalt før oppstart og er "
        "ikke mottatt",
    ]
    for_import = antall(app)
    assert for_import["part"] == 19 and for_import["fsu_medlem"] == 21
    assert for_import["person"] == 15  # 21 member lines and 4 contact lines, 15 people

    with app.uow(skriv=False) as uow:
        aktor = hent_aktor(uow.session, SEKR)
        # The warning stands on the overview for as long as the FSU lacks its representative.
        mangler = {f.navn: f.mangler for f in list_fsu(uow.session, app.miljo, aktor=aktor)}
        assert mangler["FSU Digitale helsetjenester og e-helseløsninger"] == ["Brukerrepresentant"]
        assert mangler["FSU Akuttmedisinsk samarbeid"] == []
        # Aktiv but short (issue 19): flagged, and the sekretariat is reminded until it is fixed.
        brudd = {f.navn: (f.brudd, f.sak_id) for f in list_fsu(uow.session, app.miljo, aktor=aktor)}
        tekst, digitale = brudd["FSU Digitale helsetjenester og e-helseløsninger"]
        assert tekst == "brukerrepresentant (oppnevnes via Brukerutvalget)"
        paaminnelser = uow.session.exec(
            select(Frist.objekt_id).where(Frist.type == "fsu_fast_medlem")
        ).all()
        assert paaminnelser == [digitale]
        ta5 = next(a for a in list_avtaler(uow.session, aktor.helsefellesskap_id) if a.nummer == 5)
        status = {s.part: s.versjon for s in tiltredelsesstatus(ta5, date(2025, 6, 1))}
        assert status["Vefsn kommune"] == 2
        assert status["Rødøy kommune"] is None  # never approved version 2

    igjen = importer(les_oppstartsfil(FIL), uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    assert igjen.opprettet == [] and not igjen.endret
    assert antall(app) == for_import


def test_funded_projects_come_in_tildelt_and_only_deadlines_after_go_live_act(
    installert: App,
) -> None:
    app = installert
    importer(les_oppstartsfil(FIL), uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    rs = sporring(app, "SELECT tittel, state FROM workflow_case WHERE workflow = 'rs_soknad'")
    saker = {tittel: tilstand for tittel, tilstand in rs}
    [(tildelt,)] = sporring(app, "SELECT sum(t.ore) FROM tildeling t JOIN soknad s ON "
                            "s.case_id = t.soknad_id WHERE s.prosjektnavn LIKE :p",
                            p="Helgelandssykepleier%")  # fmt: skip
    for_oppstart = sporring(app, "SELECT f.nokkel FROM planlagt_jobb j JOIN frist f ON "
                            "f.id = j.frist_id WHERE j.resultat = :r ORDER BY f.nokkel",
                            r=FOR_OPPSTART)  # fmt: skip
    assert set(saker.values()) == {"tildelt"} and PASIENTFORLOP in saker
    assert tildelt == 10_000_000 * 100  # 10 MNOK over five years
    assert for_oppstart == [("rapport:8:2025-09-01",), ("rapport:8:2025-09-10",)]

    # Half a year runs: the deadlines before go-live never fire their effect; those after do.
    Planlegger(app.uow, app.miljo).kjor_til(datetime(2026, 3, 10, 12, 0, tzinfo=OSLO))
    flagget = sporring(
        app,
        "SELECT objekt_id, tidspunkt FROM audit_entry "
        "WHERE hendelse = 'flagg_forfalt_rapport' ORDER BY objekt_id",
    )
    purret = sporring(app, "SELECT DISTINCT o.til_adresse FROM outbox_message o JOIN "
                      "planlagt_jobb j ON j.id = o.jobb_id JOIN frist f ON f.id = j.frist_id "
                      "WHERE f.nokkel = :n ORDER BY 1", n="rapport:8:2025-09-10")  # fmt: skip
    assert [sak for sak, _ in flagget] == [7, 8]  # the årsrapporter due 1 March 2026
    assert all(str(tidspunkt) >= "2026-03-02" for _, tidspunkt in flagget)
    # The report overdue at go-live is still escalated to its contact persons after it.
    assert [adresse for (adresse,) in purret] == [
        "grete.mo@helgelandssykehuset.example",
        "ola.hansen@vefsn.kommune.example",
        "samhandling@helgelandssykehuset.example",  # the sekretariat (escalations: config)
    ]
    with app.uow(skriv=False) as uow:
        assert forste_brudd(uow.session, hent_aktor(uow.session, SEKR).helsefellesskap_id) is None

    for_igjen = antall(app)
    igjen = importer(les_oppstartsfil(FIL), uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    assert igjen.opprettet == [] and antall(app) == for_igjen


def test_an_imported_project_carries_its_budget_like_a_soknad_file_19(installert: App) -> None:
    app = installert
    importer(les_oppstartsfil(FIL), uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    [(kostnad, tekst, plan, linjer, sum_linjer)] = sporring(
        app, "SELECT s.totalkostnad_ore, s.sokt_tekst, s.finansieringsplan, count(b.id), "
        "sum(b.ore) FROM soknad s JOIN budsjett_rad b ON b.soknad_id = s.case_id "
        "WHERE s.prosjektnavn LIKE :p GROUP BY s.case_id, s.totalkostnad_ore, s.sokt_tekst, "
        "s.finansieringsplan", p="Helgelandssykepleier%")  # fmt: skip
    assert (kostnad, linjer, sum_linjer) == (32_000_000 * 100, 15, 10_000_000 * 100)
    assert tekst == "2 millioner per år over 5 år, totalt 10 millioner" and plan
    # A project without a budget in the file keeps what was there: nothing is invented.
    [(ingen,)] = sporring(app, "SELECT totalkostnad_ore FROM soknad WHERE prosjektnavn LIKE :p",
                          p="Fremtidens%")  # fmt: skip
    assert ingen is None


def test_a_project_in_a_round_the_file_does_not_give_is_refused(
    installert: App, tmp_path: Path
) -> None:
    fil = tmp_path / "uten-runde.toml"
    tekst = FIL.read_text(encoding="utf-8")
    fil.write_text(tekst.replace("[[runde]]\naar = 2025", "[[runde]]\naar = 2024"), "utf-8")
    for_import = antall(installert)
    with pytest.raises(UgyldigDokument, match="søknadsrunden 2025 finnes ikke"):
        importer(les_oppstartsfil(fil), uow=installert.uow(), miljo=installert.miljo,
                 brukernavn=SEKR)  # fmt: skip
    assert antall(installert) == for_import


def test_a_wrong_file_is_refused_field_by_field_and_nothing_is_stored(
    installert: App, tmp_path: Path
) -> None:
    feil = tmp_path / "feil.toml"
    tekst = FIL.read_text(encoding="utf-8")
    tekst = tekst.replace('rolle = "kommune"', 'rolle = "ordfører"', 1)
    feil.write_text(tekst.replace('kommunenummer = "1811"', 'kommunenummer = "18"'), "utf-8")
    for_import = antall(installert)
    with pytest.raises(UgyldigDokument) as avvist:
        importer(les_oppstartsfil(feil), uow=installert.uow(), miljo=installert.miljo,
                 brukernavn=SEKR)  # fmt: skip
    assert "part[0].kommunenummer" in str(avvist.value)
    assert "fsu[0].medlemmer[1].rolle" in str(avvist.value)
    assert antall(installert) == for_import


def test_control_characters_in_the_go_live_file_are_refused_by_field_17(
    installert: App, tmp_path: Path
) -> None:
    """#17: a contact name with CR/LF reaches e-mail headers; the import refuses it."""
    feil = tmp_path / "feil.toml"
    tekst = FIL.read_text(encoding="utf-8")
    tekst = tekst.replace('navn = "Knut Ranaas"', 'navn = "Knut\\r\\nBcc: x@y.no"')
    tekst = tekst.replace('navn = "Bindal kommune"', 'navn = "Bindal\\u202e kommune"')
    feil.write_text(tekst, "utf-8")
    for_import = antall(installert)
    with pytest.raises(UgyldigDokument) as avvist:
        les_oppstartsfil(feil)
    melding = str(avvist.value)
    assert "part[0].navn: Feltet kan ikke inneholde linjeskift eller kontrolltegn" in melding
    assert "prosjekt[0].kontaktpersoner[0].navn: Feltet kan ikke inneholde" in melding
    assert antall(installert) == for_import


def test_the_dry_run_on_the_command_line_stores_nothing(installert: App, cli: Cli) -> None:
    cli.ok("aarshjul", "vis", som=SEKR)  # every command's start makes the year's deadlines (#19)
    for_import = antall(installert)
    svar = cli.ok("oppstart", "importer", str(FIL), "--provekjor", som=SEKR)
    assert "Ville opprettet 70" in svar
    assert (
        "Advarsel: FSU Digitale helsetjenester og e-helseløsninger mangler brukerrepresentant"
        in svar
    )
    assert antall(installert) == for_import
