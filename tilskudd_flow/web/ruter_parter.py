"""The parties on the web: the kommuner and the helseforetak with postmottak, membership and
the other names each is found by, and a form per party for the sekretariat (and admin)."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from tilskudd_flow.domain.feil import UgyldigFelt
from tilskudd_flow.domain.partnavn import les_aliaser
from tilskudd_flow.kontoer import handlinger as kontoer
from tilskudd_flow.kontoer.parter import Partendring
from tilskudd_flow.web.avhengigheter import (
    BrukerDep,
    CsrfDep,
    HandlingDep,
    Innlogget,
    SkjemaDep,
    side,
    sjekk_csrf,
)
from tilskudd_flow.web.feilsvar import skjemastatus
from tilskudd_flow.web.parametre import RadId, Tekstfilter

ruter = APIRouter()
_ETIKETTER = {"navn": "Navn", "postmottak": "Postmottak", "aliaser": "Andre navn"}


@ruter.get("/parter")
def parter(
    request: Request, bruker: BrukerDep, handling: HandlingDep, csrf: CsrfDep,
    lagret: Tekstfilter = "",
) -> Response:  # fmt: skip
    """The kommuner and the helseforetak: number, postmottak, membership, other names."""
    rader = kontoer.partoversikten(handling)
    melding = f"Endringene for {lagret} er lagret." if lagret else ""
    kontekst = {"bruker": bruker, "rader": rader, "melding": melding}
    return side(request, "parter.html", kontekst, csrf=csrf)


@ruter.get("/parter/{part_id}")
def part(
    request: Request, part_id: RadId, bruker: BrukerDep, handling: HandlingDep, csrf: CsrfDep
) -> Response:
    """The form for one party's name, postmottak, membership and other names."""
    visning = kontoer.partsiden(handling, part_id)
    verdier = {"navn": visning.navn, "postmottak": visning.postmottak,
               "medlem": visning.medlem, "aliaser": "\n".join(visning.aliaser)}  # fmt: skip
    return _skjema(request, bruker, handling, csrf, part_id, verdier, {})


@ruter.post("/parter/{part_id}", dependencies=[Depends(sjekk_csrf)])
def lagre(
    request: Request,
    part_id: RadId,
    bruker: BrukerDep,
    handling: HandlingDep,
    csrf: CsrfDep,
    skjema: SkjemaDep,
) -> Response:
    """Save the party; every change is audited with before and after."""
    verdier: dict[str, object] = {
        "navn": str(skjema.get("navn", "")), "postmottak": str(skjema.get("postmottak", "")),
        "medlem": skjema.get("medlem") == "ja", "aliaser": str(skjema.get("aliaser", "")),
    }  # fmt: skip
    endring = Partendring(str(verdier["navn"]), str(verdier["postmottak"]),
                          bool(verdier["medlem"]),
                          tuple(les_aliaser(str(verdier["aliaser"]))))  # fmt: skip
    try:
        navn = kontoer.lagre_part(handling, part_id, endring)
    except UgyldigFelt as feil:
        meldinger = {f: f"{_ETIKETTER.get(f, f)}: {t}" for f, t in feil.alle.items()}
        return _skjema(request, bruker, handling, csrf, part_id, verdier, meldinger,
                       skjemastatus(feil))  # fmt: skip
    return RedirectResponse(f"/parter?{urlencode({'lagret': navn})}", 303)


def _skjema(
    request: Request,
    bruker: Innlogget,
    handling: HandlingDep,
    csrf: CsrfDep,
    part_id: int,
    verdier: dict[str, object],
    feil: dict[str, str],
    status: int = 200,
) -> Response:
    visning = kontoer.partsiden(handling, part_id)
    kontekst = {"bruker": bruker, "part": visning, "verdier": verdier, "feil": feil}
    return side(request, "part.html", kontekst, csrf=csrf, status=status)
