"""Issue 19: which uploaded file belongs to which `vedlegg` row of a søknad sent through the
API — the same rows as the søknad files, matched by file name, every mismatch named at once."""

from __future__ import annotations

import pytest

from tilskudd_flow.soknader.soknader import Opplastet, opplastingsfeil
from tilskudd_flow.soknader.soknadsfil import Soknadsfil

AVTALE = {"type": "signert_avtale", "fil": "signert-avtale.pdf"}
BUDSJETT = {"type": "budsjett", "fil": "budsjett.xlsx"}


def soknad(*rader: dict[str, str]) -> Soknadsfil:
    return Soknadsfil.model_validate({"runde": 2026, "prosjektnavn": "P", "vedlegg": rader})


def filer(*navn: str) -> list[Opplastet]:
    return [Opplastet(n, b"%PDF-") for n in navn]


@pytest.mark.parametrize(
    ("rader", "sendt"),
    [
        ((), ()),
        ((AVTALE, BUDSJETT), ("signert-avtale.pdf", "budsjett.xlsx")),
        ((BUDSJETT, AVTALE), ("signert-avtale.pdf", "budsjett.xlsx")),  # order is free
        (({"type": "budsjett", "fil": "vedlegg/budsjett.xlsx"},), ("budsjett.xlsx",)),
        ((BUDSJETT,), ("C:\\Users\\kari\\budsjett.xlsx",)),  # a browser's full Windows path
        ((AVTALE, {**BUDSJETT, "fil": "signert-avtale.pdf"}), ("signert-avtale.pdf",)),
    ],
)
def test_every_row_with_its_file_and_no_file_without_a_row_is_accepted(
    rader: tuple[dict[str, str], ...], sendt: tuple[str, ...]
) -> None:
    assert opplastingsfeil(soknad(*rader), filer(*sendt)) == {}


def test_a_row_whose_file_was_not_sent_is_named_by_its_index() -> None:
    feil = opplastingsfeil(soknad(AVTALE, BUDSJETT), filer("signert-avtale.pdf"))
    assert list(feil) == ["vedlegg[1].fil"]
    assert feil["vedlegg[1].fil"].startswith("filen «budsjett.xlsx» er ikke lastet opp")


def test_a_file_sent_and_not_named_and_one_sent_twice_are_named_by_file() -> None:
    sendt = filer("signert-avtale.pdf", "signert-avtale.pdf", "budsjett.xlsx", "notat.pdf")
    feil = opplastingsfeil(soknad(AVTALE, BUDSJETT), sendt)
    assert feil == {
        "vedlegg «signert-avtale.pdf»": "filen er lastet opp flere ganger; gi filene ulike navn",
        "vedlegg «notat.pdf»": "filen er lastet opp, men ikke nevnt i søknadens vedlegg "
        '(legg til {"type": …, "fil": "notat.pdf"})',
    }


def test_a_json_body_naming_files_has_each_row_refused() -> None:
    """A plain JSON body cannot carry files: each row it names is reported, none is read."""
    feil = opplastingsfeil(soknad(AVTALE, {**BUDSJETT, "fil": "/etc/passwd"}), [])
    assert list(feil) == ["vedlegg[0].fil", "vedlegg[1].fil"]
