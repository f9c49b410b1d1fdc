"""The administrative history in words: each audit row («pott_endret» with its details) as
a bokmål sentence and a list of what changed. Rows of kinds added later still read: the
event's name becomes the sentence and every detail is shown with its key."""

from __future__ import annotations

import re
from collections.abc import Mapping

from tilskudd_flow.domain.amounts import formater_kroner
from tilskudd_flow.domain.datoer import UgyldigDato, parse_dato
from tilskudd_flow.domain.kodeverk import Kodeverk, Ordning, Rolle, Sakstype, Side, Verv
from tilskudd_flow.domain.tid import norsk_dato

OBJEKTTYPER = {
    "soknadsrunde": "Søknadsrunde",
    "frist": "Frist",
    "pott": "Pott",
    "ssu_medlem": "SSU-medlem",
    "bruker": "Bruker",
    "part": "Part",
    "ssu_sak": "SSU-sak",
    "prioriteringsliste": "Prioriteringsliste",
    "oversendelsespakke": "Oversendelsespakke",
    "utboks": "Utboks",
    "oppstart": "Oppstart",
    "sak_innmelding": "Innmeldt sak",
}
_HENDELSER = {
    "runde_opprettet": "Søknadsrunden ble opprettet",
    "frist_endret": "Fristen ble flyttet",
    "frist_bekreftet": "Datoen ble bekreftet",
    "pott_opprettet": "Potten ble registrert",
    "pott_endret": "Potten ble endret",
    "ssu_medlem_registrert": "SSU-medlemmet ble registrert",
    "ssu_ledelse_valgt": "Leder og nestleder i SSU ble valgt",
    "bruker_opprettet": "Brukeren ble opprettet",
    "roller_endret": "Rollene ble endret",
    "passord_satt": "Passordet ble satt",
    "ny_kalenderadresse": "Ny kalenderadresse ble laget",
    "innloggingssperre_opphevet": "Innloggingssperren ble opphevet",
    "medlemskap_endret": "Medlemskapet ble endret",
    "part_endret": "Parten ble endret",
    "ssu_vedtak": "Vedtaket ble registrert",
    "virkning": "Fristen fikk virkning",
    "paaminnelse": "Påminnelsen ble sendt",
    "eskalering": "Fristen ble eskalert",
    "bruker_parter_endret": "Partene brukeren søker for ble endret",
    "prioriteringsliste_endret": "Prioriteringslisten ble endret",
    "prioriteringsliste_vedtatt": "Prioriteringslisten ble vedtatt",
    "oversendelsespakke_sendt": "Oversendelsespakken ble sendt",
    "ssu_sak_registrert": "SSU-saken ble registrert",
    "saksfremlegg_skrevet": "Saksfremlegget ble skrevet",
    "sak_satt_paa_saksliste": "Saken ble satt på sakslisten",
    "sak_meldt_inn": "Saken ble meldt inn",
    "importert": "Importert",
    "oppstartsimport": "Oppstartsimport",
}
_NOKLER = {
    "aar": "År",
    "dato": "Dato",
    "nokkel": "Frist",
    "ordning": "Ordning",
    "ramme_ore": "Ramme",
    "overfort_ore": "Overført",
    "oremerkinger": "Øremerkinger",
    "soknadsfrist": "Søknadsfrist",
    "prioriteringsmote": "Prioriteringsmøte",
    "oversendelse": "Oversending til Helse Nord",
    "roller": "Roller",
    "vedtak": "Vedtak",
    "part": "Part",
    "parter": "Parter",
    "navn": "Navn",
    "postmottak": "Postmottak",
    "aliaser": "Andre navn",
    "leder": "Leder",
    "nestleder": "Nestleder",
    "fra": "Fra",
    "tidligere": "Før",
    "resultat": "Resultat",
    "saksnummer": "Saksnummer",
    "overganger": "Overganger",
    "gjelder": "Gjelder",
    "type": "Type",
    "side": "Side",
    "verv": "Verv",
    "vara_for": "Vara for",
}
# Internal keys the sekretariat has no use for (a job's idempotency key).
_SKJULTE = frozenset({"jobb"})
# Details stored as a code: shown by the code list's name («Lokal», «Helseforetak»).
_KODEVERK: dict[str, type[Kodeverk]] = {
    "ordning": Ordning, "side": Side, "verv": Verv, "type": Sakstype, "roller": Rolle,
}  # fmt: skip
# Details stored as [før, etter]; other lists (roller, søknader) are lists, unless both
# halves are lists themselves (roles or parties before and after).
ENDRINGER = frozenset(
    {"dato", "medlem", "ramme_ore", "overfort_ore", "oremerkinger", "navn", "postmottak"}
)
_ISO_DATO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def objekttype(objekt_type: str) -> str:
    """«pott» → «Pott»; a kind this list does not know reads as its own name."""
    return OBJEKTTYPER.get(objekt_type, objekt_type.replace("_", " ").capitalize())


def hendelsestekst(hendelse: str) -> str:
    """«frist_endret» → «Fristen ble flyttet»; an unknown event reads as its own name."""
    return _HENDELSER.get(hendelse, hendelse.replace("_", " ").capitalize())


def detaljlinjer(detaljer: Mapping[str, object]) -> list[str]:
    """Each detail as «Ramme: 5 000 000 kr» or, for a change, «Dato: 1. oktober 2027 →
    4. oktober 2027»."""
    return [f"{_NOKLER.get(n, n.replace('_', ' ').capitalize())}: {_verdi(n, v)}"
            for n, v in sorted(detaljer.items()) if n not in _SKJULTE]  # fmt: skip


def _verdi(navn: str, verdi: object) -> str:
    if _er_endring(navn, verdi):
        assert isinstance(verdi, list)
        return f"{_verdi(navn, verdi[0])} → {_verdi(navn, verdi[1])}"
    if isinstance(verdi, Mapping):
        deler = [f"{_NOKLER.get(str(n), str(n)).lower()} {v}" for n, v in verdi.items()]
        return ", ".join(deler) or "ingen"
    kodeverk = _KODEVERK.get(navn)
    if kodeverk is not None and isinstance(verdi, str) and verdi in set(kodeverk):
        return kodeverk(verdi).visning
    if isinstance(verdi, bool):
        return "ja" if verdi else "nei"
    if isinstance(verdi, list):
        return "; ".join(_verdi(navn, v) for v in verdi) or "ingen"
    if verdi is None:
        return "ukjent" if navn.endswith("_ore") else "–"
    if navn.endswith("_ore") and isinstance(verdi, int) and not isinstance(verdi, bool):
        return formater_kroner(verdi)
    if isinstance(verdi, str) and _ISO_DATO.match(verdi):
        return _dato(verdi)
    return str(verdi) or "–"


def _er_endring(navn: str, verdi: object) -> bool:
    if not isinstance(verdi, list) or len(verdi) != 2:
        return False
    return navn in ENDRINGER or all(isinstance(halvdel, list) for halvdel in verdi)


def _dato(tekst: str) -> str:
    try:
        return norsk_dato(parse_dato(tekst))
    except UgyldigDato:
        return tekst
