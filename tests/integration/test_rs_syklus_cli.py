"""Through the CLI alone: RS-søknader through every state, history and outbox checked."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from tests.conftest import Cli
from tests.ssu_saker import registrer_ssu_saker_cli
from tilskudd_flow.demo.data import SOKNADSMAPPE

SEKR = "samhandlingssjef"
SEKRETARIATET = "samhandling@helgelandssykehuset.example"
KONTAKTER_FREMTIDENS = {
    "karin.ingebrigtsen@vefsn.kommune.example",
    "marit.osima@vefsn.kommune.example",
    "merete.aufles@helgelandssykehuset.example",
}


def _send_inn(cli: Cli, fil: str, som: str) -> int:
    ut = cli.ok("soknad", "send-inn", str(SOKNADSMAPPE / fil), som=som, naa="2025-09-20T10:00")
    return int(ut.rsplit("sak ", 1)[1].rstrip(".\n"))


def _hendelse(cli: Cli, sak: int, hendelse: str, *valg: str, som: str = SEKR, naa: str) -> Any:
    return cli.json("sak", "hendelse", str(sak), hendelse, *valg, som=som, naa=naa)


def _utboks(cli: Cli, sak: int) -> list[dict[str, Any]]:
    rader: list[dict[str, Any]] = cli.json("utboks", "liste", "--sak", str(sak), som=SEKR)
    return rader


def _mottakere(rader: list[dict[str, Any]], mal: str) -> set[str]:
    return {r["til_adresse"] for r in rader if r["mal"] == mal}


def test_a_soknad_goes_through_every_state_to_rapportert(cli: Cli) -> None:
    cli.ok("demo", "last")
    registrer_ssu_saker_cli(cli, "Sak 30-2025")
    sak = _send_inn(cli, "fremtidens-pasientforlop.toml", "vefsn.soker")
    assert cli.json("sak", "vis", str(sak), som=SEKR)["sak"]["tilstand"] == "mottatt"
    utboks = _utboks(cli, sak)
    assert _mottakere(utboks, "rs_soknad/kvittering") == KONTAKTER_FREMTIDENS
    assert _mottakere(utboks, "rs_soknad/ny_soknad") == {SEKRETARIATET}

    _hendelse(
        cli,
        sak,
        "vurder",
        "-f",
        "vurdering=Komplett og innenfor ordningen.",
        naa="2025-10-06T09:00",
    )
    overganger = cli.json(
        "runde",
        "prioriter",
        "2026",
        "--vedtak",
        "Sak 30-2025",
        "--plass",
        f"{sak}=regional",
        som=SEKR,
        naa="2025-10-22T12:00",
    )
    assert (overganger[0]["sak_id"], overganger[0]["til"]) == (sak, "prioritert")
    _hendelse(cli, sak, "oversend", naa="2025-10-31T09:00")
    _hendelse(
        cli,
        sak,
        "registrer_tildeling_helse_nord",
        "-f",
        "belop=2026: kr 3 105 000; 2027: kr 3 105 000; 2028: kr 3 105 000",
        "-f",
        "vedtak=Helse Nord juni 2026",
        naa="2026-06-15T09:00",
    )
    # The reports came by e-mail: the sekretariat registers them, saying so (the project
    # itself can only deliver them with their files, on the report page).
    epost = ("-k", "Mottatt per e-post og arkivert")
    for naa in ("2027-02-20T09:00", "2028-02-25T09:00"):
        _hendelse(cli, sak, "registrer_rapport", *epost, naa=naa)
    siste = _hendelse(cli, sak, "motta_sluttrapport", *epost, naa="2029-03-20T09:00")
    assert siste["til"] == "rapportert"

    historikk = cli.json("sak", "historikk", str(sak), som=SEKR)
    assert [(r["hendelse"], r["til"]) for r in historikk] == [
        ("opprett", "utkast"),
        ("send_inn", "mottatt"),
        ("vurder", "vurdert"),
        ("prioriter", "prioritert"),
        ("oversend", "oversendt"),
        ("registrer_tildeling_helse_nord", "tildelt"),
        ("registrer_rapport", "tildelt"),
        ("registrer_rapport", "tildelt"),
        ("motta_sluttrapport", "rapportert"),
    ]
    per_mal = Counter(r["mal"] for r in _utboks(cli, sak))
    assert per_mal == {
        "rs_soknad/kvittering": 3,
        "rs_soknad/ny_soknad": 1,
        "rs_soknad/vurdert": 3,
        "rs_soknad/prioritert": 3,
        "rs_soknad/oversendt": 3,
        "rs_soknad/tildelt": 4,
        "rs_soknad/rapport_mottatt": 8,
        "rs_soknad/rapportert": 4,
    }
    assert _mottakere(_utboks(cli, sak), "rs_soknad/rapportert") == KONTAKTER_FREMTIDENS | {
        SEKRETARIATET
    }
    visning = cli.json("sak", "vis", str(sak), som=SEKR)
    assert visning["mulige_hendelser"] == []
    assert visning["detaljer"]["Tildelinger"] == [
        f"{aar}: kr 3 105 000 (regional ordning)" for aar in (2026, 2027, 2028)
    ]


def test_the_side_exits_real_cases_take(cli: Cli) -> None:
    cli.ok("demo", "last")
    registrer_ssu_saker_cli(cli, "Sak 30-2025")
    rehab = _send_inn(cli, "ambulant-rehabilitering.toml", "bronnoy.soker")
    kols = _send_inn(cli, "kols-oppfolging.toml", "rana.soker")
    sykepleier = _send_inn(cli, "helgelandssykepleier.toml", "rana.soker")
    fremtidens = _send_inn(cli, "fremtidens-pasientforlop.toml", "vefsn.soker")

    mangelfull = _hendelse(
        cli,
        rehab,
        "returner_som_mangelfull",
        "-k",
        "Mangler budsjett per år.",
        naa="2025-10-02T09:00",
    )
    assert mangelfull["til"] == "mangelfull"
    mangel_epost = [r for r in _utboks(cli, rehab) if r["mal"] == "rs_soknad/mangelfull"]
    assert {r["til_adresse"] for r in mangel_epost} == {
        "ola.nordvik@bronnoy.kommune.example",
        "siri.hammer@helgelandssykehuset.example",
    }
    melding = cli.json("utboks", "vis", str(mangel_epost[0]["id"]), som=SEKR)
    assert "Mangler budsjett per år." in melding["tekst"]
    _hendelse(cli, rehab, "komplettert", som="bronnoy.soker", naa="2025-10-03T09:00")
    _hendelse(cli, rehab, "avvis", "-k", "Ikke en felles søknad.", naa="2025-10-06T09:00")
    _hendelse(cli, kols, "trekk", som="rana.soker", naa="2025-10-06T09:00")

    for sak in (sykepleier, fremtidens):
        _hendelse(cli, sak, "vurder", "-f", "vurdering=Ok", naa="2025-10-06T09:00")
    cli.ok(
        "runde",
        "prioriter",
        "2026",
        "--vedtak",
        "Sak 30-2025",
        "--plass",
        f"{fremtidens}=begge",
        som=SEKR,
        naa="2025-10-22T12:00",
    )
    _hendelse(cli, fremtidens, "oversend", naa="2025-10-31T09:00")
    _hendelse(
        cli,
        fremtidens,
        "registrer_avslag_helse_nord",
        "-f",
        "vedtak=Helse Nord",
        naa="2026-06-15T09:00",
    )

    tilstander = {r["id"]: r["tilstand"] for r in cli.json("saker", som=SEKR)}
    assert tilstander[rehab] == "avvist"
    assert tilstander[kols] == "trukket"
    assert tilstander[sykepleier] == "ikke_prioritert"
    assert tilstander[fremtidens] == "ikke_tildelt"
    takk = _utboks(cli, fremtidens)[-1]
    assert takk["mal"] == "rs_soknad/avslag_helse_nord"


def test_the_applicants_file_is_kept_as_written_and_amounts_in_ore(
    cli: Cli, tmp_path: Path
) -> None:
    cli.ok("demo", "last")
    sak = _send_inn(cli, "helgelandssykepleier.toml", "rana.soker")
    detaljer = cli.json("sak", "vis", str(sak), som=SEKR)["detaljer"]
    assert detaljer["Søkt beløp"] == "2 millioner per år over 5 år, totalt 10 millioner"
    assert detaljer["Søkt per år"][0].startswith("2026: kr 2 000 000")
    assert len(detaljer["Søkt per år"]) == 5
    assert detaljer["Dato for signert avtale om felles søknad (legges ved)"] == "28.2.2025"


def test_the_local_pot_shows_carry_over_earmarks_and_awards(cli: Cli) -> None:
    cli.ok("demo", "last")
    registrer_ssu_saker_cli(cli, "Sak 30-2025")
    sak = _send_inn(cli, "kols-oppfolging.toml", "rana.soker")
    _hendelse(cli, sak, "vurder", "-f", "vurdering=Ok", naa="2025-10-06T09:00")
    cli.ok(
        "runde",
        "prioriter",
        "2026",
        "--vedtak",
        "Sak 30-2025",
        "--plass",
        f"{sak}=lokal",
        som=SEKR,
        naa="2025-10-22T12:00",
    )
    _hendelse(
        cli,
        sak,
        "tildel_lokalt",
        "-f",
        "belop=2026: Kr. 500.000, -",
        "-f",
        "vedtak=Sak 30-2025",
        naa="2025-10-22T13:00",
    )
    potter = {p["ordning"]: p for p in cli.json("runde", "potter", "2026", som=SEKR)}
    lokal = potter["lokal"]
    assert (lokal["ramme_ore"], lokal["overfort_ore"]) == (500_000_000, 280_000_000)
    assert lokal["oremerket_ore"] == 150_000_000  # licence 500 000 and coordinator 1 MNOK
    assert lokal["tildelt_ore"] == 50_000_000
    assert lokal["gjenstaar_ore"] == 500_000_000 + 280_000_000 - 150_000_000 - 50_000_000
    assert potter["regional"]["tildelt_ore"] == 0


def test_a_case_is_named_by_its_number_or_its_reference_in_every_command(cli: Cli) -> None:
    cli.ok("demo", "last")
    sak = _send_inn(cli, "fremtidens-pasientforlop.toml", "vefsn.soker")
    for skrevet in (str(sak), f"RS-{sak}", f"rs-{sak}", f" RS-{sak} "):
        assert cli.json("sak", "vis", skrevet, som=SEKR)["sak"]["referanse"] == f"RS-{sak}"
    overgang = cli.json("sak", "hendelse", f"RS-{sak}", "vurder", "-f", "vurdering=God.",
                        som=SEKR, naa="2025-10-02T09:00")  # fmt: skip
    assert (overgang["sak_id"], overgang["til"]) == (sak, "vurdert")
    historikk = cli.json("sak", "historikk", f"RS-{sak}", som=SEKR)
    assert [r["hendelse"] for r in historikk][-1] == "vurder"
    assert _utboks(cli, sak) == cli.json("utboks", "liste", "--sak", f"RS-{sak}", som=SEKR)
    assert _utboks(cli, sak)
