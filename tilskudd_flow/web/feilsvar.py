"""The one table from a refusal to an HTTP status, for the pages and the JSON API alike.

A refusal is shown in one of three ways, so each row has three columns: the JSON API's
`{"detail": …}`; an error page; and a form shown again with the refusal beside its field and
what the user typed (a plain 400, except for who may not act, what is gone and who came too
late). Pages and the API differ in one place only: a broken rule is 403 on an error page
(what the page offers is not allowed now; the access matrix pins it) and 422 in the API.
Rows run from the most specific error class to the least; the first that matches decides.
"""

from __future__ import annotations

from dataclasses import dataclass

from tilskudd_flow.domain.feil import (
    IkkeFunnet,
    IkkeTillatt,
    Konflikt,
    Regelbrudd,
    Saksfeil,
    UgyldigDokument,
    UgyldigFelt,
    UgyldigHendelse,
)


class UgyldigParameter(Saksfeil):
    """A query or body parameter names nothing the service knows (an unknown workflow)."""


@dataclass(frozen=True)
class Feilrad:
    feil: type[Saksfeil]
    api: int
    side: int
    skjema: int
    tittel: str


# fmt: off
FEILTABELL: tuple[Feilrad, ...] = (
    #       error class        API  page  form  heading of the error page
    Feilrad(IkkeFunnet,        404, 404,  404,  "Finnes ikke"),
    Feilrad(IkkeTillatt,       403, 403,  403,  "Ikke tillatt"),
    Feilrad(Konflikt,          409, 409,  409,  "Endret i mellomtiden"),
    Feilrad(UgyldigHendelse,   409, 409,  400,  "Ikke mulig nå"),
    Feilrad(Regelbrudd,        422, 403,  400,  "Ikke tillatt"),
    Feilrad(UgyldigFelt,       422, 422,  400,  "Ugyldige felt"),
    Feilrad(UgyldigDokument,   422, 422,  400,  "Ugyldig dokument"),
    Feilrad(UgyldigParameter,  422, 422,  400,  "Ugyldig forespørsel"),
    Feilrad(Saksfeil,          422, 422,  400,  "Kan ikke utføres"),
)
# fmt: on
# A form shown again because of what the user typed, where no service error was raised.
SKJEMAFEIL = 400


def feilrad(feil: Saksfeil) -> Feilrad:
    """The first row whose class the error is an instance of."""
    return next(rad for rad in FEILTABELL if isinstance(feil, rad.feil))


def apistatus(feil: Saksfeil) -> int:
    """The status of the JSON API's answer to this refusal."""
    return feilrad(feil).api


def sidestatus(feil: Saksfeil) -> int:
    """The status of the error page for this refusal."""
    return feilrad(feil).side


def skjemastatus(feil: Saksfeil) -> int:
    """The status of a form shown again with this refusal beside its field."""
    return feilrad(feil).skjema


def tittel(status: int) -> str:
    """The heading of an error page with this status (Starlette's own 404 and 405 too)."""
    return next((rad.tittel for rad in FEILTABELL if rad.side == status), "Feil")
