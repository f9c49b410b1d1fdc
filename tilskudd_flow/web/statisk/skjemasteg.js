// The søknad form one step at a time. Without JavaScript the steps are fieldsets down one
// page and the progress indicator links to each. With it, only the current step shows, but
// every field stays in the one <form>: «Send inn søknaden» still sends all of them, and the
// server still checks all of them. The hidden field «steg» tells the server which step to
// come back to after «Lagre utkast» (it redirects with ?steg=N and echoes it in the field).
(function () {
  "use strict";
  const skjema = document.querySelector("form.soknad");
  const indikator = document.querySelector(".steg-indikator");
  if (!skjema || !indikator) return;
  const steg = Array.from(skjema.querySelectorAll("fieldset.steg"));
  const lenker = Array.from(indikator.querySelectorAll("a[href^='#steg-']"));
  const teller = document.getElementById("steg-teller");
  const stegfelt = document.getElementById("steg-felt");
  const knapper = skjema.querySelector(".knapper");
  const sendInn = document.getElementById("send-inn");
  if (!steg.length || !knapper || !sendInn) return;

  function knapp(tekst, id, klasse) {
    const ny = document.createElement("button");
    ny.type = "button"; // moves between steps, never submits
    ny.id = id;
    ny.className = klasse;
    ny.textContent = tekst;
    return ny;
  }
  const forrige = knapp("Forrige", "steg-forrige", "knapp sekundar");
  const neste = knapp("Neste", "steg-neste", "knapp");
  knapper.prepend(forrige, neste);
  skjema.classList.add("steg-ett-om-gangen");
  indikator.classList.add("steg-aktiv");

  let naa = 1;

  function stegFor(element) {
    const funnet = element && element.closest("fieldset.steg");
    return funnet ? steg.indexOf(funnet) + 1 : 0;
  }

  function vis(nummer, fokus) {
    naa = nummer;
    steg.forEach((fieldset, i) => { fieldset.hidden = i !== nummer - 1; });
    lenker.forEach((lenke, i) => {
      if (i === nummer - 1) lenke.setAttribute("aria-current", "step");
      else lenke.removeAttribute("aria-current");
      lenke.parentElement.classList.toggle("steg-for", i < nummer - 1);
    });
    teller.textContent = "Steg " + nummer + " av " + steg.length;
    stegfelt.value = String(nummer);
    const sist = nummer === steg.length;
    forrige.hidden = nummer === 1;
    neste.hidden = sist;
    sendInn.hidden = !sist;
    if (sist) seOver();
    if (fokus) {
      indikator.scrollIntoView({ block: "start" });
      steg[nummer - 1].querySelector(".steg-tittel").focus({ preventScroll: true });
    }
  }

  forrige.addEventListener("click", () => vis(Math.max(naa - 1, 1), true));
  neste.addEventListener("click", () => vis(Math.min(naa + 1, steg.length), true));
  lenker.forEach((lenke, i) => lenke.addEventListener("click", (hendelse) => {
    hendelse.preventDefault();
    vis(i + 1, true);
  }));

  // A link to a field (the error summary's): open its step first, so the browser can go
  // there, then put the cursor in the field.
  function maalFor(lenke) {
    const id = decodeURIComponent(lenke.getAttribute("href").slice(1));
    return id ? document.getElementById(id) : null;
  }
  function apneFelt(maal) {
    const nummer = stegFor(maal);
    if (!nummer) return;
    if (nummer !== naa) vis(nummer, false);
    const lukket = maal.closest("details");
    if (lukket) lukket.open = true;
    maal.focus();
  }
  document.addEventListener("click", (hendelse) => {
    const lenke = hendelse.target.closest && hendelse.target.closest("a[href^='#']");
    if (!lenke || indikator.contains(lenke)) return;
    const maal = maalFor(lenke);
    if (maal && !maal.classList.contains("steg")) apneFelt(maal);
  });

  // «Se over»: what is filled in, step by step and grouped as the step groups it, with a
  // way back to each step. Built from the fields themselves, so it never drifts from them.
  function legenden(fieldset) {
    return fieldset.querySelector("legend").textContent.trim();
  }

  function svaret(felt) {
    const etikett = felt.labels && felt.labels[0] ? felt.labels[0].textContent.trim() : "";
    const indre = felt.closest("fieldset.indre");
    const navn = indre && !/^\d/.test(etikett) ? legenden(indre) + " – " + etikett : etikett;
    if (felt.type === "checkbox") {
      if (!felt.checked) return null;
      const gruppe = felt.closest("fieldset");
      return gruppe.classList.contains("steg") ? [etikett, "Ja"] : [legenden(gruppe), etikett];
    }
    if (felt.type === "file") {
      const filer = Array.from(felt.files || []).map((fil) => fil.name).join(", ");
      return filer ? [navn, filer] : null;
    }
    if (felt.tagName === "SELECT") {
      return felt.selectedIndex > 0 ? [navn, felt.options[felt.selectedIndex].text] : null;
    }
    return felt.value.trim() ? [navn, felt.value.trim()] : null;
  }

  function grupper(fieldset) {
    const funnet = new Map(); // group's legend ("" for the step itself) → (name → answer)
    function legg(tittel, navn, verdi) {
      if (!funnet.has(tittel)) funnet.set(tittel, new Map());
      const rader = funnet.get(tittel); // ticked kommuner become one line per list
      rader.set(navn, rader.has(navn) ? rader.get(navn) + ", " + verdi : verdi);
    }
    fieldset.querySelectorAll("input, textarea, select").forEach((felt) => {
      if (felt.type === "hidden" || felt.type === "submit") return;
      const svar = svaret(felt);
      if (!svar) return;
      const del = Array.from(fieldset.children)
        .find((barn) => barn.tagName === "FIELDSET" && barn.contains(felt));
      legg(del ? legenden(del) : "", svar[0], svar[1]);
    });
    fieldset.querySelectorAll(".vedleggsliste li").forEach((punkt) => {
      legg("", "Lagt ved tidligere", punkt.firstChild.textContent.replace("Lagt ved:", "").trim());
    });
    return funnet;
  }

  function liste(rader) {
    const dl = document.createElement("dl");
    rader.forEach((verdi, navn) => {
      const dt = document.createElement("dt");
      dt.textContent = navn;
      const dd = document.createElement("dd");
      dd.textContent = verdi;
      dl.append(dt, dd);
    });
    return dl;
  }

  function seOver() {
    const oversikt = document.getElementById("steg-oversikt");
    if (!oversikt) return;
    oversikt.replaceChildren();
    steg.slice(0, -1).forEach((fieldset, i) => {
      const del = document.createElement("section");
      del.className = "steg-svar";
      const tittel = document.createElement("h3");
      tittel.textContent = fieldset.querySelector(".steg-tittel").lastChild.textContent.trim();
      del.append(tittel);
      const funnet = grupper(fieldset);
      funnet.forEach((rader, gruppe) => {
        if (gruppe) {
          const undertittel = document.createElement("h4");
          undertittel.textContent = gruppe;
          del.append(undertittel);
        }
        del.append(liste(rader));
      });
      if (!funnet.size) {
        const tomt = document.createElement("p");
        tomt.textContent = "Ingenting fylt ut ennå.";
        del.append(tomt);
      }
      const endre = knapp("Endre", "steg-endre-" + (i + 1), "knapp sekundar steg-endre");
      const hvilket = document.createElement("span");
      hvilket.className = "steg-skjult";
      hvilket.textContent = " " + tittel.textContent;
      endre.append(hvilket);
      endre.addEventListener("click", () => vis(i + 1, true));
      del.append(endre);
      oversikt.append(del);
    });
  }

  // Where to start: at the first error the server found; else at the field the address
  // points to (#linje_6_kostnadspost after «Legg til linje»); else at the step the server
  // sent back (after «Lagre utkast» on step 4: ?steg=4, echoed in the hidden field).
  const oppsummering = document.getElementById("feiloppsummering");
  const forsteFeil = oppsummering && oppsummering.querySelector("a[href^='#']");
  const adressen = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  const tilbake = parseInt(stegfelt.value, 10);
  if (forsteFeil && stegFor(maalFor(forsteFeil))) {
    vis(stegFor(maalFor(forsteFeil)), false);
    oppsummering.focus();
  } else if (adressen && stegFor(adressen) && !adressen.classList.contains("steg")) {
    vis(stegFor(adressen), false);
    adressen.scrollIntoView({ block: "center" });
    adressen.focus({ preventScroll: true });
  } else if (adressen && adressen.classList.contains("steg")) {
    vis(steg.indexOf(adressen) + 1, true);
  } else if (tilbake > 1 && tilbake <= steg.length) {
    vis(tilbake, false); // the page stays at the top, where «Utkastet er lagret» is
    steg[tilbake - 1].querySelector(".steg-tittel").focus({ preventScroll: true });
  } else {
    vis(1, false);
  }
})();
