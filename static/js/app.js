// Small enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
  // Preselect the browser's own time zone on the register form while it still shows the default.
  const zone = document.querySelector("form[data-guess-timezone] select[name=timezone]");
  if (zone && zone.value === "UTC" && !zone.closest("form").querySelector("[aria-invalid=true]")) {
    const guess = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (guess && [...zone.options].some((o) => o.value === guess)) zone.value = guess;
  }

  // Keep "attack in progress" times ticking without a reload.
  const since = document.querySelectorAll("time[data-since]");
  const tick = () => since.forEach((el) => {
    const minutes = Math.max(0, Math.floor((Date.now() - Date.parse(el.dataset.since)) / 60000));
    const d = Math.floor(minutes / 1440), h = Math.floor((minutes % 1440) / 60), m = minutes % 60;
    el.textContent = d ? (h ? `${d} d ${h} h` : `${d} d`) : h ? `${h} h ${m} min` : `${m} min`;
  });
  if (since.length) setInterval(tick, 30000);

  // The aura switch and its kinds agree: ticking a kind switches the aura on, switching it off clears the kinds.
  const aura = document.querySelector("input[name=aura]");
  const auraKinds = document.querySelectorAll("input[name=aura_types]");
  if (aura && auraKinds.length) {
    auraKinds.forEach((kind) => kind.addEventListener("change", () => { if (kind.checked) aura.checked = true; }));
    aura.addEventListener("change", () => { if (!aura.checked) auraKinds.forEach((kind) => { kind.checked = false; }); });
  }

  // A "Copy" button beside a read-only field (the invitation link): the field stays selectable without it.
  document.querySelectorAll("[data-copy]").forEach((button) => {
    const field = document.getElementById(button.dataset.copy);
    button.addEventListener("click", () => {
      field.select();
      const done = () => { button.textContent = "Copied"; };
      if (navigator.clipboard) navigator.clipboard.writeText(field.value).then(done, () => {});
      else if (document.execCommand("copy")) done();
    });
  });

  // Parts of a page that take longer to work out (the articles that fit your diary) arrive after the page.
  document.querySelectorAll("[data-load]").forEach((el) => {
    fetch(el.dataset.load, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.text() : ""))
      .then((html) => { el.innerHTML = html; })
      .catch(() => {});
  });

  // Fill in a medication's class from the catalogue when its name is chosen.
  const classesData = document.getElementById("medication-classes");
  if (classesData) {
    const classes = JSON.parse(classesData.textContent);
    document.querySelectorAll("input[list=medication-names]").forEach((input) => {
      input.addEventListener("change", () => {
        const row = input.closest(".dose-row") || input.form;
        const select = row && row.querySelector("select[name$=drug_class]");
        const known = classes[input.value.trim().toLowerCase()];
        if (select && known) select.value = known;
      });
    });
  }

  // A refused form: its error summary takes the focus (autofocus does it where the browser supports it on any
  // element), and each of its links takes the keyboard to the field itself, with the field's question in view.
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    if (document.activeElement !== summary) summary.focus();
    summary.addEventListener("click", (event) => {
      const link = event.target.closest("a[href^='#']");
      const target = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!target) return;
      const control = target.matches("input, select, textarea, button") ? target
        : target.querySelector("input:checked, input:not([type=hidden]), select, textarea, button");
      if (!control) return;
      event.preventDefault();
      for (let folded = target.closest("details"); folded; folded = folded.parentElement.closest("details")) {
        folded.open = true;
      }
      const question = target.matches("fieldset") ? target.querySelector("legend")
        : (control.labels && control.labels[0]) || control;
      (question || control).scrollIntoView({ block: "center" });
      control.focus({ preventScroll: true });
    });
  }
});
