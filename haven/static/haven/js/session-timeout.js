// Session timeout warning (the GOV.UK pattern used across government services): shortly
// before an idle session ends, a modal dialog says so and offers "Stay signed in". If nobody
// answers, what the page's form holds is kept on the server for this user, the user is signed
// out, and the page reloads to the sign-in page; signing in again brings the form back.
//
// Loaded as an ES module (no inline script under the Content-Security-Policy).

const KEEP_SECONDS_BEFORE_END = 10;

function minutesAndSeconds(ms) {
  const total = Math.max(0, Math.round(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  const parts = [];
  if (minutes) parts.push(`${minutes} minute${minutes === 1 ? "" : "s"}`);
  if (seconds || !minutes) parts.push(`${seconds} second${seconds === 1 ? "" : "s"}`);
  return parts.join(" ");
}

// The form the user is working on: the page's form in the main content (the header's sign-out
// form is outside it). What it holds is kept even if it came back from an earlier keep.
function formInProgress() {
  return document.querySelector("main form[method='post' i]");
}

function init() {
  const dialog = document.getElementById("session-timeout");
  if (!dialog || typeof dialog.showModal !== "function") return;
  const data = dialog.dataset;
  const timeoutMs = Number(data.timeoutSeconds) * 1000;
  const warningMs = Math.min(Number(data.warningSeconds) * 1000, timeoutMs);
  const countdown = dialog.querySelector("[data-countdown]");
  const announce = dialog.querySelector("[data-countdown-announce]");
  const headers = { "X-CSRFToken": data.csrfToken };
  let deadline = 0;
  let timers = [];

  const clear = () => {
    for (const timer of timers) {
      window.clearTimeout(timer);
      window.clearInterval(timer);
    }
    timers = [];
  };

  function tick() {
    const left = deadline - Date.now();
    countdown.textContent = minutesAndSeconds(left);
    // Screen readers hear the time left every 20 seconds, not every second.
    if (Math.round(left / 1000) % 20 === 0) {
      announce.textContent = `You will be signed out in ${minutesAndSeconds(left)}.`;
    }
  }

  function warn() {
    tick();
    announce.textContent = `You will be signed out in ${minutesAndSeconds(deadline - Date.now())}.`;
    dialog.showModal();
    timers.push(window.setInterval(tick, 1000));
  }

  async function signOutKeepingWork() {
    clear();
    const form = formInProgress();
    const body = form ? new FormData(form) : new FormData();
    body.append("haven_held_path", window.location.pathname);
    try {
      await fetch(data.timedOutUrl, { method: "POST", credentials: "same-origin", headers, body });
    } finally {
      window.location.assign(window.location.pathname);
    }
  }

  function start() {
    clear();
    deadline = Date.now() + timeoutMs;
    timers.push(window.setTimeout(warn, timeoutMs - warningMs));
    timers.push(window.setTimeout(signOutKeepingWork, timeoutMs - KEEP_SECONDS_BEFORE_END * 1000));
  }

  async function staySignedIn() {
    const response = await fetch(data.keepAliveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers,
    }).catch(() => null);
    if (response && response.ok) {
      dialog.close();
      start();
    } else {
      // The session has already ended: reload, which leads to the sign-in page.
      window.location.assign(window.location.pathname);
    }
  }

  dialog.querySelector("[data-stay-signed-in]").addEventListener("click", staySignedIn);
  dialog.querySelector("[data-sign-out]").addEventListener("click", signOutKeepingWork);
  // Escape would close the dialog without renewing the session: treat it as "stay signed in".
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    staySignedIn();
  });
  start();
}

init();
