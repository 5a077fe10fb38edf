// Small enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
  // Preselect the browser's own time zone on the register form while it still shows the default.
  const zone = document.querySelector("form[data-guess-timezone] select[name=timezone]");
  if (zone && zone.value === "UTC" && !zone.closest("form").querySelector("[aria-invalid=true]")) {
    const guess = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (guess && [...zone.options].some((o) => o.value === guess)) zone.value = guess;
  }
});
