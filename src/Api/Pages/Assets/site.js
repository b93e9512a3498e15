// Small touches on top of pages that work without script. No inline script anywhere: the policy forbids it.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // "Copy" buttons beside a snippet (the Robust Link): copy the text of the element the button names.
  for (const button of document.querySelectorAll("button[data-copy]")) {
    button.hidden = false;
    button.addEventListener("click", async () => {
      const source = document.getElementById(button.dataset.copy);
      if (!source) return;
      try {
        await navigator.clipboard.writeText(source.textContent);
        button.textContent = button.dataset.copied || button.textContent;
      } catch {
        const range = document.createRange();
        range.selectNodeContents(source);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
      }
    });
  }
  // Filters that submit themselves when changed; their submit button stays for use without script.
  for (const select of document.querySelectorAll("form[data-autosubmit] select")) {
    select.addEventListener("change", () => select.form.requestSubmit());
  }
});
// A form the monitor refused: its problem (above the form, which may be far down the page) is brought into view and
// focused, so that it is what is seen and read first.
document.addEventListener("DOMContentLoaded", () => {
  const problem = document.querySelector("[data-focus-on-load]");
  if (!problem) return;
  problem.tabIndex = -1;
  problem.focus();
});
