"""Through the CLI alone: an FSU from foreslått to aktiv; avtale revisions to i kraft."""

from __future__ import annotations

from typing import Any

from tests.conftest import Cli
from tests.latlasting import lastet_etter_skriving
from tests.ssu_saker import registrer_ssu_saker_cli

SEKR = "samhandlingssjef"

MEDLEMMER = [
    ("Lise Berg", "lise.berg@helgelandssykehuset.example", "helseforetak", "helseforetak"),
    ("Tor Aas", "tor.aas@vefsn.kommune.example", "kommune", "kommune"),
    ("Anne Brukerstad", "anne@brukerutvalget.example", "brukerrepresentant", ""),
    ("Kari Fastlege", "kari@legekontor.example", "fastlegerepresentant", "kommune"),
]


def _hendelse(cli: Cli, sak: int, hendelse: str, *felt: str, naa: str = "2025-11-25T10:00") -> Any:
    """The event through the CLI; it loads what it reads before it writes (issue 22)."""
    valg = [v for f in felt for v in ("-f", f)]
    with lastet_etter_skriving() as sent_lastet:
        svar = cli.json("sak", "hendelse", str(sak), hendelse, *valg, som=SEKR, naa=naa)
    assert sent_lastet == [], hendelse
    return svar


def _feil(cli: Cli, sak: int, hendelse: str, *felt: str) -> str:
    valg = [v for f in felt for v in ("-f", f)]
    resultat = cli("sak", "hendelse", str(sak), hendelse, *valg, som=SEKR, naa="2025-11-25T10:00")
    assert resultat.exit_code == 1
    return resultat.stderr


def _ny_fsu(cli: Cli) -> int:
    ut = cli.ok("fsu", "foreslaa", "--navn", "FSU Rehabilitering", "--type", "fast", som=SEKR)
    return int(ut.rsplit("sak ", 1)[1].rstrip(".\n"))


def _medlem(cli: Cli, sak: int, navn: str, epost: str, rolle: str, side: str) -> None:
    _hendelse(
        cli,
        sak,
        "legg_til_medlem",
        f"navn={navn}",
        f"epost={epost}",
        f"rolle={rolle}",
        f"side={side}",
    )


def test_an_fsu_goes_from_foreslatt_to_aktiv(cli: Cli) -> None:
    cli.ok("demo", "last")
    registrer_ssu_saker_cli(cli, "Sak 25-2025")
    fsu = _ny_fsu(cli)
    _hendelse(
        cli,
        fsu,
        "oppnevn",
        "vedtak=Sak 25-2025",
        "ansvarlig_navn=Interkommunal samhandlingsleder",
        "ansvarlig_epost=samhandlingsleder@helgeland.kommune.example",
    )
    _hendelse(cli, fsu, "vedta_mandat", "mandat=Utvalget skal samordne rehabilitering.")
    for medlem in MEDLEMMER:
        _medlem(cli, fsu, *medlem)
    _hendelse(cli, fsu, "bemann")
    _hendelse(
        cli,
        fsu,
        "konstituer",
        f"leder={MEDLEMMER[0][1]}",
        f"nestleder={MEDLEMMER[1][1]}",
        naa="2026-01-21T10:00",
    )
    assert _hendelse(cli, fsu, "aktiver")["til"] == "aktiv"

    historikk = [r["hendelse"] for r in cli.json("sak", "historikk", str(fsu), som=SEKR)]
    assert historikk == ["opprett", "oppnevn", "vedta_mandat"] + ["legg_til_medlem"] * 4 + [
        "bemann",
        "konstituer",
        "aktiver",
    ]
    utboks = cli.json("utboks", "liste", "--sak", str(fsu), som=SEKR)
    velkommen = {r["til_adresse"] for r in utboks if r["mal"] == "fsu_etablering/medlem_oppnevnt"}
    assert velkommen == {m[1] for m in MEDLEMMER}
    konstituert = {r["til_adresse"] for r in utboks if r["mal"] == "fsu_etablering/konstituert"}
    assert konstituert == {m[1] for m in MEDLEMMER} | {"samhandling@helgelandssykehuset.example"}
    oppnevnt = {r["til_adresse"] for r in utboks if r["mal"] == "fsu_etablering/oppnevnt"}
    assert oppnevnt == {
        "samhandling@helgelandssykehuset.example",
        "ssu.leder@vefsn.kommune.example",
        "ssu.medlem@helgelandssykehuset.example",
    }
    detaljer = cli.json("sak", "vis", str(fsu), som=SEKR)["detaljer"]
    assert any("Lise Berg – helseforetak, leder" in m for m in detaljer["Medlemmer"])
    assert detaljer["Ansvarlig i sekretariatet"] == (
        "Interkommunal samhandlingsleder <samhandlingsleder@helgeland.kommune.example>"
    )


def test_an_fsu_without_a_brukerrepresentant_cannot_be_konstituert(cli: Cli) -> None:
    cli.ok("demo", "last")
    registrer_ssu_saker_cli(cli, "Sak 25-2025")
    fsu = _ny_fsu(cli)
    _hendelse(cli, fsu, "oppnevn", "vedtak=Sak 25-2025")
    _hendelse(cli, fsu, "vedta_mandat", "mandat=Mandat.")
    for medlem in MEDLEMMER:
        if medlem[2] != "brukerrepresentant":
            _medlem(cli, fsu, *medlem)
    assert "mangler brukerrepresentant" in _feil(cli, fsu, "bemann")

    _medlem(cli, fsu, *MEDLEMMER[2])
    _hendelse(cli, fsu, "bemann")
    cli.ok(
        "sak",
        "hendelse",
        str(fsu),
        "fjern_medlem",
        "-f",
        f"epost={MEDLEMMER[2][1]}",
        "-k",
        "Trakk seg",
        som=SEKR,
    )
    melding = _feil(
        cli, fsu, "konstituer", f"leder={MEDLEMMER[0][1]}", f"nestleder={MEDLEMMER[1][1]}"
    )
    assert melding.startswith(
        "feil: FSU-et mangler brukerrepresentant (oppnevnes via Brukerutvalget)"
    )
    assert melding.count("\n") == 1
    assert cli.json("sak", "vis", str(fsu), som=SEKR)["sak"]["tilstand"] == "bemannet"


def _revisjon(cli: Cli, avtale: int) -> int:
    ut = cli.ok("avtale", "revisjon", str(avtale), "--aar", "2025", som=SEKR)
    return int(ut.rsplit("sak ", 1)[1].rstrip(".\n"))


def _avtale_id(cli: Cli, nummer: int) -> int:
    avtaler = cli.json("avtale", "liste", som=SEKR)
    return int(next(a["id"] for a in avtaler if a["nummer"] == nummer))


def test_an_avtale_without_input_rolls_over_and_stays_in_force(cli: Cli) -> None:
    cli.ok("demo", "last")
    sak = _revisjon(cli, _avtale_id(cli, 10))
    apnet = _hendelse(cli, sak, "apne_innspill", naa="2025-04-01T09:00")
    assert len(apnet["utboks_ider"]) == 18  # 17 member kommuner' postmottak and HSYK
    for hendelse in ("lukk_innspill", "rull_over", "tre_i_kraft"):
        _hendelse(cli, sak, hendelse, naa="2025-06-02T09:00")
    historikk = [
        (r["hendelse"], r["til"]) for r in cli.json("sak", "historikk", str(sak), som=SEKR)
    ]
    assert historikk == [
        ("opprett", "i_kraft"),
        ("apne_innspill", "innspill_apen"),
        ("lukk_innspill", "triage"),
        ("rull_over", "rullert"),
        ("tre_i_kraft", "i_kraft"),
    ]
    mottakere = {
        r["til_adresse"]
        for r in cli.json("utboks", "liste", "--sak", str(sak), som=SEKR)
        if r["mal"] == "avtale_revisjon/innspill_apnet"
    }
    assert "postmottak@vefsn.kommune.example" in mottakere
    assert "postmottak@bindal.kommune.example" not in mottakere  # not a member in the demo
    refusert = cli("sak", "hendelse", str(sak), "apne_innspill", som=SEKR)
    assert "allerede holdt" in refusert.stderr


def test_an_avtale_with_substantive_input_is_negotiated_approved_and_put_in_force(cli: Cli) -> None:
    cli.ok("demo", "last")
    registrer_ssu_saker_cli(cli, "Sak 40-2025")
    avtale = _avtale_id(cli, 5)
    sak = _revisjon(cli, avtale)
    _hendelse(cli, sak, "apne_innspill", naa="2025-04-01T09:00")
    _hendelse(
        cli,
        sak,
        "registrer_innspill",
        "part=Vefsn",
        "omfang=vesentlig",
        "tekst=Ny definisjon av utskrivningsklar pasient.",
        naa="2025-05-20T09:00",
    )
    _hendelse(cli, sak, "lukk_innspill", naa="2025-06-02T09:00")
    assert "har fått innspill" in _feil(cli, sak, "rull_over")
    _hendelse(cli, sak, "send_til_forhandling", "forhandlingsutvalg=FSU Tjenesteavtaler")
    _hendelse(cli, sak, "ssu_behandle", "vedtak=Sak 40-2025")
    _hendelse(cli, sak, "send_til_godkjenning")
    parter = [r["part"] for r in cli.json("avtale", "status", str(avtale), som=SEKR)]
    for part in parter[:-1]:
        _hendelse(cli, sak, "registrer_godkjenning", f"part={part}", "dato=2025-12-10")
    assert f"mangler godkjenning fra: {parter[-1]}" in _feil(cli, sak, "vedta")
    _hendelse(cli, sak, "registrer_godkjenning", f"part={parter[-1]}", "dato=2026-01-15")
    _hendelse(cli, sak, "vedta", naa="2026-01-15T12:00")
    assert _hendelse(cli, sak, "tre_i_kraft", naa="2026-01-16T09:00")["til"] == "i_kraft"

    status = {
        r["part"]: r
        for r in cli.json("avtale", "status", str(avtale), "--dato", "2026-01-10", som=SEKR)
    }
    assert status[parter[0]]["versjon"] == 2
    assert status[parter[0]]["i_kraft_fra"] == "2026-01-01"
    assert status[parter[-1]]["versjon"] == 1  # approved only on 15 January
    assert status[parter[-1]]["venter_pa"] == 2
