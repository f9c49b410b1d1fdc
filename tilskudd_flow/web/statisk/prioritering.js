// The prioritisation meeting page, enhanced: drag and drop for the meeting leader, and a
// list that follows the leader's changes for everyone else. Without JavaScript the page
// still works: «Flytt opp»/«Flytt ned» buttons, and an «Oppdater nå» link.
(function () {
  "use strict";
  const forste = document.getElementById("moteliste");
  if (!forste) return;
  const aar = forste.dataset.aar;
  const kunnger = (tekst) => {
    const omrade = document.getElementById("oppdatert");
    if (omrade) omrade.textContent = tekst;
  };

  // Replace the list with a freshly rendered page; the new page's CSRF token replaces the
  // old one everywhere (rendering a page renews the token cookie).
  function byttInn(html) {
    const ny = new DOMParser().parseFromString(html, "text/html");
    const nyRot = ny.getElementById("moteliste");
    const nyttToken = ny.querySelector("input[name=csrf_token]");
    const gammel = document.getElementById("moteliste");
    if (!nyRot || !gammel) return false;
    gammel.replaceWith(nyRot);
    if (nyttToken) {
      document.querySelectorAll("input[name=csrf_token]").forEach((felt) => {
        felt.value = nyttToken.value;
      });
    }
    return true;
  }

  function folg() {
    const gjeldende = document.getElementById("moteliste");
    if (!gjeldende || gjeldende.dataset.kanEndre === "ja") return;
    fetch(`/prioritering/${aar}/versjon`, { credentials: "same-origin" })
      .then((svar) => (svar.ok ? svar.json() : null))
      .then((data) => {
        if (!data || String(data.versjon) === gjeldende.dataset.versjon) return null;
        return fetch(`/prioritering/${aar}`, { credentials: "same-origin" })
          .then((svar) => svar.text())
          .then((html) => {
            if (byttInn(html)) kunnger(`Listen er oppdatert (versjon ${data.versjon}).`);
          });
      })
      .catch(() => undefined);
  }

  function dra() {
    const liste = document.getElementById("prioritert");
    const skjema = document.getElementById("rekkefolgeskjema");
    if (!liste || !skjema) return;
    let dratt = null;
    liste.addEventListener("dragstart", (e) => {
      dratt = e.target.closest("li[data-sak]");
      if (dratt) {
        dratt.classList.add("dras");
        e.dataTransfer.effectAllowed = "move";
        e.dataTransfer.setData("text/plain", dratt.dataset.sak);
      }
    });
    liste.addEventListener("dragover", (e) => {
      if (!dratt) return;
      e.preventDefault();
      const under = e.target.closest("li[data-sak]");
      if (!under || under === dratt) return;
      const boks = under.getBoundingClientRect();
      const etter = e.clientY > boks.top + boks.height / 2;
      liste.insertBefore(dratt, etter ? under.nextSibling : under);
    });
    liste.addEventListener("drop", (e) => e.preventDefault());
    liste.addEventListener("dragend", () => {
      if (!dratt) return;
      dratt.classList.remove("dras");
      dratt = null;
      const rekkefolge = [...liste.querySelectorAll("li[data-sak]")].map((li) => li.dataset.sak);
      skjema.elements.rekkefolge.value = rekkefolge.join(",");
      fetch(skjema.action, { method: "POST", body: new FormData(skjema), credentials: "same-origin" })
        .then((svar) => svar.text())
        .then((html) => {
          if (byttInn(html)) {
            dra();
            kunnger("Rekkefølgen er lagret.");
          }
        });
    });
  }

  dra();
  setInterval(folg, 3000);
})();
