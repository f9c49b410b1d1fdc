"""The rules a transition waits for, as the sekretariat reads them.

Each guard in a workflow file (a `validators=`, `cond=` or `unless=` method) carries one
bokmål sentence saying the rule as it holds when the transition may go ahead
(`@vilkaar("Søknaden står på SSUs vedtatte prioriteringsliste")`); a guard used with
`unless=` also says its opposite (`ikke=`). The diagrams, their transition tables and anyone
reading the workflow file see that sentence; the engine refuses to load a workflow with a
guard that has none, so a picture never falls back to a method name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from statemachine import StateMachine

F = TypeVar("F", bound=Callable[..., Any])


def vilkaar(tekst: str, *, ikke: str = "") -> Callable[[F], F]:
    """Give a guard its rule in plain bokmål, and its opposite when used with `unless=`."""

    def dekorator(vakt: F) -> F:
        vakt.vilkaar = tekst  # type: ignore[attr-defined]
        vakt.vilkaar_ikke = ikke  # type: ignore[attr-defined]
        return vakt

    return dekorator


@dataclass(frozen=True)
class Overgang:
    """One way a case may move: from a state, by an event, to a state, under these rules."""

    fra: str
    hendelse: str
    til: str
    vilkaar: tuple[str, ...]

    @property
    def i_samme_tilstand(self) -> bool:
        """The event records something and the case stays where it is."""
        return self.fra == self.til


def overgangene(maskin: type[StateMachine]) -> list[Overgang]:
    """Every transition in the machine's state order, each event separately, with its rules."""
    rader = []
    for tilstand in maskin.states:
        for overgang in tilstand.transitions:
            regler = tuple(_tekst(maskin, spek) for spek in _vakter(overgang))
            for hendelse_id in overgang.event.split():
                rader.append(Overgang(str(tilstand.id), hendelse_id,
                                      str(overgang.target.id), regler))  # fmt: skip
    return rader


def sjekk_vilkaar(navn: str, maskin: type[StateMachine]) -> None:
    """Refuse a workflow whose guards do not all say their rule (see the module's text)."""
    for tilstand in maskin.states:
        for overgang in tilstand.transitions:
            for spek in _vakter(overgang):
                try:
                    _tekst(maskin, spek)
                except ValueError as feil:
                    raise ValueError(f"arbeidsflyt {navn}, {overgang.event}: {feil}") from None


def _vakter(overgang: Any) -> Iterable[Any]:
    # Validators first (they refuse with a reason), then the conditions that pick the path.
    return [*overgang.validators, *overgang.cond]


def _tekst(maskin: type[StateMachine], spek: Any) -> str:
    metode = getattr(maskin, str(spek.func), None) if isinstance(spek.func, str) else spek.func
    if metode is None:
        raise ValueError(f"vakten «{spek.func}» er ingen metode i arbeidsflyten")
    positiv = getattr(spek, "expected_value", None) is not False  # False: an `unless=`
    tekst = cast(str, getattr(metode, "vilkaar" if positiv else "vilkaar_ikke", ""))
    if not tekst:
        hva = "@vilkaar(...)" if positiv else "@vilkaar(..., ikke=...) (den brukes med unless=)"
        raise ValueError(f"vakten «{spek.func}» mangler regeltekst: gi den {hva}")
    return tekst
