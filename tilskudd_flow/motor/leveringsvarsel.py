"""Tell the sekretariat about an e-mail that will not arrive, by e-mail through the outbox.

Never about an alert itself: an alert that cannot be delivered stays failed in the outbox
(visible in `tilskudd utboks liste` and on /utboks), so one bad address makes no loop.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from sqlmodel import Session

from tilskudd_flow.domain.mottaker import synlig
from tilskudd_flow.models.outbox import OutboxMessage
from tilskudd_flow.models.tenancy import Helsefellesskap
from tilskudd_flow.motor.miljo import Saksmiljo

VARSELMAL = "epost/leveringsfeil"
# dod: gave up after the last attempt; refusert: the server refused it for good;
# ugyldig: it could not be made into an e-mail at all (address, name, subject, file).
Hvorfor = Literal["dod", "refusert", "ugyldig"]


def varsle_sekretariatet(
    session: Session, miljo: Saksmiljo, melding: OutboxMessage, naa: datetime, hvorfor: Hvorfor
) -> None:
    """One alert per sekretariat address in the config; none about an alert."""
    if melding.mal == VARSELMAL:
        return
    if hvorfor == "dod" and melding.jobb_id is None:
        return  # a dead ordinary e-mail has always been left to the outbox page
    hf = session.get(Helsefellesskap, melding.helsefellesskap_id)
    assert hf is not None
    valg = miljo.innstillinger.helsefellesskap_innstillinger(hf.kode)
    for adresse in valg.mottakere.get("sekretariat", []):
        kontekst = _kontekst(miljo, hf, melding, adresse, hvorfor)
        innhold = miljo.varsler.bygg(VARSELMAL, kontekst)
        session.add(
            OutboxMessage(
                helsefellesskap_id=melding.helsefellesskap_id,
                opprettet=naa,
                mal=VARSELMAL,
                til_adresse=adresse,
                emne=innhold.emne,
                tekst=innhold.tekst,
                html=innhold.html,
                case_id=melding.case_id,
            )
        )


def _kontekst(
    miljo: Saksmiljo, hf: Helsefellesskap, melding: OutboxMessage, adresse: str, hvorfor: Hvorfor
) -> dict[str, object]:
    # synlig(): a name that broke the e-mail must not break (or forge lines in) the alert.
    til = f"{melding.til_navn} <{melding.til_adresse}>" if melding.til_navn else (
        melding.til_adresse)  # fmt: skip
    return {
        "helsefellesskap": hf.navn,
        "mottaker": {"navn": "", "epost": adresse},
        "hvorfor": hvorfor,
        "melding": {
            "id": melding.id,
            "til": synlig(til),
            "emne": synlig(melding.emne),
            "forsok": melding.forsok,
            "feil": synlig(melding.sist_feil),
            "frist": melding.jobb_id is not None,
        },
        "lenketekst": f"Rett, send på nytt eller forkast e-post {melding.id}",
        "lenke": f"{miljo.innstillinger.base_url.rstrip('/')}/utboks/{melding.id}",
    }
