"""Tell the sekretariat about an e-mail that will not arrive, by e-mail through the outbox.

Never about an alert itself: an alert that cannot be delivered stays failed in the outbox
(visible in `tilskudd utboks liste` and on /utboks), so one bad address makes no loop.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from sqlmodel import Session

from tilskudd_flow.domain.arbeidsflyt import Epost
from tilskudd_flow.domain.mottaker import synlig
from tilskudd_flow.models.outbox import OutboxMessage
from tilskudd_flow.models.tenancy import Helsefellesskap
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.utboks import koe_epost

# The engine's own e-mail: to the sekretariat addresses in config.toml's [mottakere].
LEVERINGSFEIL = Epost("Leveringsfeil", "epost/leveringsfeil", til=("sekretariat",))
# dod: gave up after the last attempt; refusert: the server refused it for good;
# ugyldig: it could not be made into an e-mail at all (address, name, subject, file).
Hvorfor = Literal["dod", "refusert", "ugyldig"]


def varsle_sekretariatet(
    session: Session, miljo: Saksmiljo, melding: OutboxMessage, naa: datetime, hvorfor: Hvorfor
) -> None:
    """One alert per sekretariat address in the config; none about an alert."""
    if melding.mal == LEVERINGSFEIL.mal:
        return
    if hvorfor == "dod" and melding.jobb_id is None:
        return  # a dead ordinary e-mail has always been left to the outbox page
    hf = session.get(Helsefellesskap, melding.helsefellesskap_id)
    assert hf is not None
    koe_epost(session, miljo, LEVERINGSFEIL, helsefellesskap_id=hf.id or 0,
              kontekst=_kontekst(miljo, hf, melding, hvorfor), naa=naa,
              case_id=melding.case_id)  # fmt: skip


def _kontekst(
    miljo: Saksmiljo, hf: Helsefellesskap, melding: OutboxMessage, hvorfor: Hvorfor
) -> dict[str, object]:
    # synlig(): a name that broke the e-mail must not break (or forge lines in) the alert.
    til = f"{melding.til_navn} <{melding.til_adresse}>" if melding.til_navn else (
        melding.til_adresse)  # fmt: skip
    return {
        "helsefellesskap": hf.navn,
        "hvorfor": hvorfor,
        "melding": {
            "id": melding.id,
            "til": synlig(til),
            # Empty when the template itself would not render: then its name.
            "emne": synlig(melding.emne or f"(malen {melding.mal})"),
            "forsok": melding.forsok,
            "feil": synlig(melding.sist_feil),
            "frist": melding.jobb_id is not None,
        },
        "lenketekst": f"Rett, send på nytt eller forkast e-post {melding.id}",
        "lenke": f"{miljo.innstillinger.base_url.rstrip('/')}/utboks/{melding.id}",
    }
