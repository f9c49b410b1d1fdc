"""Where the pages are: the one place that turns a link value a workflow names (an attachment,
a meeting) into an address, for case pages, the API, the CLI and the e-mails alike."""

from __future__ import annotations

from typing import Any

from tilskudd_flow.domain.arbeidsflyt import Lenke, Motelenke, Vedleggslenke
from tilskudd_flow.motor.vedlegg import VEDLEGGSADRESSE

# A meeting's page: the web's route and every link to it take the address from here.
MOTEADRESSE = "/moter/{mote_id}"


def lenke(verdi: Any) -> Any:
    """The value with each attachment and meeting (also inside a list) a link to its page."""
    if isinstance(verdi, Vedleggslenke):
        return Lenke(verdi.tekst, VEDLEGGSADRESSE.format(vedlegg_id=verdi.vedlegg_id))
    if isinstance(verdi, Motelenke):
        return Lenke(verdi.tekst, MOTEADRESSE.format(mote_id=verdi.mote_id))
    if isinstance(verdi, list):
        return [lenke(v) for v in verdi]
    return verdi


def side_for(sidetype: type[Motelenke], sak_id: int) -> str:
    """The address of the page of this kind that belongs to the case (an e-mail's link)."""
    adresse: str = lenke(sidetype(sak_id, "")).href
    return adresse
