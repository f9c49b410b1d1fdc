"""What services need besides the unit of work; built once by the bootstrap."""

from __future__ import annotations

from dataclasses import dataclass

from tilskudd_flow.adapters.varselmaler import Varselbygger
from tilskudd_flow.clock import Clock
from tilskudd_flow.config import Innstillinger
from tilskudd_flow.domain.arbeidsflyt import Arbeidsflytregister


@dataclass(frozen=True)
class Saksmiljo:
    register: Arbeidsflytregister
    klokke: Clock
    varsler: Varselbygger
    innstillinger: Innstillinger
