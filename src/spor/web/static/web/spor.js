/* Spor's only script of its own: start the design system's components and move the keyboard
   focus to a form's error summary, so a screen reader announces it (WCAG 3.3.1). */
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS && typeof window.DKFDS.init === "function") {
    window.DKFDS.init();
  }
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
});
