"""The domain's fixed vocabularies. Values are stored; `visning` is what users read."""

from enum import StrEnum


class Kodeverk(StrEnum):
    """A StrEnum whose members also carry a bokmål display name."""

    @property
    def visning(self) -> str:
        return _VISNING.get(self.value, self.value.replace("_", " ").capitalize())


class Rolle(Kodeverk):
    SOKER = "soker"
    SEKRETARIAT = "sekretariat"
    SSU_MEDLEM = "ssu_medlem"
    ADMIN = "admin"
    SYSTEM = "system"


class Lenkeformaal(Kodeverk):
    """What a one-time link in an e-mail lets its holder do."""

    INVITASJON = "invitasjon"
    NYTT_PASSORD = "nytt_passord"


class PartType(Kodeverk):
    KOMMUNE = "kommune"
    HELSEFORETAK = "helseforetak"


class PartRolle(Kodeverk):
    """How a party stands on a søknad."""

    EIER = "eier"
    STOTTER = "stotter"


class Side(Kodeverk):
    KOMMUNE = "kommune"
    HELSEFORETAK = "helseforetak"


class VedleggType(Kodeverk):
    SIGNERT_AVTALE = "signert_avtale"
    BUDSJETT = "budsjett"
    INTENSJONSAVTALE = "intensjonsavtale"
    NYTTETABELL = "nyttetabell"
    FRAMDRIFTSPLAN = "framdriftsplan"
    PROSJEKTBESKRIVELSE = "prosjektbeskrivelse"
    RAPPORT = "rapport"
    SLUTTRAPPORT = "sluttrapport"
    ANNET = "annet"


class Ordning(Kodeverk):
    """Which pot money comes from: the helsefellesskap's local pot or Helse Nord's scheme."""

    LOKAL = "lokal"
    REGIONAL = "regional"


class Sakstype(Kodeverk):
    """What SSU is asked to do with a sak."""

    ORIENTERINGSSAK = "orienteringssak"
    DROFTINGSSAK = "droftingssak"
    BESLUTNINGSSAK = "beslutningssak"


class Prioritering(Kodeverk):
    """What SSU's priority list says about a søknad."""

    LOKAL = "lokal"
    REGIONAL = "regional"
    BEGGE = "begge"


class MilepaelType(Kodeverk):
    MILEPAEL = "milepael"
    EVALUERING = "evaluering"
    RAPPORT = "rapport"
    SLUTTRAPPORT = "sluttrapport"


class RapportType(Kodeverk):
    AARSRAPPORT = "aarsrapport"
    SLUTTRAPPORT = "sluttrapport"


class FsuType(Kodeverk):
    FAST = "fast"
    MIDLERTIDIG = "midlertidig"


class FsuRolle(Kodeverk):
    """Whom a member represents in an FSU."""

    BRUKERREPRESENTANT = "brukerrepresentant"
    FASTLEGEREPRESENTANT = "fastlegerepresentant"
    KOMMUNE = "kommune"
    HELSEFORETAK = "helseforetak"
    ANNEN = "annen"


class Verv(Kodeverk):
    LEDER = "leder"
    NESTLEDER = "nestleder"
    MEDLEM = "medlem"


class Motetype(Kodeverk):
    """The meetings the sekretariat calls; each has its own meeting-paper deadline."""

    SSU = "ssu"
    SSU_EKSTRAORDINAERT = "ssu_ekstraordinaert"
    DIALOG_PARTNERSKAP = "dialog_partnerskap"
    FSU = "fsu"


class Oppmote(Kodeverk):
    """A member's answer to an invitation."""

    INNKALT = "innkalt"
    MOTER = "moter"
    FORFALL = "forfall"


class AvtaleType(Kodeverk):
    SAMARBEIDSAVTALE = "samarbeidsavtale"
    TJENESTEAVTALE = "tjenesteavtale"


class InnspillOmfang(Kodeverk):
    MINDRE = "mindre"
    VESENTLIG = "vesentlig"


class JobbArt(Kodeverk):
    """What a planned job does: remind before a deadline, act on it, or escalate after."""

    PAAMINNELSE = "paaminnelse"
    VIRKNING = "virkning"
    ESKALERING = "eskalering"


class OutboxStatus(Kodeverk):
    KLAR = "klar"
    SENDT = "sendt"
    FEILET = "feilet"
    DOD = "dod"
    FORKASTET = "forkastet"  # the sekretariat dropped it; never sent


_VISNING = {
    "droftingssak": "Drøftingssak",
    "soker": "Søker",
    "ssu_medlem": "SSU-medlem",
    "admin": "Administrator",
    "stotter": "Støtter søknaden",
    "signert_avtale": "Signert avtale om felles søknad",
    "framdriftsplan": "Framdriftsplan",
    "milepael": "Milepæl",
    "aarsrapport": "Årsrapport",
    "brukerrepresentant": "Brukerrepresentant",
    "fastlegerepresentant": "Fastlegerepresentant",
    "dod": "Død (gitt opp)",
    "paaminnelse": "Påminnelse",
    "virkning": "Fristvirkning",
    "eskalering": "Eskalering",
    "ssu": "SSU-møte",
    "ssu_ekstraordinaert": "Ekstraordinært SSU-møte",
    "dialog_partnerskap": "Dialog- og partnerskapsmøte",
    "fsu": "FSU-møte",
    "moter": "Møter",
}
