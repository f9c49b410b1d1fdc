"""The working-day rule in words, as the round page shows it next to each deadline: what the
rule is, and what it does to the date at hand («1. november 2025 er en lørdag, så fristen
gjelder fredag 31. oktober 2025»)."""

from __future__ import annotations

from datetime import date

from tilskudd_flow.domain.frister import Virkedag, effektiv_dato, er_virkedag
from tilskudd_flow.domain.tid import norsk_dato

_REGLER = {
    Virkedag.FREMOVER: "Faller fristen på en lørdag, søndag eller helligdag, gjelder neste "
    "virkedag.",
    Virkedag.BAKOVER: "Faller fristen på en lørdag, søndag eller helligdag, gjelder forrige "
    "virkedag.",
    Virkedag.INGEN: "Datoen flyttes ikke, selv om den faller på en lørdag, søndag eller helligdag.",
}


def virkedagsregel(regel: Virkedag) -> str:
    """The deadline kind's rule for weekends and public holidays, in one sentence."""
    return _REGLER[regel]


def forklar_dato(dag: date, regel: Virkedag) -> str:
    """What the date is, and where the rule moves it: «1. oktober 2027 er en fredag.»"""
    ukedag = _ukedag(dag)
    effektiv = effektiv_dato(dag, regel)
    if er_virkedag(dag):
        return f"{norsk_dato(dag)} er en {ukedag}."
    fridag = ukedag if dag.weekday() >= 5 else f"{ukedag} og en helligdag"
    if effektiv == dag:
        return f"{norsk_dato(dag)} er en {fridag}, men fristen gjelder likevel den dagen."
    return (
        f"{norsk_dato(dag)} er en {fridag}, så fristen gjelder "
        f"{norsk_dato(effektiv, med_ukedag=True)}."
    )


def _ukedag(dag: date) -> str:
    return norsk_dato(dag, med_ukedag=True).split(" ", 1)[0]
