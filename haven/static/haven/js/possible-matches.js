// Possible matches while a new person is being recorded: asks Haven who may already be known,
// after a pause in typing. Records the user may not see come back only as "possibly known to".
const form = document.getElementById("concern-form");
const panel = document.getElementById("possible-matches-panel");
const output = document.getElementById("possible-matches");

function value(id) {
  const element = document.getElementById(id);
  return element ? element.value.trim() : "";
}

function checked(name) {
  const element = form.querySelector(`input[name="${name}"]:checked`);
  return element ? element.value : "";
}

function query() {
  const day = value("id_date_of_birth_0");
  const month = value("id_date_of_birth_1");
  const year = value("id_date_of_birth_2");
  const body = {
    given_name: value("id_given_name"),
    family_name: value("id_family_name"),
    gender: checked("gender"),
    nationalities: [value("id_nationality"), value("id_other_nationality")].filter(Boolean),
  };
  if (/^\d{4}$/.test(year)) {
    if (day && month) {
      body.date_of_birth = `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
      body.dob_precision = checked("dob_precision") || "exact";
    } else {
      body.birth_year = Number(year);
    }
  }
  return body;
}

function item(match) {
  const entry = document.createElement("li");
  entry.className = "govuk-!-margin-bottom-3";
  if (!match.visible) {
    entry.textContent = match.message;
    return entry;
  }
  const link = document.createElement("a");
  link.className = "govuk-link";
  link.href = `/people/${match.person_id}/`;
  link.textContent = match.name;
  entry.append(link);
  if (match.date_of_birth) {
    entry.append(`, born ${match.date_of_birth}`);
  }
  const reasons = document.createElement("ul");
  reasons.className = "govuk-list govuk-list--bullet govuk-body-s";
  for (const reason of match.why) {
    const line = document.createElement("li");
    line.textContent = reason;
    reasons.append(line);
  }
  entry.append(reasons);
  return entry;
}

let timer;
let latest = 0;

async function refresh() {
  const body = query();
  if (!body.given_name && !body.family_name) {
    panel.hidden = true;
    return;
  }
  const request = ++latest;
  const response = await fetch(form.dataset.matchesUrl, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRFToken": form.dataset.csrfToken },
    body: JSON.stringify(body),
  });
  if (!response.ok || request !== latest) {
    return;
  }
  const { results } = await response.json();
  output.replaceChildren();
  const summary = document.createElement("p");
  summary.className = "govuk-body";
  summary.textContent = results.length
    ? "This person may already be known. Check before recording someone new:"
    : "No possible matches found.";
  output.append(summary);
  if (results.length) {
    const list = document.createElement("ul");
    list.className = "govuk-list";
    results.forEach((match) => list.append(item(match)));
    output.append(list);
  }
  panel.hidden = false;
}

if (form && panel && form.dataset.matchesUrl) {
  form.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
  form.addEventListener("change", () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
}
