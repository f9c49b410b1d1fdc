"""A new helsefellesskap (tenant) from config.toml, with its first administrator."""

from __future__ import annotations

from datetime import datetime

from tilskudd_flow.adapters.unit_of_work import UnitOfWork
from tilskudd_flow.config import Innstillinger
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.kontoer.brukere import NyBruker, opprett_bruker
from tilskudd_flow.motor.aarshjul import sorg_for_aarene
from tilskudd_flow.motor.helsefellesskap import opprett_helsefellesskap


def etabler_helsefellesskap(
    kode: str,
    admin: NyBruker,
    *,
    uow: UnitOfWork,
    innstillinger: Innstillinger,
    naa: datetime,
) -> str:
    """The helsefellesskap, its audit chain, its system user and its admin in one transaction;
    returns its name. Installing has no acting user yet, so no role is asked for."""
    innst = innstillinger.helsefellesskap_innstillinger(kode)
    with uow:
        systemepost = innst.svar_til or admin.epost
        hf = opprett_helsefellesskap(uow.session, kode=kode, navn=innst.navn,
                                     systemepost=systemepost, naa=naa)  # fmt: skip
        ny = NyBruker(admin.brukernavn, admin.navn, admin.epost, (Rolle.ADMIN,))
        opprett_bruker(uow.session, aktor=None, helsefellesskap_id=hf.id or 0, ny=ny, naa=naa,
                       innstillinger=innstillinger)  # fmt: skip
        sorg_for_aarene(uow.session, innstillinger, hf.id or 0, naa)  # the årshjul is whole
        uow.commit()
    return innst.navn
