"""Kontoer: the e-mails of an account's one-time links (no case, so no state machine).

1. An administrator creates an account without a password; the person gets an invitation
   with a link to choose one (`INVITASJON`), valid for `web.invitasjon_dager`.
2. Anyone may ask for a new password by user name or e-mail; an active account gets a reset
   link (`NYTT_PASSORD`), valid for `web.nytt_passord_timer`. Asking never tells whether an
   account exists.

Both links work once. Their text holds the working link, so they are `fortrolig`: the
outbox shows staff who got one and when, never the text.
"""

from __future__ import annotations

from typing import Any

from tilskudd_flow.domain.arbeidsflyt import Epost

_EKSEMPEL: dict[str, Any] = {
    "brukernavn": "karin.ingebrigtsen",
    "lenke": "http://127.0.0.1:8000/konto/lenke/eksempel-paa-engangslenke",
    "utloper": "7. desember 2026 kl. 14.05",
}

INVITASJON = Epost(
    "Invitasjon til ny konto", "konto/invitasjon", til=("kontoinnehaver",), fortrolig=True,
    eksempel=_EKSEMPEL,
)  # fmt: skip
NYTT_PASSORD = Epost(
    "Lenke til nytt passord", "konto/nytt_passord", til=("kontoinnehaver",), fortrolig=True,
    eksempel=_EKSEMPEL,
)  # fmt: skip

EPOSTER = (INVITASJON, NYTT_PASSORD)
