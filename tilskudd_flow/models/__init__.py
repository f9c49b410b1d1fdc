"""All tables, in one place: importing this package registers them on SQLModel.metadata."""

from tilskudd_flow.models.audit import AuditChainHead, AuditEntry
from tilskudd_flow.models.avtale import (
    Avtale,
    AvtalePart,
    AvtaleRevisjon,
    AvtaleVersjon,
    Innspill,
    Tiltredelse,
)
from tilskudd_flow.models.case import WorkflowCase, WorkflowState
from tilskudd_flow.models.engangslenke import Engangslenke
from tilskudd_flow.models.frist import Driftsjobb, Frist, PlanlagtJobb
from tilskudd_flow.models.fsu import Fsu, FsuMedlem
from tilskudd_flow.models.innloggingsforsok import Innloggingsforsok
from tilskudd_flow.models.mote import Mote, MoteDeltaker
from tilskudd_flow.models.okt import WebOkt
from tilskudd_flow.models.outbox import OutboxMessage, UtboksVedlegg
from tilskudd_flow.models.soknad import (
    BudsjettRad,
    Milepael,
    NytteRad,
    Oremerking,
    Oversendelsespakke,
    Pott,
    Prioriteringsliste,
    Prioritet,
    PrioritetBelop,
    Rapportkrav,
    Soknad,
    SoknadBelop,
    SoknadKontakt,
    SoknadPart,
    Soknadsrunde,
    Tildeling,
    Vedlegg,
)
from tilskudd_flow.models.ssu import SakInnmelding, SsuMedlem, SsuSak, SsuSakReferanse
from tilskudd_flow.models.tenancy import (
    Bruker,
    BrukerPart,
    BrukerRolle,
    Helsefellesskap,
    Part,
    PartAlias,
    Person,
)

__all__ = [
    "AuditChainHead",
    "AuditEntry",
    "Avtale",
    "AvtalePart",
    "AvtaleRevisjon",
    "AvtaleVersjon",
    "Bruker",
    "BrukerPart",
    "BrukerRolle",
    "BudsjettRad",
    "Driftsjobb",
    "Engangslenke",
    "Frist",
    "Fsu",
    "FsuMedlem",
    "Helsefellesskap",
    "Innloggingsforsok",
    "Innspill",
    "Milepael",
    "Mote",
    "MoteDeltaker",
    "NytteRad",
    "Oremerking",
    "OutboxMessage",
    "Oversendelsespakke",
    "Part",
    "PartAlias",
    "Person",
    "PlanlagtJobb",
    "Pott",
    "Prioriteringsliste",
    "Prioritet",
    "PrioritetBelop",
    "Rapportkrav",
    "SakInnmelding",
    "Soknad",
    "SoknadBelop",
    "SoknadKontakt",
    "SoknadPart",
    "Soknadsrunde",
    "SsuMedlem",
    "SsuSak",
    "SsuSakReferanse",
    "Tildeling",
    "Tiltredelse",
    "UtboksVedlegg",
    "Vedlegg",
    "WebOkt",
    "WorkflowCase",
    "WorkflowState",
]
