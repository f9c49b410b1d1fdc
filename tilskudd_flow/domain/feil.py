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
        self.melding = melding

    @property
    def alle(self) -> dict[str, str]:
        """Every field that was wrong, with what was wrong with it."""
        return {self.felt: self.melding}


class UgyldigeFelt(UgyldigFelt):
    """Several fields were wrong; a form shows each beside its field."""

    def __init__(self, feil: dict[str, str]) -> None:
        forste, melding = next(iter(feil.items()))
        super().__init__(forste, melding)
        self._alle = dict(feil)
        self.args = ("; ".join(f"{felt}: {tekst}" for felt, tekst in feil.items()),)

    @property
    def alle(self) -> dict[str, str]:
        return dict(self._alle)


class Konflikt(Saksfeil):
    """Someone else changed the case since it was loaded."""


class UgyldigDokument(Saksfeil):
    """A file that cannot be accepted; the message lists each field and what was wrong."""


class BruttRevisjonslogg(Saksfeil):
    """The audit chain does not verify: a row was changed, removed or reordered."""
