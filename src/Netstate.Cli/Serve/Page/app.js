// netstate serve's page. Every value from the server goes into the page through textContent or
// a class name built from a fixed list: process names, paths and filters are never parsed as HTML.
"use strict";

const MARK_SECONDS = 10;
const filterBox = document.getElementById("filter");
const filterError = document.getElementById("filter-error");
const statusLine = document.getElementById("status");
const tbody = document.querySelector("#sockets tbody");
const KNOWN_STATES = new Set(["ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT",
  "LAST_ACK", "LISTEN", "CLOSING", "LISTENING", "UNCONN", "CONNECTED", "CONNECTING", "DISCONNECTING"]);

// With --allow-kill the server puts its CSRF token in the page; without, there is nothing to close with.
const csrf = document.querySelector('meta[name="netstate-csrf"]')?.content ?? "";
const actionLine = document.getElementById("action");

let source = null;
let firstUpdate = true;
let sortKey = null;
let sortDescending = false;
let rows = [];
const newUntil = new Map();      // row key -> time its "new" mark ends
let closedRows = [];             // {row, until}

function endpoint(e) {
  if (!e) return "";
  return e.address.includes(":") ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}

function toRow(s) {
  const local = s.unix ? (s.unix.path ?? "") : endpoint(s.local);
  const remote = s.unix ? "" : endpoint(s.remote);
  const owner = (s.owners ?? []).map(o => `${o.pid}/${o.program}`).join(", ");
  return {
    key: `${s.protocol}|${local}|${remote}|${s.inode}`,
    protocol: s.family === "inet6" ? s.protocol + "6" : s.protocol,
    state: s.state, local, remote, recv_q: s.recv_q, send_q: s.send_q, owner, inode: s.inode,
  };
}

function cell(tr, text, className) {
  const td = document.createElement("td");
  td.textContent = text === null || text === undefined ? "-" : String(text);
  if (className) td.className = className;
  tr.appendChild(td);
}

function render() {
  const now = Date.now() / 1000;
  closedRows = closedRows.filter(c => c.until > now);
  let shown = rows.map(r => ({ row: r, mark: (newUntil.get(r.key) ?? 0) > now ? "new" : "" }))
    .concat(closedRows.map(c => ({ row: c.row, mark: "closed" })));
  if (sortKey) {
    const dir = sortDescending ? -1 : 1;
    shown.sort((a, b) => {
      const x = a.row[sortKey], y = b.row[sortKey];
      if (typeof x === "number" && typeof y === "number") return (x - y) * dir;
      return String(x ?? "").localeCompare(String(y ?? ""), undefined, { numeric: true }) * dir;
    });
  }
  const body = document.createDocumentFragment();
  for (const { row, mark } of shown) {
    const tr = document.createElement("tr");
    tr.dataset.key = row.key;
    if (mark) tr.className = mark;
    cell(tr, row.protocol);
    cell(tr, row.state, KNOWN_STATES.has(row.state) ? "st-" + row.state : "");
    cell(tr, row.local);
    cell(tr, row.remote);
    cell(tr, row.recv_q);
    cell(tr, row.send_q);
    cell(tr, row.owner || "-");
    if (csrf) tr.appendChild(closeCell(row, mark));
    body.appendChild(tr);
  }
  tbody.replaceChildren(body);
}

function closeCell(row, mark) {
  const td = document.createElement("td");
  if (row.protocol.startsWith("tcp") && row.inode && mark !== "closed") {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "close";
    button.textContent = "Close";
    button.addEventListener("click", () => closeConnection(row));
    td.appendChild(button);
  }
  return td;
}

// Asks first, then POSTs with the CSRF token; the answer (closed, or why not) shows above the table.
async function closeConnection(row) {
  const what = `${row.protocol} ${row.local} → ${row.remote} ${row.state}` + (row.owner ? ` (${row.owner})` : "");
  if (!confirm(`Close this connection?\n\n${what}\n\nThe kernel aborts it at once: the peer gets a reset and the program holding it an error.`)) return;
  actionLine.hidden = false;
  actionLine.className = "action";
  actionLine.textContent = `closing ${what}…`;
  try {
    const response = await fetch("/api/close?inode=" + encodeURIComponent(row.inode), { method: "POST", headers: { "X-Netstate-Csrf": csrf } });
    const answer = await response.json();
    const closed = answer.outcome === "closed";
    actionLine.textContent = closed ? `closed: ${answer.socket}` : `not closed (${answer.outcome ?? response.status}): ${answer.reason ?? answer.error}`;
    actionLine.className = "action " + (closed ? "done" : "failed");
  } catch (e) {
    actionLine.textContent = `not closed: ${e}`;
    actionLine.className = "action failed";
  }
}

function renderStates(states) {
  const box = document.getElementById("states");
  box.replaceChildren(...Object.entries(states).map(([name, count]) => {
    const chip = document.createElement("span");
    chip.className = "state-chip" + (KNOWN_STATES.has(name) ? " st-" + name : "");
    chip.textContent = `${name} ${count}`;
    return chip;
  }));
}

function renderFindings(doctor) {
  const list = document.getElementById("findings");
  if (!doctor.findings.length) {
    const li = document.createElement("li");
    li.textContent = "No findings.";
    list.replaceChildren(li);
    return;
  }
  list.replaceChildren(...doctor.findings.map(f => {
    const li = document.createElement("li");
    const severity = document.createElement("span");
    severity.className = "severity-" + (["critical", "warning", "info"].includes(f.severity) ? f.severity : "info");
    severity.textContent = f.severity + ": ";
    const title = document.createElement("span");
    title.textContent = f.title;
    const evidence = document.createElement("div");
    evidence.textContent = f.evidence.join(" ");
    li.append(severity, title, evidence);
    return li;
  }));
}

function onUpdate(event) {
  const update = JSON.parse(event.data);
  const now = Date.now() / 1000;
  rows = update.sockets.map(toRow);
  if (!firstUpdate) {
    for (const index of update.new) newUntil.set(rows[index].key, now + MARK_SECONDS);
    for (const s of update.closed) closedRows.push({ row: toRow(s), until: now + MARK_SECONDS });
  }
  firstUpdate = false;
  for (const [key, until] of newUntil) if (until <= now) newUntil.delete(key);
  render();
  renderStates(update.tcp_states);
  document.getElementById("diagram").textContent = update.diagram;
  renderFindings(update.doctor);
  const more = update.matched > update.sockets.length ? ` (first ${update.sockets.length} shown: narrow the filter)` : "";
  document.getElementById("counts").textContent = `${update.matched} of ${update.total} sockets match${more}`;
  statusLine.textContent = `updated ${new Date(update.taken_at).toLocaleTimeString()} · reading took ${(update.reading_seconds * 1000).toFixed(0)} ms`;
  statusLine.classList.remove("down");
}

// With serve --trace, /api/trace streams state changes (one JSON document per event, as trace --jsonl);
// without it the HEAD request is a 404 and the section stays hidden.
const TRACE_LINES = 100;
let traceSource = null;
let traceGeneration = 0;

function traceEndpoint(address, port) {
  return address.includes(":") ? `[${address}]:${port}` : `${address}:${port}`;
}

function traceLine(d) {
  const li = document.createElement("li");
  if (d.type === "lost") {
    li.className = "lost";
    li.textContent = `the kernel dropped ${d.count ?? "some"} events (its buffer was full)`;
    return li;
  }
  const time = document.createElement("span");
  time.textContent = new Date(d.time).toLocaleTimeString() + " ";
  const owner = document.createElement("span");
  owner.textContent = (d.pid === null ? "-" : `${d.owner_from === "exited_caller" ? "~" : ""}${d.pid}/${d.program}`) + " ";
  const ends = document.createElement("span");
  ends.textContent = `${traceEndpoint(d.local_address, d.local_port)} ${traceEndpoint(d.remote_address, d.remote_port)} `;
  const from = document.createElement("span");
  from.textContent = d.old_state ?? "?";
  if (KNOWN_STATES.has(d.old_state)) from.className = "st-" + d.old_state;
  const to = document.createElement("span");
  to.textContent = d.new_state ?? d.type;
  if (KNOWN_STATES.has(d.new_state)) to.className = "st-" + d.new_state;
  const why = document.createElement("span");
  why.textContent = d.event_rfc ? ` (${d.event_rfc})` : "";
  li.append(time, owner, ends, from, " → ", to, why);
  return li;
}

async function connectTrace(filter) {
  const generation = ++traceGeneration;
  if (traceSource) traceSource.close();
  traceSource = null;
  const url = "/api/trace" + (filter ? "?filter=" + encodeURIComponent(filter) : "");
  const probe = await fetch(url, { method: "HEAD" });
  // A newer filter was applied while this one was being checked: that one's stream is the page's.
  if (generation !== traceGeneration) return;
  const section = document.getElementById("trace-section");
  section.hidden = !probe.ok;
  if (!probe.ok) return;
  const list = document.getElementById("trace");
  list.replaceChildren();
  traceSource = new EventSource(url);
  traceSource.onmessage = event => {
    list.prepend(traceLine(JSON.parse(event.data)));
    while (list.children.length > TRACE_LINES) list.lastElementChild.remove();
  };
}

function connect(filter) {
  connectTrace(filter);
  if (source) source.close();
  firstUpdate = true;
  newUntil.clear();
  closedRows = [];
  source = new EventSource("/api/events" + (filter ? "?filter=" + encodeURIComponent(filter) : ""));
  source.onmessage = onUpdate;
  source.onerror = () => {
    statusLine.textContent = "disconnected, retrying…";
    statusLine.classList.add("down");
  };
}

// A filter is checked by the server first, so a mistake shows the server's caret message.
async function applyFilter() {
  const filter = filterBox.value.trim();
  const response = await fetch("/api/sockets?limit=0" + (filter ? "&filter=" + encodeURIComponent(filter) : ""));
  if (response.status === 400) {
    const error = await response.json();
    filterError.textContent = error.error + (error.pointer ? "\n" + error.pointer : "");
    filterError.hidden = false;
    return;
  }
  filterError.hidden = true;
  const url = new URL(location.href);
  if (filter) url.searchParams.set("filter", filter); else url.searchParams.delete("filter");
  history.replaceState(null, "", url);
  connect(filter);
}

filterBox.addEventListener("keydown", e => { if (e.key === "Enter") applyFilter(); });
for (const th of document.querySelectorAll("th[data-key]")) {
  th.addEventListener("click", () => {
    sortDescending = sortKey === th.dataset.key ? !sortDescending : false;
    sortKey = th.dataset.key;
    for (const other of document.querySelectorAll("th[data-key]")) other.className = "";
    th.className = sortDescending ? "sorted-desc" : "sorted-asc";
    render();
  });
}
if (csrf) {
  const th = document.createElement("th");
  th.textContent = "Close";
  document.querySelector("#sockets thead tr").appendChild(th);
  document.getElementById("mode").textContent = "Connections can be closed (--allow-kill).";
}
filterBox.value = new URL(location.href).searchParams.get("filter") ?? "";
connect(filterBox.value.trim());
