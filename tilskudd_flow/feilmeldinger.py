"""Bokmål messages for pydantic validation errors, so users see which field and why."""

from __future__ import annotations

from typing import TYPE_CHECKING

# Types only: the command line's help translates messages here without importing pydantic.
if TYPE_CHECKING:
    from pydantic import ValidationError
    from pydantic_core import ErrorDetails

_MELDINGER: dict[str, str] = {
    "missing": "mangler",
    "extra_forbidden": "er ikke et kjent felt",
    "string_type": "må være tekst",
    "string_too_short": "kan ikke være tom",
    "int_type": "må være et heltall",
    "int_parsing": "må være et heltall",
    "float_parsing": "må være et tall",
    "bool_type": "må være true eller false",
    "bool_parsing": "må være true eller false",
    "list_type": "må være en liste",
    "dict_type": "må være en tabell",
    "model_type": "må være en tabell",
    "date_type": "må være en dato (ÅÅÅÅ-MM-DD)",
    "date_parsing": "må være en dato (ÅÅÅÅ-MM-DD)",
    "date_from_datetime_parsing": "må være en dato (ÅÅÅÅ-MM-DD)",
    "enum": "må være en av: {expected}",
    "literal_error": "må være en av: {expected}",
    "greater_than_equal": "må være minst {ge}",
    "less_than_equal": "kan være høyst {le}",
    "greater_than": "må være større enn {gt}",
}


def feltsti(loc: tuple[int | str, ...]) -> str:
    """Render a pydantic location as `kontaktpersoner[0].epost`."""
    sti = ""
    for del_ in loc:
        if isinstance(del_, int):
            sti += f"[{del_}]"
        else:
            sti += f".{del_}" if sti else str(del_)
    return sti or "(rot)"


def uten_verdifeilprefiks(tekst: str) -> str:
    """Pydantic's «Value error, » taken out: the message after it is already ours."""
    return tekst.replace("Value error, ", "")


def norsk_melding(feil: ErrorDetails) -> str:
    """What is wrong with one value, in bokmål, without the field's name."""
    return _melding(feil)


def _melding(feil: ErrorDetails) -> str:
    mal = _MELDINGER.get(feil["type"])
    if mal is None:
        return uten_verdifeilprefiks(str(feil["msg"]))
    kontekst = {k: str(v).replace(" or ", ", ") for k, v in (feil.get("ctx") or {}).items()}
    return mal.format(**kontekst)


def norske_feilmeldinger(unntak: ValidationError) -> list[str]:
    """One `felt: hva som er galt` line per validation error."""
    return [f"{feltsti(feil['loc'])}: {_melding(feil)}" for feil in unntak.errors()]
