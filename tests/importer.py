"""What a fresh interpreter has imported after running `tilskudd …` (issue 22: the command
line imported the whole application, web and templates included, before it printed help)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass

_KODE = """
import json, sys
from tilskudd_flow.cli.main import app
kode = 0
for argumenter in {kjoringer!r}:
    try:
        app(argumenter, prog_name="tilskudd")
    except SystemExit as slutt:
        kode = kode or slutt.code
print(json.dumps({{"kode": kode, "moduler": sorted(sys.modules)}}))
"""


@dataclass(frozen=True)
class Kjoring:
    kode: int | str | None
    moduler: list[str]

    def av(self, *pakker: str) -> list[str]:
        """The imported modules that are one of `pakker` or inside one of them."""
        under = tuple(f"{p}." for p in pakker)
        return [m for m in self.moduler if m in pakker or m.startswith(under)]


def kjor_tilskudd(*argumenter: str) -> Kjoring:
    """Run `tilskudd ARGUMENTER` in a new interpreter (environment inherited)."""
    return kjor_etter_hverandre([*argumenter])


def kjor_etter_hverandre(*kjoringer: list[str]) -> Kjoring:
    """Run `tilskudd` once per argument list, one after the other in one new interpreter:
    what all of them imported together, and the first non-zero exit code (or 0)."""
    kode = _KODE.format(kjoringer=list(kjoringer))
    ut = subprocess.run([sys.executable, "-c", kode], capture_output=True, text=True, check=True)
    svar = json.loads(ut.stdout.splitlines()[-1])
    return Kjoring(svar["kode"], list(svar["moduler"]))
