// Live screening feedback on the "Record a concern" page.
//
// Loaded as an ES module (the Content-Security-Policy forbids inline script). It posts what the
// form says so far to POST /api/v1/screening/assess (same-origin session, CSRF token from the
// form's data-csrf-token attribute, because the CSRF cookie is HttpOnly) and shows the outcome,
// why, and the actions the strategy requires in an aria-live region. Nothing is stored. Without
// JavaScript the page works the same; the screening is shown after the concern is recorded.

const DEBOUNCE_MS = 400;

function checkedValue(form, name) {
  const input = form.querySelector(`input[name="${name}"]:checked`);
  return input ? input.value : null;
}

function fieldValue(form, name) {
  const input = form.elements.namedItem(name);
  return input && typeof input.value === "string" ? input.value.trim() : "";
}

function isoDate(day, month, year) {
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return null;
  }
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (
    date.getUTCFullYear() !== Number(year) ||
    date.getUTCMonth() !== Number(month) - 1 ||
    date.getUTCDate() !== Number(day) ||
    date.getTime() > Date.now()
  ) {
    return null;
  }
  return date.toISOString().slice(0, 10);
}

// The person's age, nationality and language as the screening engine needs them; the same
// rules as haven.screening.services._person_facts, so the guide matches what is stored.
function personFacts(form) {
  const data = form.dataset;
  let kind;
  let dob;
  let exact;
  let nationalities;
  let language;
  if (data.newPerson === "true") {
    kind = checkedValue(form, "kind");
    const precision = checkedValue(form, "dob_precision");
    dob =
      precision === "unknown"
        ? null
        : isoDate(
            fieldValue(form, "date_of_birth_day"),
            fieldValue(form, "date_of_birth_month"),
            fieldValue(form, "date_of_birth_year"),
          );
    exact =
      Boolean(dob) &&
      (precision === "exact" || checkedValue(form, "dob_assigned_by_age_assessment") === "True");
    nationalities = [fieldValue(form, "nationality"), fieldValue(form, "other_nationality")];
    language = fieldValue(form, "first_language");
  } else {
    kind = data.personKind;
    dob = data.personDob || null;
    exact = data.personDobExact === "true";
    nationalities = (data.personNationalities || "").split(" ");
    language = (data.personFirstLanguage || "").trim();
  }
  nationalities = nationalities.filter(Boolean);
  const lowered = language.toLowerCase();
  return {
    date_of_birth: dob,
    age_uncertain: !exact,
    appears_under_18: kind === "child" ? true : exact ? null : kind ? false : null,
    nationality: nationalities.includes("GB") ? "GB" : nationalities[0] || null,
    first_language_english: lowered ? lowered === "english" || lowered === "en" : null,
  };
}

function payload(form) {
  const codes = Array.from(
    form.querySelectorAll("input[data-screening-code]:checked"),
    (input) => input.value,
  );
  return {
    ...personFacts(form),
    immediate_danger: checkedValue(form, "immediate_danger") === "True",
    codes: Array.from(new Set(codes)).sort(),
    circumstances: { home_area: checkedValue(form, "home_area") },
  };
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const OUTCOME_TAGS = {
  potential_victim: "govuk-tag govuk-tag--red",
  trafficking_not_indicated: "govuk-tag govuk-tag--yellow",
  insufficient_information: "govuk-tag govuk-tag--grey",
};

function formatDue(iso) {
  if (!iso) return null;
  return new Date(iso).toLocaleString("en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "Europe/London",
  });
}

function showResult(region, result) {
  const labels = result.labels || {};
  const label = (code) => labels[code] || code;
  const fragment = document.createDocumentFragment();

  // The finding in plain words (never reassurance: DOMAIN §4), as the concern page shows it.
  const finding = result.finding || {};
  const tagClass = finding.consider_trafficking
    ? "govuk-tag govuk-tag--orange"
    : OUTCOME_TAGS[result.outcome] || "govuk-tag";
  const outcome = element("p", "govuk-body govuk-!-margin-bottom-1");
  outcome.append(element("strong", tagClass, finding.tag || label(result.outcome)));
  outcome.append(document.createTextNode(` ${label(result.person_status)}`));
  fragment.append(outcome);
  if (finding.headline) {
    fragment.append(element("p", "govuk-body-s govuk-!-margin-bottom-1", finding.headline));
  }
  if (finding.questions && finding.questions.length) {
    fragment.append(element("p", "govuk-body-s govuk-!-margin-bottom-1", "Ask next:"));
    const questions = element("ul", "govuk-list govuk-list--bullet govuk-body-s");
    for (const question of finding.questions) questions.append(element("li", "", question));
    fragment.append(questions);
  }

  const explanation = result.explanation_in_words || result.explanation || [];
  if (explanation.length) {
    fragment.append(element("h3", "govuk-heading-s", "Why"));
    const why = element("ul", "govuk-list govuk-list--bullet govuk-body-s");
    for (const line of explanation) why.append(element("li", "", line));
    fragment.append(why);
  }

  fragment.append(element("h3", "govuk-heading-s", "What must happen"));
  if (result.required_actions && result.required_actions.length) {
    const list = element("ol", "govuk-list govuk-list--number govuk-body-s");
    for (const action of result.required_actions) {
      const item = element("li");
      item.append(element("strong", "", label(action.code)));
      const due = formatDue(action.due_by);
      item.append(
        document.createTextNode(`: ${label(action.lead)}${due ? `, by ${due}` : ""}.`),
      );
      list.append(item);
    }
    fragment.append(list);
  } else {
    fragment.append(element("p", "govuk-body-s", "Nothing yet."));
  }
  region.replaceChildren(fragment);
}

function showErrors(region, errors) {
  const fragment = document.createDocumentFragment();
  fragment.append(
    element("p", "govuk-body-s", "The screening cannot run on what is recorded so far:"),
  );
  const list = element("ul", "govuk-list govuk-list--bullet govuk-body-s");
  for (const messages of Object.values(errors || {})) {
    for (const message of messages) list.append(element("li", "", message));
  }
  fragment.append(list);
  region.replaceChildren(fragment);
}

function init() {
  const form = document.getElementById("concern-form");
  const panel = document.getElementById("screening-feedback-panel");
  const region = document.getElementById("screening-feedback");
  if (!form || !panel || !region || !window.fetch) return;

  let timer = null;
  let controller = null;

  async function assess() {
    if (controller) controller.abort();
    controller = new AbortController();
    try {
      const response = await fetch(form.dataset.assessUrl, {
        method: "POST",
        credentials: "same-origin",
        signal: controller.signal,
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-CSRFToken": form.dataset.csrfToken,
        },
        body: JSON.stringify(payload(form)),
      });
      const body = await response.json().catch(() => ({}));
      if (response.ok) {
        showResult(region, body);
      } else if (response.status === 400 && body.errors) {
        showErrors(region, body.errors);
      } else {
        region.replaceChildren(
          element("p", "govuk-body-s", "The screening guide is not available just now."),
        );
      }
    } catch (error) {
      if (error.name !== "AbortError") {
        region.replaceChildren(
          element("p", "govuk-body-s", "The screening guide is not available just now."),
        );
      }
    }
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(assess, DEBOUNCE_MS);
  }

  panel.hidden = false;
  form.addEventListener("change", schedule);
  assess();
}

// "Call 999 now" appears as soon as immediate danger is answered yes.
function initDangerWarning() {
  const form = document.getElementById("concern-form");
  const warning = document.getElementById("immediate-danger-warning");
  if (!form || !warning) return;
  const sync = () => {
    warning.hidden = checkedValue(form, "immediate_danger") !== "True";
  };
  form.addEventListener("change", (event) => {
    if (event.target.name === "immediate_danger") sync();
  });
  sync();
}

// The screening guide and possible matches stay in view while the signs are ticked: beside
// the form on a wide screen (sticky, haven.css), and just above "Record concern" on a phone,
// where the side column would otherwise come after the whole form.
function initPanelPlacement() {
  const panels = document.getElementById("live-panels");
  const narrow = document.getElementById("live-panels-narrow");
  const wide = document.getElementById("live-panels-wide");
  if (!panels || !narrow || !wide) return;
  const phone = window.matchMedia("(max-width: 40.0525em)");
  const place = () => (phone.matches ? narrow : wide).append(panels);
  phone.addEventListener("change", place);
  place();
}

initDangerWarning();
initPanelPlacement();
init();
