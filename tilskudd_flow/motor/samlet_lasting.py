"""A case's detail row and what a transition reads of it, in one statement.

Loading each relationship with its own SELECT (an eager loader per relationship) cost about
0.4 ms of SQLAlchemy per relationship, more than its rows: a returned søknad read three, a
completed one seven. Here every part is one branch of a `UNION ALL`. Each mapped class has
its own block of columns (typed NULLs in the other branches), a branch number says which part
a row belongs to, and `row_number()` keeps each collection in its relationship's order. The
ORM reads the rows into its identity map as usual, with the classes' own joined eager loads
(a party's `part`, a contact's `person`) spliced onto the same statement, and the
relationships are then set as loaded, as the ORM's own loaders set them.

A relationship whose join the statement cannot rebuild (through a secondary table, or from a
class to itself) stops the start (`sjekk_lasteplaner`), naming the workflow and event.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import (
    Column,
    ColumnElement,
    Integer,
    Select,
    bindparam,
    func,
    inspect,
    literal_column,
    null,
    select,
    union_all,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.orm import Mapper, Session, aliased
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.sql import visitors

from tilskudd_flow.domain.arbeidsflyt import Arbeidsflytregister

SAK_ID = "sak_id"


@dataclass(frozen=True)
class Samlesetning:
    """The statement for one detail class and one set of relationships, built once."""

    setning: Select[Any]
    # Branch number → the relationship it fills (None: the detail row itself).
    grener: tuple[Any | None, ...]
    # Branch number → where in a result row its class's object is.
    plass: tuple[int, ...]


def kan_samles(relasjon: Any) -> bool:
    """The statement can rebuild the relationship's join: foreign keys between the detail
    row and another class, no secondary table."""
    egenskap = relasjon.property
    return egenskap.secondary is None and egenskap.mapper is not egenskap.parent


def sjekk_lasteplaner(register: Arbeidsflytregister) -> None:
    """Every relationship a workflow's events read can be read by the one statement; checked
    when the app is built, so a workflow file that names another kind stops the start."""
    for flyt in register.alle():
        for hendelse in flyt.hendelser:
            for relasjon in flyt.laster_for(hendelse, soker=True):
                if not kan_samles(relasjon):
                    raise ValueError(
                        f"arbeidsflyt {flyt.navn}, hendelse {hendelse}: {relasjon} går gjennom "
                        "en koblingstabell eller til sin egen klasse og kan ikke lastes med saken"
                    )


def last_detalj(
    session: Session, detaljmodell: type[Any], sak_id: int, relasjoner: Sequence[Any]
) -> Any:
    """The case's detail row with `relasjoner` loaded, in one statement; None if the case has
    no detail row. A detail row already in the session is returned as it is (it keeps its
    state): `last_det_som_mangler` reads what it lacks."""
    kjent = session.identity_map.get(inspect(detaljmodell).identity_key_from_primary_key([sak_id]))
    if kjent is not None:
        return kjent
    samlet = _samlesetning(inspect(detaljmodell), tuple(relasjoner), med_detalj=True)
    funnet = _les(session, samlet, sak_id)
    rader = funnet.get(0)
    if not rader:
        return None
    subjekt = rader[0]
    _sett_lastet(subjekt, samlet, funnet)
    return subjekt


def last_det_som_mangler(session: Session, subjekt: Any, relasjoner: Sequence[Any]) -> None:
    """Load, in one statement, those of `relasjoner` the detail row has not loaded. Loader
    options apply only to a row as it is read, so a row already in the session (a batch
    service read it, or created it in this transaction) keeps what it had."""
    tilstand = inspect(subjekt)
    mangler = tuple(r for r in relasjoner if r.key in tilstand.unloaded)
    if not mangler:
        return
    (sak_id,) = tilstand.mapper.primary_key_from_instance(subjekt)
    samlet = _samlesetning(tilstand.mapper, mangler, med_detalj=False)
    _sett_lastet(subjekt, samlet, _les(session, samlet, sak_id))


def _les(session: Session, samlet: Samlesetning, sak_id: int) -> dict[int, list[Any]]:
    """Branch number → its objects, in the relationship's order."""
    funnet: dict[int, list[Any]] = {}
    for rad in session.execute(samlet.setning, {SAK_ID: sak_id}).unique():
        gren = rad[0]
        funnet.setdefault(gren, []).append(rad[samlet.plass[gren]])
    return funnet


def _sett_lastet(subjekt: Any, samlet: Samlesetning, funnet: dict[int, list[Any]]) -> None:
    for gren, relasjon in enumerate(samlet.grener):
        if relasjon is None:
            continue
        objekter = funnet.get(gren, [])
        verdi = objekter if relasjon.property.uselist else (objekter[0] if objekter else None)
        set_committed_value(subjekt, relasjon.key, verdi)


@functools.cache
def _samlesetning(
    detalj: Mapper[Any], relasjoner: tuple[Any, ...], *, med_detalj: bool
) -> Samlesetning:
    grener: list[Any | None] = ([None] if med_detalj else []) + list(relasjoner)
    klasser = list(dict.fromkeys(_klasse(detalj, r) for r in grener))
    blokker = {m: [f"k{i}_{k.key}" for k in m.local_table.c] for i, m in enumerate(klasser)}
    deler = []
    for nummer, relasjon in enumerate(grener):
        klasse = _klasse(detalj, relasjon)
        kolonner: list[ColumnElement[Any]] = [
            literal_column(str(nummer), Integer).label("gren"),
            func.row_number().over(order_by=_rekkefolge(klasse, relasjon)).label("rekkefolge"),
        ]
        for annen in klasser:
            for kolonne, navn in zip(annen.local_table.c, blokker[annen], strict=True):
                # Typed: PostgreSQL resolves a UNION's column types pairwise, and NULL
                # UNION NULL would be text before it met the real column.
                verdi = kolonne if annen is klasse else sql_cast(null(), kolonne.type)
                kolonner.append(verdi.label(navn))
        vilkar = _detaljvilkar(detalj) if relasjon is None else _relasjonsvilkar(detalj, relasjon)
        deler.append(select(*kolonner).select_from(klasse.local_table).where(vilkar))
    samlet = union_all(*deler).subquery("samlet")
    objekter = [aliased(m.class_, samlet) for m in klasser]
    # select_from: the classes' joined eager loads are spliced onto the one subquery.
    setning = (
        select(samlet.c.gren, *objekter)
        .select_from(samlet)
        .order_by(samlet.c.gren, samlet.c.rekkefolge)
    )
    plass = tuple(1 + klasser.index(_klasse(detalj, r)) for r in grener)
    return Samlesetning(setning, tuple(grener), plass)


def _klasse(detalj: Mapper[Any], relasjon: Any | None) -> Mapper[Any]:
    return detalj if relasjon is None else cast(Mapper[Any], relasjon.property.mapper)


def _detaljvilkar(detalj: Mapper[Any]) -> ColumnElement[bool]:
    (nokkel,) = detalj.primary_key
    return nokkel == bindparam(SAK_ID)


def _relasjonsvilkar(detalj: Mapper[Any], relasjon: Any) -> ColumnElement[bool]:
    """The relationship's join, with the detail row's side read from the case's detail row:
    its key is the case id; another column (a many-to-one's foreign key) by a subquery."""
    (nokkel,) = detalj.primary_key
    lokale = {_navn(kolonne): kolonne for kolonne in relasjon.property.local_columns}

    def erstatt(element: Any, **_: Any) -> Any:
        kolonne = lokale.get(_navn(element)) if isinstance(element, Column) else None
        if kolonne is None:
            return None
        if _navn(kolonne) == _navn(nokkel):
            return bindparam(SAK_ID)
        return select(kolonne).where(nokkel == bindparam(SAK_ID)).scalar_subquery()

    vilkar: ColumnElement[bool] = relasjon.property.primaryjoin
    valg: dict[str, Any] = {}
    return visitors.replacement_traverse(vilkar, valg, erstatt)


def _navn(kolonne: Any) -> tuple[str, str]:
    # The join's columns carry annotations, so they are compared by table and name.
    return (kolonne.table.name, kolonne.key)


def _rekkefolge(klasse: Mapper[Any], relasjon: Any | None) -> list[Any]:
    ordnet: Any = relasjon.property.order_by if relasjon is not None else False
    return list(ordnet) if ordnet else list(klasse.primary_key)
