"""Issue 19, point 7: an FSU must stay complete after constitution, and membership events are
versioned like any transition. On SQLite and PostgreSQL, in simulated time."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest
import sqlalchemy as sa

from tests.utboksinnhold import utboksrader
from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.domain.feil import Konflikt, Regelbrudd
from tilskudd_flow.domain.kodeverk import Sakstype
from tilskudd_flow.domain.tid import OSLO
from tilskudd_flow.models.outbox import OutboxMessage
from tilskudd_flow.motor.handling import Handling
from tilskudd_flow.motor.handlinger import saksbilde
from tilskudd_flow.motor.overganger import Hendelseskommando, Overgang, utfor_hendelse
from tilskudd_flow.motor.planlegger import Planlegger
from tilskudd_flow.samarbeid.handlinger import fsuene
from tilskudd_flow.ssu.ssu_saker import registrer_ssu_sak

SEKR = "samhandlingssjef"
SEKRETARIATET = "samhandling@helgelandssykehuset.example"
BRUKER = "anne@brukerutvalget.example"
MEDLEMMER = [
    ("Lise Berg", "lise.berg@helgelandssykehuset.example", "helseforetak"),
    ("Tor Aas", "tor.aas@vefsn.kommune.example", "kommune"),
    ("Anne Brukerstad", BRUKER, "brukerrepresentant"),
    ("Kari Fastlege", "kari@legekontor.example", "fastlegerepresentant"),
]
START = datetime(2025, 11, 25, 10, 0, tzinfo=OSLO)
NAVN = "FSU Digitale helsetjenester og e-helseløsninger"


def _hendelse(app: App, sak: int, hendelse: str, versjon: int | None = None,
              kommentar: str = "", **felt: str) -> Overgang:  # fmt: skip
    kommando = Hendelseskommando(sak, hendelse, kommentar, felt, versjon)
    return utfor_hendelse(kommando, uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)


def _konstituert(app: App, klokke: FixedClock, fsu: int) -> Overgang:
    klokke.set(START)
    registrer_ssu_sak(tittel="Oppnevning av FSU", type_=Sakstype.BESLUTNINGSSAK,
                      nummer="Sak 35-2025", uow=app.uow(), miljo=app.miljo,
                      brukernavn=SEKR)  # fmt: skip
    _hendelse(app, fsu, "oppnevn", vedtak="Sak 35-2025")
    _hendelse(app, fsu, "vedta_mandat", mandat="Samordne digitale helsetjenester.")
    for navn, epost, rolle in MEDLEMMER:
        _hendelse(app, fsu, "legg_til_medlem", navn=navn, epost=epost, rolle=rolle)
    _hendelse(app, fsu, "bemann")
    return _hendelse(app, fsu, "konstituer", leder=MEDLEMMER[0][1], nestleder=MEDLEMMER[1][1])


def _fjern_brukerrepresentanten(app: App, fsu: int, versjon: int | None = None) -> Overgang:
    return _hendelse(app, fsu, "fjern_medlem", versjon, "Trakk seg", epost=BRUKER)


def test_a_membership_event_bumps_the_version_even_in_the_same_instant(
    app: App, demo: Demosammendrag, klokke: FixedClock
) -> None:
    konstituert = _konstituert(app, klokke, demo.fsu)
    # The clock stands still: nothing but the event itself changes the case row.
    lagt_til = _hendelse(app, demo.fsu, "legg_til_medlem", konstituert.versjon, navn="Per Hansen",
                         epost="per@rana.kommune.example", rolle="kommune")  # fmt: skip
    assert lagt_til.versjon == konstituert.versjon + 1
    fjernet = _hendelse(app, demo.fsu, "fjern_medlem", lagt_til.versjon, "Byttet jobb",
                        epost="per@rana.kommune.example")  # fmt: skip
    assert fjernet.versjon == lagt_til.versjon + 1


def test_a_membership_event_on_a_stale_version_is_refused_and_changes_nothing(
    app: App, demo: Demosammendrag, klokke: FixedClock
) -> None:
    konstituert = _konstituert(app, klokke, demo.fsu)
    _hendelse(app, demo.fsu, "legg_til_medlem", konstituert.versjon,
              navn="Per Hansen", epost="per@rana.kommune.example", rolle="kommune")  # fmt: skip
    with pytest.raises(Konflikt, match="Saken er endret siden du lastet den"):
        _fjern_brukerrepresentanten(app, demo.fsu, konstituert.versjon)
    utvalg = next(u for u in fsuene(Handling(app.uow, app.miljo, SEKR)) if u.sak_id == demo.fsu)
    assert "Anne Brukerstad" in [m.navn for m in utvalg.medlemmer]
    with app.engine.connect() as tilkobling:
        hendelser = tilkobling.execute(
            sa.text("SELECT hendelse FROM audit_entry WHERE objekt_id = :sak AND "
                    "objekt_type = 'fsu_etablering' ORDER BY id"), {"sak": demo.fsu}
        ).scalars().all()  # fmt: skip
    assert hendelser[-2:] == ["konstituer", "legg_til_medlem"]


def test_losing_the_brukerrepresentant_is_flagged_refused_and_reminded_until_fixed(
    app: App, demo: Demosammendrag, klokke: FixedClock
) -> None:
    _konstituert(app, klokke, demo.fsu)
    _fjern_brukerrepresentanten(app, demo.fsu)
    h = Handling(app.uow, app.miljo, SEKR)

    utvalg = next(u for u in fsuene(h) if u.sak_id == demo.fsu)
    assert utvalg.brudd == "brukerrepresentant (oppnevnes via Brukerutvalget)"
    assert "mangler brukerrepresentant" in saksbilde(h, demo.fsu).visning.neste_steg
    with pytest.raises(Regelbrudd, match=r"^FSU-et mangler brukerrepresentant \(oppnevnes"):
        _hendelse(app, demo.fsu, "aktiver")

    planlegger = Planlegger(app.uow, app.miljo)
    kjort = planlegger.kjor_til(datetime(2025, 12, 16, 12, 0, tzinfo=OSLO))
    varsler = [u for u in kjort if u.frist == "FSU mangler fast medlem"]
    assert [(u.art, u.mottakere) for u in varsler] == [
        ("paaminnelse", (SEKRETARIATET,)),
        ("paaminnelse", (SEKRETARIATET,)),
    ]
    # Issue 22: rendered at delivery; read them as the recipient will.
    emner = [r.emne for r in utboksrader(app, OutboxMessage.mal == "frister/fsu_fast_medlem")]
    assert emner == [f"FSU mangler fast medlem: FSU-{demo.fsu} {NAVN}"] * 2

    klokke.set(datetime(2025, 12, 17, 10, 0, tzinfo=OSLO))
    _hendelse(app, demo.fsu, "legg_til_medlem", navn="Ny Bruker", epost="ny@bu.example",
              rolle="brukerrepresentant")  # fmt: skip
    assert next(u for u in fsuene(h) if u.sak_id == demo.fsu).brudd == ""
    assert saksbilde(h, demo.fsu).visning.neste_steg == ""
    etterpaa = planlegger.kjor_til(datetime(2026, 4, 1, tzinfo=OSLO))
    assert [u.resultat for u in etterpaa if u.frist == "FSU mangler fast medlem"] == [
        "ingen mottakere", "ingen mottakere", "ingen mottakere", "ingen mottakere",
        "ingen mottakere",
    ]  # fmt: skip
    assert _hendelse(app, demo.fsu, "aktiver").til == "aktiv"


def test_two_members_added_at_once_from_the_same_version_one_wins_the_other_is_refused(
    app: App, demo: Demosammendrag, klokke: FixedClock
) -> None:
    versjon = _konstituert(app, klokke, demo.fsu).versjon
    barriere = threading.Barrier(2, timeout=30)
    resultater: list[Overgang | Exception] = []

    def legg_til(epost: str) -> None:
        felt = {"navn": epost, "epost": epost, "rolle": "kommune"}
        kommando = Hendelseskommando(demo.fsu, "legg_til_medlem", "", felt, versjon)
        barriere.wait()  # both loaded `versjon`; now both act at once
        try:
            resultater.append(
                utfor_hendelse(kommando, uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
            )
        except Konflikt as feil:
            resultater.append(feil)

    traader = [threading.Thread(target=legg_til, args=(f"{navn}@rana.kommune.example",))
               for navn in ("per", "pål")]  # fmt: skip
    for traad in traader:
        traad.start()
    for traad in traader:
        traad.join(timeout=60)
    assert sorted(type(r).__name__ for r in resultater) == ["Konflikt", "Overgang"]
    utvalg = next(u for u in fsuene(Handling(app.uow, app.miljo, SEKR)) if u.sak_id == demo.fsu)
    assert len(utvalg.medlemmer) == len(MEDLEMMER) + 1
