// Loaded as an ES module: a strict Content-Security-Policy forbids inline script.
import { initAll } from "../../vendor/govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// A wide table scrolls inside its own box on a narrow screen instead of pushing the whole
// page sideways; the box can take focus so keyboard users can scroll it too.
for (const table of document.querySelectorAll("table.govuk-table")) {
  if (table.parentElement.classList.contains("haven-table-scroll")) continue;
  const box = document.createElement("div");
  box.className = "haven-table-scroll";
  box.tabIndex = 0;
  box.setAttribute("role", "region");
  const caption = table.querySelector("caption");
  box.setAttribute("aria-label", caption ? caption.textContent.trim() : "Table");
  table.before(box);
  box.append(table);
}
