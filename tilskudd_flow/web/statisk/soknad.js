// The søknad form, enhanced. Without JavaScript everything works: the error summary has
// autofocus and the budget sums are worked out by the server on every save. With it, focus
// surely lands on the summary, and the sums follow the budget lines while one types.
(function () {
  "use strict";
  const oppsummering = document.getElementById("feiloppsummering");
  if (oppsummering && document.activeElement !== oppsummering) oppsummering.focus();

  const summer = document.getElementById("budsjettsummer");
  if (!summer) return;
  const kr = (ore) =>
    "kr " + Math.round(ore / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, " ");

  // A plain reading of an amount («kr 1 500 000», «1,5 mill», «250 000,-»); anything else
  // is left to the server, which tells the applicant on the next save.
  function ore(tekst) {
    let t = tekst.toLowerCase().replace(/kr\.?/g, "").replace(/,-/g, "").replace(/[\s\u00a0]/g, "");
    let faktor = 1;
    const mill = t.match(/(mill(ioner|ion)?|mnok)$/);
    if (mill) { faktor = 1e6; t = t.slice(0, -mill[0].length); }
    if (!/^\d+([.,]\d+)?$/.test(t.replace(/\.(?=\d{3}(\D|$))/g, ""))) return null;
    const tall = parseFloat(t.replace(/\.(?=\d{3}(\D|$))/g, "").replace(",", "."));
    return Math.round(tall * faktor * 100);
  }

  function oppdater() {
    const perAar = new Map();
    let uleselige = 0;
    document.querySelectorAll("input[id^=linje_][id$=_belop]").forEach((felt) => {
      const tekst = felt.value.trim();
      if (!tekst) return;
      const verdi = ore(tekst);
      if (verdi === null) { uleselige += 1; return; }
      const aarFelt = document.getElementById(felt.id.replace(/_belop$/, "_aar"));
      const aar = (aarFelt && aarFelt.value.trim()) || "Uten år";
      perAar.set(aar, (perAar.get(aar) || 0) + verdi);
    });
    const liste = document.getElementById("summer-per-aar");
    liste.replaceChildren();
    [...perAar.keys()].sort().forEach((aar) => {
      const punkt = document.createElement("li");
      punkt.textContent = aar + ": " + kr(perAar.get(aar));
      liste.append(punkt);
    });
    const totalt = [...perAar.values()].reduce((a, b) => a + b, 0);
    document.getElementById("sum-totalt").textContent = kr(totalt);
    const sokt = ore((document.getElementById("budsjett_sokt") || {}).value || "");
    const differanse = document.getElementById("sum-differanse");
    differanse.textContent = sokt !== null && perAar.size && totalt !== sokt
      ? "Linjene er " + kr(Math.abs(totalt - sokt)) + (totalt > sokt ? " mer" : " mindre") + " enn søkt beløp"
      : "";
    const merknad = uleselige ? uleselige + " beløp kan ikke leses ennå og er ikke med i summen." : "";
    let felt = document.getElementById("sum-uleselige");
    if (!felt) { felt = document.createElement("p"); felt.id = "sum-uleselige"; summer.append(felt); }
    felt.textContent = merknad;
  }

  document.addEventListener("input", (hendelse) => {
    const id = hendelse.target.id || "";
    if (/^linje_\d+_(belop|aar)$/.test(id) || id === "budsjett_sokt") oppdater();
  });
})();
