// Loaded as an ES module: a strict Content-Security-Policy forbids inline script.
import { initAll } from "../../vendor/govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
