"""Render notification templates into subject, plain text and HTML (pure: no sending).

Each template under notifications/ extends `_ramme.j2` and fills `emne` and `melding`.
The HTML part is built from the same `melding` block by an autoescaping environment, so
the two parts always say the same and nothing an applicant typed can inject markup. Only
addresses under the app's own `base_url` become links there: a URL an applicant typed (a
title, a name, a comment) stays text, so our e-mails never carry a link we did not make.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template
from markupsafe import Markup, escape

from tilskudd_flow.domain.mottaker import hilsen
from tilskudd_flow.domain.norsk import antall, midt_i_setning

MAL_ENDELSE = ".j2"
_URL = re.compile(r"https?://[^\s<>&]+(?:&amp;[^\s<>&]+)*")


@dataclass(frozen=True)
class Epostinnhold:
    emne: str
    tekst: str
    html: str


class Varselbygger:
    def __init__(self, malmapper: Sequence[Path], *, base_url: str) -> None:
        loader = FileSystemLoader([str(mappe) for mappe in malmapper])
        self._tekst = Environment(
            loader=loader, undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True
        )
        self._html = Environment(loader=loader, undefined=StrictUndefined, autoescape=True)
        avsnitt = partial(_avsnitt, lenkerot=str(escape(base_url.rstrip("/"))))
        self._html.filters["avsnitt"] = avsnitt
        self._tekst.filters["avsnitt"] = avsnitt
        for miljo in (self._tekst, self._html):
            # One rule for every e-mail's opening line: «Til Sømna kommune», «Hei Kari,».
            miljo.filters["hilsen"] = lambda navn, org: hilsen(navn, organisasjon=bool(org))
            miljo.filters["midt_i_setning"] = midt_i_setning
            miljo.filters["en_linje"] = en_linje
            miljo.filters["antall"] = antall  # «1 søknad», «3 søknader» (Babel)
        self._maler: dict[tuple[str, bool], Template] = {}
        # The frame prints subject, text and HTML separated by this; unguessable, so no
        # text an applicant typed can split the message.
        self._skille = f"\x1e{uuid.uuid4().hex}\x1e"

    def bygg(self, mal: str, kontekst: Mapping[str, Any]) -> Epostinnhold:
        """Render one template; a missing variable raises (StrictUndefined)."""
        emne, tekst, _ = self._deler(self._mal(mal, html=False), {**kontekst, "deler": "tekst"})
        *_, html = self._deler(self._mal(mal, html=True), {**kontekst, "deler": "html"})
        return Epostinnhold(en_linje(emne), tekst.strip() + "\n", html.strip() + "\n")

    def finnes(self, mal: str) -> bool:
        return f"{mal}{MAL_ENDELSE}" in self._tekst.list_templates()

    def alle_maler(self) -> list[str]:
        return sorted(
            navn.removesuffix(MAL_ENDELSE)
            for navn in self._tekst.list_templates(extensions=["j2"])
            if not Path(navn).name.startswith("_")
        )

    def _deler(self, mal: Template, kontekst: Mapping[str, Any]) -> list[str]:
        deler = mal.render({**kontekst, "skille": Markup(self._skille)}).split(self._skille)
        if len(deler) != 3:
            raise ValueError(f"malen {mal.name} må utvide _ramme.j2 (emne, tekst, html)")
        return deler

    def _mal(self, mal: str, *, html: bool) -> Template:
        nokkel = (mal, html)
        if nokkel not in self._maler:
            miljo = self._html if html else self._tekst
            self._maler[nokkel] = miljo.get_template(f"{mal}{MAL_ENDELSE}")
        return self._maler[nokkel]


def en_linje(tekst: str) -> str:
    """A subject on one line: no leading, trailing or double spaces, whatever the template
    or a value in it (a title typed with two spaces) brought along."""
    if isinstance(tekst, Markup):
        return Markup(" ").join(tekst.split())
    return " ".join(tekst.split())


def _avsnitt(tekst: str, *, lenkerot: str) -> list[Markup]:
    """Split text on blank lines into HTML paragraphs with line breaks and the app's links."""
    sikker = tekst if isinstance(tekst, Markup) else escape(tekst)
    avsnitt = [a.strip() for a in str(sikker).split("\n\n") if a.strip()]
    return [Markup(_lenker(a, lenkerot).replace("\n", "<br>\n")) for a in avsnitt]


def _lenker(html: str, lenkerot: str) -> str:
    def lenke(treff: re.Match[str]) -> str:
        url = treff.group(0)
        if url != lenkerot and not url.startswith(f"{lenkerot}/"):
            return url  # not ours (an applicant's text, say): left as text
        return f'<a href="{url}">{url}</a>'

    return _URL.sub(lenke, html)


# How a value JSON has no type of its own is written when a context is frozen: a one-key
# object under a name no context key may start with.
_MERKE = "$"


def frys(kontekst: Mapping[str, Any]) -> str:
    """A template context as JSON, losslessly: what `tin` gives back renders the same.

    Only plain values freeze (text, numbers, yes/no, lists, mappings with text keys, dates,
    Decimal and safe markup); anything else (an ORM object, an enum whose attributes a
    template could read) raises TypeError here, at the transition, not at delivery."""
    return json.dumps(_fryst(kontekst), ensure_ascii=False, separators=(",", ":"))


def tin(tekst: str) -> dict[str, Any]:
    """A context frozen by `frys`, with its dates, amounts and markup as they were."""
    verdi: dict[str, Any] = json.loads(tekst, object_hook=_tint)
    return verdi


_ENKLE = frozenset({str, int, float, bool, type(None)})


def _fryst(verdi: object) -> object:
    # Exact types: Markup, StrEnum and IntEnum are str/int subclasses JSON would flatten.
    typen = type(verdi)
    if typen in _ENKLE:
        return verdi
    if typen not in _MERKER and typen not in (list, tuple):
        return _fryst_mapping(verdi)
    if isinstance(verdi, date):  # a datetime too
        return {_MERKER[typen]: verdi.isoformat()}
    if isinstance(verdi, list | tuple):
        return [_fryst(v) for v in verdi]
    return {_MERKER[typen]: str(verdi)}  # Markup, Decimal


def _fryst_mapping(verdi: object) -> object:
    if isinstance(verdi, Mapping):
        return {_nokkel(k): _fryst(v) for k, v in verdi.items()}
    raise TypeError(f"verdien {verdi!r} ({type(verdi).__name__}) kan ikke fryses i en e-post")


def _nokkel(nokkel: object) -> str:
    if type(nokkel) is not str or nokkel.startswith(_MERKE):
        raise TypeError(f"nøkkelen {nokkel!r} kan ikke fryses i en e-post (tekst uten «$» først)")
    return nokkel


_MERKER: dict[type, str] = {
    Markup: f"{_MERKE}markup",
    datetime: f"{_MERKE}tidspunkt",
    date: f"{_MERKE}dato",
    Decimal: f"{_MERKE}desimal",
}
_TINING: dict[str, Callable[[str], object]] = {
    f"{_MERKE}markup": Markup,
    f"{_MERKE}tidspunkt": datetime.fromisoformat,
    f"{_MERKE}dato": date.fromisoformat,
    f"{_MERKE}desimal": Decimal,
}


def _tint(objekt: dict[str, Any]) -> object:
    if len(objekt) == 1:
        ((nokkel, verdi),) = objekt.items()
        if nokkel in _TINING:
            return _TINING[nokkel](verdi)
    return objekt
