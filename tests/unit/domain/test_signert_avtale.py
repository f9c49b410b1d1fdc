"""Field 7: a signed-agreement date, or a dated confirmation instead of the attachment (#19)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

from tilskudd_flow.domain.kodeverk import VedleggType
from tilskudd_flow.domain.soknadsskjema import les_signert_avtale, manglende_vedlegg

AVTALE = "signert avtale om felles søknad"

# text, date read, attachment still required when none is uploaded
TABELL: list[tuple[str, date | None, bool]] = [
    ("28.02.2025", date(2025, 2, 28), True),  # the agreement's date: it is attached
    ("28.02.25", date(2025, 2, 28), True),
    ("2025-02-28", date(2025, 2, 28), True),
    ("Bekreftet på e-post fra kommunedirektøren 28.02.2025", date(2025, 2, 28), False),
    ("Elektronisk bekreftet samarbeid pr mail 12.09.2025", date(2025, 9, 12), False),
    ("Bekreftet i brev 1. mars 2025", date(2025, 3, 1), False),
    ("Bekreftet på e-post fra kommunedirektøren", None, True),  # nothing to check it by
    ("", None, True),
]


def _soknad(tekst: str, *vedlegg: VedleggType) -> Any:
    return SimpleNamespace(
        signert_avtale_tekst=tekst, vedlegg=[SimpleNamespace(type=t) for t in vedlegg]
    )


@pytest.mark.parametrize(("tekst", "dato", "krever_vedlegg"), TABELL)
def test_field_7_waives_the_attachment_only_as_a_dated_confirmation(
    tekst: str, dato: date | None, krever_vedlegg: bool
) -> None:
    lest = les_signert_avtale(tekst)
    assert (lest.tekst, lest.dato) == (tekst, dato)
    mangler = manglende_vedlegg(_soknad(tekst, VedleggType.BUDSJETT))
    assert (AVTALE in mangler) is krever_vedlegg
    assert manglende_vedlegg(_soknad(tekst, VedleggType.BUDSJETT, VedleggType.SIGNERT_AVTALE)) == []


@pytest.mark.parametrize(
    "tekst", ["31.02.2025", "Bekreftet på e-post 31.02.2025", "2025-02-30", "Signert 28/02/2025"]
)
def test_an_impossible_date_in_field_7_is_refused_naming_the_field(tekst: str) -> None:
    with pytest.raises(ValueError, match=r"^felt 7 \(Dato for signert avtale"):
        les_signert_avtale(tekst)


def test_an_impossible_date_stored_before_the_rule_no_longer_waives_the_attachment() -> None:
    """Issue 19: «31.02.2025» was taken as free text and waived the signed agreement."""
    assert AVTALE in manglende_vedlegg(_soknad("31.02.2025", VedleggType.BUDSJETT))
