"""The meeting papers from the database: a sak's saksfremlegg, a meeting's innkalling and its
referat, as the document adapter renders them (HTML, PDF, DOCX).

`saksfremleggsfil` and `motepapirfil` are the one way a paper becomes a file, for rows the
caller has loaded and may see: the downloads (ssu/dokumentfiler) check access first, the
innkalling e-mail (ssu/moter) attaches them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from email.utils import parseaddr

from sqlmodel import Session, col, select

from tilskudd_flow.config import Innstillinger
from tilskudd_flow.dokumenter import saksfremlegg as papir
from tilskudd_flow.dokumenter.dokument import DOCX, HTML, PDF, Dokument
from tilskudd_flow.dokumenter.saksfremlegg import (
    Moteinnkalling,
    Referat,
    Referatpunkt,
    Saksfremlegg,
    Sakslistepunkt,
)
from tilskudd_flow.dokumenter.wordmaler import Dokumentoppsett
from tilskudd_flow.domain.frister import Virkedag, effektiv_dato
from tilskudd_flow.domain.kodeverk import Motetype, Oppmote
from tilskudd_flow.domain.moter import tidsrom
from tilskudd_flow.domain.norsk import dato
from tilskudd_flow.domain.tid import OSLO, dato_i_oslo, norsk_dato
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.mote import Mote, MoteDeltaker
from tilskudd_flow.models.ssu import SsuSak
from tilskudd_flow.models.tenancy import Bruker, Helsefellesskap
from tilskudd_flow.motor.adresser import MOTEADRESSE
from tilskudd_flow.motor.miljo import Saksmiljo
from workflows import mote as moteflyt
from workflows.mote import er_kalt_inn

MEDIATYPER = {"html": HTML, "pdf": PDF, "docx": DOCX}
# Each format's renderer, given the paper and the helsefellesskap's Word templates.
SAKSFREMLEGG: dict[str, Callable[[Saksfremlegg, Dokumentoppsett], bytes]] = {
    "html": lambda fremlegg, _: papir.saksfremlegg_html(fremlegg).encode(),
    "pdf": lambda fremlegg, _: papir.saksfremlegg_pdf(fremlegg),
    "docx": papir.saksfremlegg_docx,
}
INNKALLING: dict[str, Callable[[Moteinnkalling, Dokumentoppsett], bytes]] = {
    "pdf": lambda innkalling, _: papir.innkalling_pdf(innkalling),
    "docx": papir.innkalling_docx,
}
REFERAT: dict[str, Callable[[Referat, Dokumentoppsett], bytes]] = {
    "pdf": lambda referat, _: papir.referat_pdf(referat),
    "docx": papir.referat_docx,
}


def dokumentoppsett(innstillinger: Innstillinger, kode: str) -> Dokumentoppsett:
    """The helsefellesskap's Word templates and logo, as config.toml names them."""
    valgt = innstillinger.helsefellesskap_innstillinger(kode).dokumenter
    return Dokumentoppsett(valgt.saksfremlegg, valgt.innkalling, valgt.referat, valgt.logo)


MOTEPAPIRER = ("innkalling", "referat")
MOTEFORMATER = ("pdf", "docx")


def saksfremleggsfil(
    session: Session, miljo: Saksmiljo, hf: Helsefellesskap, ssu_sak: SsuSak, format_: str
) -> Dokument:
    """The saksfremlegg as a file (`format_` one of SAKSFREMLEGG); no access check here."""
    oppsett = dokumentoppsett(miljo.innstillinger, hf.kode)
    innhold = SAKSFREMLEGG[format_](saksfremlegg_for(session, miljo, hf, ssu_sak), oppsett)
    navn = f"Saksfremlegg {ssu_sak.saksnummer.vis()}.{format_}"
    return Dokument(innhold, MEDIATYPER[format_], navn)


def motepapirfil(
    session: Session,
    miljo: Saksmiljo,
    hf: Helsefellesskap,
    sak: WorkflowCase,
    mote: Mote,
    hva: str,
    format_: str,
) -> Dokument:
    """A meeting's innkalling or referat as a file (MOTEPAPIRER, MOTEFORMATER); no access
    check here."""
    oppsett = dokumentoppsett(miljo.innstillinger, hf.kode)
    if hva == "innkalling":
        innhold = INNKALLING[format_](innkalling_for(session, miljo, hf, sak, mote), oppsett)
    else:
        innhold = REFERAT[format_](referat_for(session, miljo, hf, sak, mote), oppsett)
    return Dokument(innhold, MEDIATYPER[format_], f"{hva.capitalize()} {sak.tittel}.{format_}")


def utvalg(session: Session, miljo: Saksmiljo, hf: Helsefellesskap, mote: Mote | None) -> str:
    if mote is not None and mote.type == Motetype.DIALOG_PARTNERSKAP:
        return "Dialog- og partnerskapsmøtet"
    if mote is not None and mote.fsu_case_id is not None:
        fsu = session.get(WorkflowCase, mote.fsu_case_id)
        return fsu.tittel if fsu is not None else "FSU"
    return miljo.innstillinger.helsefellesskap_innstillinger(hf.kode).ssu.utvalg


def saksfremlegg_for(
    session: Session, miljo: Saksmiljo, hf: Helsefellesskap, ssu_sak: SsuSak
) -> Saksfremlegg:
    mote = session.get(Mote, ssu_sak.mote_id) if ssu_sak.mote_id is not None else None
    return Saksfremlegg(
        helsefellesskap=hf.navn,
        saksnummer=ssu_sak.saksnummer.vis(),
        tittel=ssu_sak.tittel,
        sakstype=ssu_sak.type.visning,
        utvalg=utvalg(session, miljo, hf, mote),
        motedato=dato(mote.start.astimezone(OSLO)) if mote is not None else "",
        innstilling=tuple(punkter(ssu_sak.innstilling)),
        saksopplysninger=_med_referanser(session, miljo, ssu_sak),
        vurdering=ssu_sak.vurdering.strip(),
        vedlegg=tuple(punkter(ssu_sak.vedlegg)),
        forslag_til_vedtak=_forslag(ssu_sak) if ssu_sak.vedtatt is not None else "",
        vedtak=ssu_sak.vedtak if ssu_sak.vedtatt is not None else "",
        saksbehandler=saksbehandler(session, ssu_sak),
        dato=norsk_dato(dato_i_oslo(miljo.klokke.now())),
        referanse=f"SSU-sak {ssu_sak.saksnummer.vis('skrastrek')}",
    )


def saksbehandler(session: Session, ssu_sak: SsuSak) -> str:
    """The saksbehandler of the first case the sak is about that has one; else the
    sekretariat user who registered the sak (their name, or their username if gone)."""
    ider = [r.case_id for r in ssu_sak.referanser]
    if ider:
        tildelt = session.exec(
            select(Bruker.navn)
            .join(WorkflowCase, col(WorkflowCase.saksbehandler_id) == col(Bruker.id))
            .where(col(WorkflowCase.id).in_(ider))
            .order_by(col(WorkflowCase.id))
        ).first()
        if tildelt:
            return tildelt
    registrert = session.exec(select(Bruker.navn).where(Bruker.brukernavn == ssu_sak.registrert_av))
    return registrert.first() or ssu_sak.registrert_av


def punkter(tekst: str) -> list[str]:
    """One point per line; a leading «1.» or «-» the writer typed is not repeated."""
    ut = []
    for linje in tekst.splitlines():
        renset = linje.strip().lstrip("-•").strip()
        hode, punktum, rest = renset.partition(".")
        ut.append(rest.strip() if punktum and hode.isdigit() and rest.strip() else renset)
    return [p for p in ut if p]


def _forslag(ssu_sak: SsuSak) -> str:
    return "\n".join(f"{i}. {p}" for i, p in enumerate(punkter(ssu_sak.innstilling), start=1))


def _med_referanser(session: Session, miljo: Saksmiljo, ssu_sak: SsuSak) -> str:
    ider = [r.case_id for r in ssu_sak.referanser]
    if not ider:
        return ssu_sak.saksopplysninger.strip()
    saker = session.exec(
        select(WorkflowCase).where(col(WorkflowCase.id).in_(ider)).order_by(col(WorkflowCase.id))
    )
    linjer = []
    for case in saker:
        flyt = miljo.register.hent(case.workflow)
        linjer.append(f"{flyt.referanse(case.id or 0)} {case.tittel} "
                      f"({flyt.tilstandsnavn(case.state).lower()})")  # fmt: skip
    gjelder = "Saken gjelder: " + "; ".join(linjer) + "."
    return "\n\n".join(t for t in (ssu_sak.saksopplysninger.strip(), gjelder) if t)


def innkalling_for(
    session: Session, miljo: Saksmiljo, hf: Helsefellesskap, sak: WorkflowCase, mote: Mote
) -> Moteinnkalling:
    return Moteinnkalling(
        helsefellesskap=hf.navn,
        utvalg=utvalg(session, miljo, hf, mote),
        tittel=f"Møteinnkalling – {sak.tittel}",
        tidspunkt=tidsrom(mote.start, mote.slutt),
        sted=mote.sted,
        videolenke=mote.videolenke,
        saksliste=tuple(
            Sakslistepunkt(s.saksnummer.vis(), s.tittel, s.type.visning) for s in mote.ssu_saker
        ),
        medlemmer=tuple(_kalt(d) for d in mote.deltakere if er_kalt_inn(d) and not d.er_vara),
        vara_innkalt=tuple(_kalt(d) for d in mote.deltakere if er_kalt_inn(d) and d.er_vara),
        forfall=forfallstekst(miljo.innstillinger, hf.kode, mote),
    )


def _kalt(deltaker: MoteDeltaker) -> str:
    navn = _navn(deltaker.person.navn, deltaker.rolle)
    return f"{navn} – har meldt forfall" if deltaker.oppmote == Oppmote.FORFALL else navn


def forfallstekst(innstillinger: Innstillinger, kode: str, mote: Mote) -> str:
    """How and by when to give notice of forfall, as the helsefellesskap has set it up."""
    hf = innstillinger.helsefellesskap_innstillinger(kode)
    valgt = hf.dokumenter
    til = valgt.forfall_til or next(iter(hf.mottakere.get("sekretariat", [])), "")
    til = til or parseaddr(hf.svar_til or hf.avsender)[1]
    side = innstillinger.base_url.rstrip("/") + MOTEADRESSE.format(mote_id=mote.case_id)
    naar = "så snart som mulig"
    if valgt.forfall_frist_dager is not None:
        # Counted back from the meeting; a weekend or holiday moves it to the working day
        # before, so the sekretariat has a working day to call the vara in.
        dag = dato_i_oslo(mote.start) - timedelta(days=valgt.forfall_frist_dager)
        frist = effektiv_dato(dag, Virkedag.BAKOVER)
        naar = f"senest {norsk_dato(frist, med_ukedag=True)}"
    hvor = f"på møtesiden ({side})" + (f" eller til sekretariatet på {til}" if til else "")
    return f"Kan du ikke møte, meld forfall {naar} {hvor}. Varaen din blir da kalt inn."


def referat_for(
    session: Session, miljo: Saksmiljo, hf: Helsefellesskap, sak: WorkflowCase, mote: Mote
) -> Referat:
    tilstand = miljo.register.hent(sak.workflow).tilstandsnavn(sak.state)
    if mote.publisert is not None:
        status = f"Publisert {norsk_dato(mote.publisert.astimezone(OSLO).date())}"
    elif mote.horingsfrist is not None:
        status = f"{tilstand} (frist {norsk_dato(mote.horingsfrist)})"
    else:
        status = tilstand if sak.state != moteflyt.Tilstand.AVHOLDT else "Utkast"
    return Referat(
        helsefellesskap=hf.navn,
        utvalg=utvalg(session, miljo, hf, mote),
        tittel=f"Referat – {sak.tittel}",
        tidspunkt=tidsrom(mote.start, mote.slutt),
        sted=", ".join(s for s in (mote.sted, mote.videolenke) if s),
        til_stede=tuple(_navn(d.person.navn, d.rolle)
                        for d in mote.deltakere if d.oppmote == Oppmote.MOTER),
        forfall=tuple(_navn(d.person.navn, d.rolle)
                      for d in mote.deltakere if d.oppmote == Oppmote.FORFALL),
        punkter=tuple(Referatpunkt(s.saksnummer.vis(), s.tittel, s.type.visning, s.vedtak)
                      for s in mote.ssu_saker),
        status=status,
    )  # fmt: skip


def _navn(navn: str, rolle: str) -> str:
    return f"{navn} ({rolle})" if rolle else navn
