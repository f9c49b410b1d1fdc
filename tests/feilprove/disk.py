"""The upload directory (a real, small tmpfs) fills up during a burst of web submissions with
attachments of seeded random sizes.

Each submission is either taken whole (303: the case, the søknad and both attachments) or
refused with the message beside the attachment field (400, "lagringsplassen er full"), never
anything else. After every answer the files in the directory are exactly the attachments the
database knows: no partial case, no orphan or half-written file. Then the operator makes room
(the tmpfs is enlarged, no restart) and every refused submission goes in as it was sent.
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import sqlalchemy as sa
from fastapi.testclient import TestClient

from tests.e2e.test_full_lagring import send_inn
from tests.e2e.test_nettsider import logg_inn
from tests.feilprove.oppsett import forbered, innstillinger_for
from tests.liten_disk import liten_disk, utvid
from tilskudd_flow.bootstrap import App, bygg_app
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.demo.skjemaeksempel import PDF
from tilskudd_flow.web.app import lag_webapp
from workflows import rs_soknad

FULL = "lagringsplassen er full"
DISK_KIB = 512
ROM_KIB = 16 * 1024  # after the operator has made room


@dataclass(frozen=True)
class Diskprove:
    tatt_imot: int  # 303 while the disk had room
    avvist_tydelig: int  # 400 with the message beside the field
    andre_svar: list[int]  # anything else: a defect
    usamsvar: int  # answers after which the directory and the database disagreed
    ufullstendige: int  # søknader without both attachments
    inn_etterpaa: int  # refused ones taken once there was room

    @property
    def ok(self) -> bool:
        return (
            self.tatt_imot > 0
            and self.avvist_tydelig > 0  # the disk did fill, or the run proves nothing
            and not self.andre_svar
            and self.usamsvar == 0
            and self.ufullstendige == 0
            and self.inn_etterpaa == self.avvist_tydelig
        )


def prov_full_disk(antall: int, seed: int) -> Diskprove:
    tilfeldig = random.Random(seed)
    budsjetter = [_budsjett(tilfeldig.randint(20, 60) * 1024) for _ in range(antall)]
    with (
        tempfile.TemporaryDirectory(prefix="feilprove-") as mappe,
        _soker(Path(mappe)) as (
            app,
            klient,
            vedlegg,
        ),
    ):
        for_skuret = _storste_sak(app)
        send = partial(_send_inn_og_sjekk, app, klient, vedlegg, for_skuret=for_skuret)
        svar = [send(budsjett) for budsjett in budsjetter]
        avvist = [b for b, (_, tydelig, _) in zip(budsjetter, svar, strict=True) if tydelig]
        utvid(vedlegg, ROM_KIB)  # the operator makes room; the server keeps running
        etterpaa = [send(budsjett) for budsjett in avvist]
        return Diskprove(
            tatt_imot=sum(1 for kode, _, _ in svar if kode == 303),
            avvist_tydelig=len(avvist),
            andre_svar=[kode for kode, tydelig, _ in svar if kode != 303 and not tydelig],
            usamsvar=sum(1 for *_, samsvar in svar + etterpaa if not samsvar),
            ufullstendige=_ufullstendige(app, for_skuret),
            inn_etterpaa=sum(1 for kode, _, _ in etterpaa if kode == 303),
        )


def _send_inn_og_sjekk(
    app: App, klient: TestClient, vedlegg: Path, budsjett: bytes, for_skuret: int
) -> tuple[int, bool, bool]:
    kode, tydelig = _send_inn(klient, budsjett)
    return kode, tydelig, _samsvar(app, vedlegg, for_skuret)


def _budsjett(storrelse: int) -> bytes:
    return PDF + b"%" + b"x" * storrelse + b"\n"


@contextmanager
def _soker(mappe: Path) -> Iterator[tuple[App, TestClient, Path]]:
    """The web app on a demo database, an applicant logged in, the upload directory small."""
    valg = innstillinger_for(mappe / "feilprove.db")
    forbered(valg)
    app = bygg_app(valg, klokke=FixedClock(datetime(2025, 9, 20, 10, 0, tzinfo=UTC)))
    with (
        liten_disk(valg.data_dir / valg.vedlegg.mappe, kib=DISK_KIB) as vedlegg,
        TestClient(lag_webapp(app)) as klient,
    ):
        logg_inn(klient, "vefsn.soker")
        yield app, klient, vedlegg
    app.engine.dispose()


def _send_inn(klient: TestClient, budsjett: bytes) -> tuple[int, bool]:
    """The answer's status, and whether it is the clear refusal of a full disk."""
    status, html = send_inn(klient, budsjett)
    return status, status == 400 and FULL in html


def _samsvar(app: App, vedlegg: Path, for_skuret: int) -> bool:
    """The small disk holds exactly the files the burst's attachments name (the demo's own
    lie under it, hidden by the mount)."""
    with app.engine.connect() as tilkobling:
        kjent = set(
            tilkobling.execute(
                sa.text("SELECT lagret_som FROM vedlegg WHERE soknad_id > :for"),
                {"for": for_skuret},
            ).scalars()
        )
    return {f.name for f in vedlegg.rglob("*") if f.is_file()} == kjent


def _storste_sak(app: App) -> int:
    with app.engine.connect() as tilkobling:
        return int(tilkobling.execute(sa.text("SELECT max(id) FROM workflow_case")).scalar_one())


def _ufullstendige(app: App, for_skuret: int) -> int:
    """Søknader the burst sent in that lack their søknad or one of its two attachments. A
    refused submission keeps what was typed as a draft (#19), which may lack its files."""
    with app.engine.connect() as tilkobling:
        return int(
            tilkobling.execute(
                sa.text(
                    "SELECT count(*) FROM workflow_case c WHERE c.id > :for AND "
                    "c.state <> :utkast AND "
                    "(SELECT count(*) FROM vedlegg v JOIN soknad s ON s.case_id = v.soknad_id "
                    "WHERE s.case_id = c.id) <> 2"
                ),
                {"for": for_skuret, "utkast": rs_soknad.Tilstand.UTKAST.value},
            ).scalar_one()
        )


def skriv_disk(prove: Diskprove) -> None:
    print(
        f"full disk ({DISK_KIB} KiB tmpfs): {prove.tatt_imot} søknader tatt imot, "
        f"{prove.avvist_tydelig} avvist med «{FULL}» ved vedleggsfeltet, andre svar "
        f"{prove.andre_svar or 'ingen'}, mappe og database uenige {prove.usamsvar} ganger, "
        f"søknader uten begge vedlegg {prove.ufullstendige}; med plass igjen kom "
        f"{prove.inn_etterpaa} av {prove.avvist_tydelig} avviste inn uendret"
    )
