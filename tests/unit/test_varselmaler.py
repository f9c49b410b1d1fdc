"""Rendering of notification templates: every workflow's e-mails, escaping, paragraphs, links."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from jinja2.exceptions import UndefinedError

from tilskudd_flow.adapters.varselmaler import Epostinnhold, Varselbygger
from tilskudd_flow.bootstrap import bygg_varsler, last_register
from tilskudd_flow.config import last_innstillinger
from tilskudd_flow.domain.arbeidsflyt import Arbeidsflyt, Arbeidsflytregister
from tilskudd_flow.domain.tid import norsk_tidspunkt

REPO = Path(__file__).resolve().parents[2]
MALER = REPO / "notifications"
INNSTILLINGER = last_innstillinger(REPO / "config.toml")
REGISTER: Arbeidsflytregister = last_register(INNSTILLINGER)
BYGGER: Varselbygger = bygg_varsler(INNSTILLINGER, REGISTER)

SAK_ID = 42
LENKE = f"{INNSTILLINGER.base_url.rstrip('/')}/saker/{SAK_ID}"
TIDSPUNKT = norsk_tidspunkt(datetime(2025, 9, 15, 9, 0, tzinfo=UTC))
FARLIG_NAVN = "<script>alert(1)</script> & «Ære»"
ROT = "http://127.0.0.1:8000"


def felles_kontekst(flyt: Arbeidsflyt, hendelse: str, fra: str, til: str) -> dict[str, Any]:
    """The same keys `varselkontekst` builds, plus the recipient `koe_varsler` adds."""
    return {
        "helsefellesskap": "Helsefellesskap Helgeland",
        "sak": {
            "id": SAK_ID,
            "referanse": flyt.referanse(SAK_ID),
            "tittel": "Eksempelsak",
            "type": flyt.tittel,
        },
        "hendelse": flyt.hendelsesnavn(hendelse),
        "fra": fra,
        "til": til,
        "fra_tilstand": flyt.tilstandsnavn(fra),
        "til_tilstand": flyt.tilstandsnavn(til),
        "kommentar": "Budsjettet mangler.",
        "lenke": LENKE,
        "tidspunkt": TIDSPUNKT,
        "mottaker": {"navn": "Kari Nordmann", "epost": "kari.nordmann@vefsn.kommune.example"},
    }


def eksempelkontekst(flyt: Arbeidsflyt, hendelse: str, fra: str, til: str) -> dict[str, Any]:
    return {**felles_kontekst(flyt, hendelse, fra, til), **flyt.eksempelkontekst}


def varseltilfeller() -> list[Any]:
    """One case per (workflow, event, transition, template): every e-mail the engine can queue."""
    tilfeller: list[Any] = []
    for flyt in REGISTER.alle():
        for tilstand in flyt.maskin.states:
            for overgang in tilstand.transitions:
                hendelse = str(overgang.event)
                fra, til = str(tilstand.id), str(overgang.target.id)
                for varsel in flyt.regel(hendelse).varsler:
                    tilfeller.append(
                        pytest.param(
                            flyt.navn,
                            hendelse,
                            fra,
                            til,
                            varsel.mal,
                            id=f"{varsel.mal}:{hendelse}:{fra}->{til}",
                        )
                    )
    return tilfeller


VARSLER = varseltilfeller()


def bygg(flyt_navn: str, hendelse: str, fra: str, til: str, mal: str) -> Epostinnhold:
    flyt = REGISTER.hent(flyt_navn)
    return BYGGER.bygg(mal, eksempelkontekst(flyt, hendelse, fra, til))


def kvittering(**endringer: Any) -> Epostinnhold:
    flyt = REGISTER.hent("rs_soknad")
    kontekst = {**eksempelkontekst(flyt, "send_inn", "utkast", "mottatt"), **endringer}
    return BYGGER.bygg("rs_soknad/kvittering", kontekst)


def test_every_workflow_queues_at_least_one_email() -> None:
    flyter_med_varsler = {param.values[0] for param in VARSLER}
    assert flyter_med_varsler == {"avtale_revisjon", "fsu_etablering", "mote", "rs_soknad"}


@pytest.mark.parametrize(("flyt_navn", "hendelse", "fra", "til", "mal"), VARSLER)
def test_every_template_a_workflow_uses_renders_with_the_common_and_sample_variables(
    flyt_navn: str, hendelse: str, fra: str, til: str, mal: str
) -> None:
    innhold = bygg(flyt_navn, hendelse, fra, til, mal)

    assert innhold.emne.strip()
    assert "\n" not in innhold.emne
    assert innhold.emne == innhold.emne.strip()

    assert innhold.tekst.startswith("Hei Kari Nordmann,\n")
    assert LENKE in innhold.tekst
    assert "Helsefellesskap Helgeland" in innhold.tekst

    assert innhold.html.startswith("<!DOCTYPE html>\n")
    assert '<html lang="nb">' in innhold.html
    assert "<p>Hei Kari Nordmann,</p>" in innhold.html
    assert f'<a href="{LENKE}">' in innhold.html
    assert "</body>\n</html>" in innhold.html

    for del_ in (innhold.emne, innhold.tekst, innhold.html):
        assert "{{" not in del_
        assert "{%" not in del_
        assert "\x1e" not in del_


def test_nothing_follows_the_closing_html_tag_in_any_template() -> None:
    etter_html: dict[str, str] = {}
    for param in VARSLER:
        flyt_navn, hendelse, fra, til, mal = param.values
        html = bygg(flyt_navn, hendelse, fra, til, mal).html
        rest = html.split("</html>", 1)[1]
        if rest.strip():
            etter_html[mal] = rest.strip()[:60]
    assert etter_html == {}


def test_the_subject_is_the_html_title() -> None:
    innhold = kvittering()
    assert f"<title>{innhold.emne}</title>" in innhold.html


def test_the_case_reference_and_recipient_name_appear_in_text_and_html() -> None:
    innhold = kvittering()
    assert "Se saken RS-42: " + LENKE in innhold.tekst
    assert f'<a href="{LENKE}">Se saken RS-42</a>' in innhold.html


def test_a_recipient_without_a_name_is_greeted_without_one() -> None:
    innhold = kvittering(mottaker={"navn": "", "epost": "postmottak@vefsn.kommune.example"})
    assert innhold.tekst.startswith("Hei,\n")
    assert "<p>Hei,</p>" in innhold.html


@pytest.mark.parametrize(
    "mangler",
    ["lenke", "helsefellesskap", "sak", "mottaker", "prosjektnavn", "runde", "oversendelsesfrist"],
)
def test_a_missing_variable_raises_undefined_error(mangler: str) -> None:
    flyt = REGISTER.hent("rs_soknad")
    kontekst = eksempelkontekst(flyt, "send_inn", "utkast", "mottatt")
    del kontekst[mangler]
    with pytest.raises(UndefinedError):
        BYGGER.bygg("rs_soknad/kvittering", kontekst)


def test_a_recipient_without_the_navn_key_raises_undefined_error() -> None:
    flyt = REGISTER.hent("rs_soknad")
    kontekst = eksempelkontekst(flyt, "send_inn", "utkast", "mottatt")
    kontekst["mottaker"] = {"epost": "kari@vefsn.kommune.example"}
    with pytest.raises(UndefinedError):
        BYGGER.bygg("rs_soknad/kvittering", kontekst)


def test_markup_in_a_project_name_is_escaped_in_html_and_verbatim_in_subject_and_text() -> None:
    innhold = kvittering(prosjektnavn=FARLIG_NAVN)

    assert FARLIG_NAVN in innhold.emne
    assert FARLIG_NAVN in innhold.tekst

    assert "<script>" not in innhold.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; «Ære»" in innhold.html
    titler = re.findall(r"<title>(.*?)</title>", innhold.html)
    assert titler == [
        "Kvittering: søknaden «&lt;script&gt;alert(1)&lt;/script&gt; &amp; «Ære»» "
        "er mottatt (RS-42)"
    ]


def test_markup_in_a_comment_is_escaped_in_html() -> None:
    flyt = REGISTER.hent("rs_soknad")
    kontekst = {
        **eksempelkontekst(flyt, "avvis", "mottatt", "avvist"),
        "kommentar": '<img src=x onerror="alert(1)">',
    }
    innhold = BYGGER.bygg("rs_soknad/avvist", kontekst)
    assert "Begrunnelse: <img src=x onerror=" in innhold.tekst
    assert "<img" not in innhold.html
    assert "Begrunnelse: &lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in innhold.html


def test_norwegian_letters_survive_in_subject_text_and_html() -> None:
    innhold = kvittering(prosjektnavn="Ærlig øving på å samhandle – ÆØÅ")
    for del_ in (innhold.emne, innhold.tekst, innhold.html):
        assert "Ærlig øving på å samhandle – ÆØÅ" in del_
    assert innhold.emne == (
        "Kvittering: søknaden «Ærlig øving på å samhandle – ÆØÅ» er mottatt (RS-42)"
    )


def _tmp_mal(mappe: Path, navn: str, innhold: str) -> Varselbygger:
    fil = mappe / f"{navn}.j2"
    fil.parent.mkdir(parents=True, exist_ok=True)
    fil.write_text(innhold, encoding="utf-8")
    return Varselbygger([mappe, MALER], base_url=ROT)


def _enkel_kontekst(**ekstra: Any) -> dict[str, Any]:
    return {
        "helsefellesskap": "Helsefellesskap Helgeland",
        "sak": {"id": 7, "referanse": "RS-7", "tittel": "T", "type": "RS-søknad"},
        "lenke": "http://127.0.0.1:8000/saker/7",
        "mottaker": {"navn": "Per", "epost": "per@rana.kommune.example"},
        **ekstra,
    }


AVSNITTSMAL = """{% extends "_ramme.j2" %}
{% block emne %}Avsnitt{% endblock %}
{% block melding %}
Første avsnitt.

Andre avsnitt
med linjeskift.


Tredje avsnitt: {{ tekst }}
{% endblock %}
"""


def test_blank_line_separated_text_becomes_separate_paragraphs(tmp_path: Path) -> None:
    bygger = _tmp_mal(tmp_path, "avsnitt", AVSNITTSMAL)
    innhold = bygger.bygg("avsnitt", _enkel_kontekst(tekst="slutt"))

    assert "<p>Første avsnitt.</p>\n" in innhold.html
    assert "<p>Andre avsnitt<br>\nmed linjeskift.</p>\n" in innhold.html
    assert "<p>Tredje avsnitt: slutt</p>\n" in innhold.html
    assert "<p></p>" not in innhold.html
    assert "Første avsnitt.\n\nAndre avsnitt\nmed linjeskift." in innhold.tekst


def test_a_variable_with_blank_lines_gives_paragraphs_whose_text_is_escaped(
    tmp_path: Path,
) -> None:
    bygger = _tmp_mal(tmp_path, "avsnitt", AVSNITTSMAL)
    innhold = bygger.bygg("avsnitt", _enkel_kontekst(tekst="a < b\n\nc & d"))
    assert "<p>Tredje avsnitt: a &lt; b</p>\n<p>c &amp; d</p>" in innhold.html
    assert "Tredje avsnitt: a < b\n\nc & d" in innhold.tekst


LENKEMAL = """{% extends "_ramme.j2" %}
{% block emne %}Lenker{% endblock %}
{% block melding %}
Les utlysningen på {{ url }} før fristen.
{% endblock %}
"""


@pytest.mark.parametrize(
    ("url", "href"),
    [
        ("http://127.0.0.1:8000/saker/7", "http://127.0.0.1:8000/saker/7"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        (
            "http://127.0.0.1:8000/saker?aar=2026&side_nr=2",
            "http://127.0.0.1:8000/saker?aar=2026&amp;side_nr=2",
        ),
    ],
)
def test_the_apps_own_urls_in_the_message_become_links(tmp_path: Path, url: str, href: str) -> None:
    bygger = _tmp_mal(tmp_path, "lenker", LENKEMAL)
    innhold = bygger.bygg("lenker", _enkel_kontekst(url=url))
    assert f'<p>Les utlysningen på <a href="{href}">{href}</a> før fristen.</p>' in innhold.html
    assert f"Les utlysningen på {url} før fristen." in innhold.tekst


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/login",
        "https://helse-nord.no/rs?aar=2026&runde=1",
        "http://127.0.0.1:8000.evil.example/saker/7",  # starts like ours, is not
        "http://127.0.0.1:8000@evil.example/",
        "http://127.0.0.1:80001/",
    ],
)
def test_other_urls_in_the_message_stay_text(tmp_path: Path, url: str) -> None:
    """Issue 17, item 6: every http(s) URL in the HTML part became a link, typed ones too."""
    bygger = _tmp_mal(tmp_path, "lenker", LENKEMAL)
    innhold = bygger.bygg("lenker", _enkel_kontekst(url=url))
    assert innhold.html.count("<a href=") == 1  # only the frame's link to the case
    assert 'href="http://127.0.0.1:8000/saker/7"' in innhold.html


def test_an_applicants_url_in_a_real_receipt_is_text_and_the_case_link_is_a_link() -> None:
    """Issue 17, item 6: the receipt goes to any address the applicant types, from our
    address; a title «Se https://evil.example/login» must not arrive as our link."""
    innhold = kvittering(prosjektnavn="Se https://evil.example/login")
    lenker = re.findall(r'<a href="([^"]*)"', innhold.html)
    assert lenker == [LENKE]
    assert "«Se https://evil.example/login»" in innhold.html
    assert LENKE.startswith(INNSTILLINGER.base_url.rstrip("/") + "/")


def test_text_without_a_url_gets_no_link(tmp_path: Path) -> None:
    bygger = _tmp_mal(tmp_path, "lenker", LENKEMAL)
    innhold = bygger.bygg("lenker", _enkel_kontekst(url="www-siden"))
    assert innhold.html.count("<a href=") == 1  # only the frame's link to the case


def test_a_template_that_does_not_extend_the_frame_is_refused(tmp_path: Path) -> None:
    (tmp_path / "frittstaende.j2").write_text("Hei {{ navn }}, alt er klart.\n", "utf-8")
    bygger = Varselbygger([tmp_path], base_url=ROT)
    with pytest.raises(ValueError, match=r"malen frittstaende\.j2 må utvide _ramme\.j2"):
        bygger.bygg("frittstaende", {"navn": "Kari"})


def test_alle_maler_lists_templates_without_the_frame_or_other_partials(tmp_path: Path) -> None:
    for navn in ("_ramme.j2", "a.j2", "b/c.j2", "b/_delmal.j2", "notat.txt"):
        fil = tmp_path / navn
        fil.parent.mkdir(parents=True, exist_ok=True)
        fil.write_text("{# tom #}\n", encoding="utf-8")
    bygger = Varselbygger([tmp_path], base_url=ROT)
    assert bygger.alle_maler() == ["a", "b/c"]
    assert bygger.finnes("b/c")
    assert not bygger.finnes("notat")


def test_the_repository_templates_are_listed_without_the_frame() -> None:
    maler = BYGGER.alle_maler()
    assert "_ramme" not in maler
    assert maler == sorted(maler)
    assert {param.values[4] for param in VARSLER} <= set(maler)
    assert "rs_soknad/kvittering" in maler
    assert "fsu_etablering/oppnevnt" in maler
    assert "avtale_revisjon/innspill_apnet" in maler
