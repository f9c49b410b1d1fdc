"""Errors users see: each says what was wrong in bokmål, and nothing was written."""


class Saksfeil(Exception):
    """Base for every refusal the engine reports to a user."""


class IkkeFunnet(Saksfeil):
    pass


class IkkeTillatt(Saksfeil):
    """The acting user may not do this (role or party)."""


class UgyldigHendelse(Saksfeil):
    """The event does not exist, or is not allowed in the case's current state."""


class Regelbrudd(Saksfeil):
    """A guard refused the transition; the message states the rule."""


class UgyldigFelt(Saksfeil):
    def __init__(self, felt: str, melding: str) -> None:
        super().__init__(f"{felt}: {melding}")
        self.felt = felt


class Konflikt(Saksfeil):
    """Someone else changed the case since it was loaded."""


class UgyldigDokument(Saksfeil):
    """A file that cannot be accepted; the message lists each field and what was wrong."""


class BruttRevisjonslogg(Saksfeil):
    """The audit chain does not verify: a row was changed, removed or reordered."""
