// Lifeline web console: vanilla JS, no build step. Everything user-visible is set with
// textContent (never innerHTML), so data from the gateway (caller names, user agents) cannot
// become markup. The session id lives only in the HttpOnly cookie; the CSRF token is kept here in
// memory and sent as X-CSRF-Token with every POST.
'use strict';

const MEANING = {
  NORMAL: 'HQ is reachable: calls go through HQ as usual.',
  SURVIVAL: 'Calls to HQ are unavailable; local and PSTN calls work. Phones hear a stutter dial tone. Emergency calls always work.',
  RECOVERING: 'HQ answers again. Calls still run locally until the link has stayed up for the hold-down, then the gateway hands back to HQ.',
};

let session = null;   // {name, role, csrf}
let live = null;      // the EventSource
let retryTimer = null;
let last = null;      // the newest snapshot
let cdrsLoaded = false;

const $ = (id) => document.getElementById(id);

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

function fill(table, headers, rows, emptyText) {
  table.replaceChildren();
  const thead = el('thead');
  const hr = el('tr');
  headers.forEach((h) => hr.appendChild(el('th', h)));
  thead.appendChild(hr);
  const tbody = el('tbody');
  if (rows.length === 0) {
    const tr = el('tr');
    const td = el('td', emptyText, 'empty');
    td.colSpan = headers.length;
    tr.appendChild(td);
    tbody.appendChild(tr);
  }
  rows.forEach((r) => {
    const tr = el('tr');
    r.forEach((c) => tr.appendChild(c instanceof Node ? c : el('td', c === null || c === undefined ? '–' : c)));
    tbody.appendChild(tr);
  });
  table.append(thead, tbody);
}

function when(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toLocaleString();
}

function span(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return s + ' s';
  const m = Math.floor(s / 60);
  if (m < 60) return m + ' min ' + (s % 60) + ' s';
  const h = Math.floor(m / 60);
  if (h < 48) return h + ' h ' + (m % 60) + ' min';
  return Math.floor(h / 24) + ' d ' + (h % 24) + ' h';
}

async function api(path, method, body) {
  const opts = { method: method || 'GET', credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    opts.headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  if (opts.method !== 'GET' && session) opts.headers['X-CSRF-Token'] = session.csrf;
  const r = await fetch(path, opts);
  let data = null;
  if (r.status !== 204) {
    try { data = await r.json(); } catch (e) { data = null; }
  }
  return { status: r.status, data };
}

// ---- login / logout -------------------------------------------------------------------------

function showLogin(message) {
  stopLive();
  session = null;
  $('app').hidden = true;
  $('who').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message || '';
  $('login-password').value = '';
  $('login-name').focus();
}

function showApp() {
  $('login').hidden = true;
  $('app').hidden = false;
  $('who').hidden = false;
  $('user').textContent = session.name + ' (' + session.role + ')';
  document.querySelectorAll('[data-admin]').forEach((e) => { e.hidden = session.role !== 'admin'; });
  route();
  startLive();
}

$('login-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  $('login-error').textContent = '';
  const r = await api('/api/login', 'POST', { name: $('login-name').value, password: $('login-password').value });
  $('login-password').value = '';
  if (r.status === 200) {
    session = r.data;
    showApp();
  } else if (r.status === 401) {
    $('login-error').textContent = 'Wrong name or password.';
  } else {
    $('login-error').textContent = (r.data && r.data.error) || ('Login failed (' + r.status + ').');
  }
});

$('logout').addEventListener('click', async () => {
  await api('/api/logout', 'POST');
  showLogin('Logged out.');
});

// ---- live updates ----------------------------------------------------------------------------

function setLive(text, bad) {
  $('live-state').textContent = text;
  $('live-state').classList.toggle('bad', !!bad);
}

function stopLive() {
  if (live) live.close();
  live = null;
  clearTimeout(retryTimer);
}

function startLive() {
  stopLive();
  live = new EventSource('/api/events');
  live.addEventListener('snapshot', (e) => {
    setLive('Live · updated ' + new Date().toLocaleTimeString());
    render(JSON.parse(e.data));
  });
  live.addEventListener('trouble', () => setLive('The gateway did not answer in time; retrying…', true));
  live.addEventListener('logout', () => showLogin('Your session ended (idle too long, or logged out elsewhere).'));
  live.onerror = () => {
    if (live && live.readyState === EventSource.CLOSED) {
      setLive('Live updates stopped; retrying…', true);
      retryTimer = setTimeout(recover, 5000);
    } else {
      setLive('Connection lost; reconnecting…', true);
    }
  };
}

/** After a refused or broken stream: log in again if the session is gone, else one picture now and a new stream. */
async function recover() {
  let r;
  try { r = await api('/api/session'); } catch (e) { retryTimer = setTimeout(recover, 5000); return; }
  if (r.status === 401) { showLogin('Your session ended. Please log in again.'); return; }
  const s = await api('/api/snapshot');
  if (s.status === 200) render(s.data);
  startLive();
}

// ---- rendering -------------------------------------------------------------------------------

function render(s) {
  last = s;
  $('gw').textContent = s.gateway + ' · site ' + s.site;
  renderBanner(s.mode);
  renderAlarms(s.alarms || []);
  renderPorts(s.ports || []);
  renderCalls(s.calls || []);
  renderRegistrations(s.registrations || []);
  renderHistory(s.modeHistory, s.now);
  renderBlocked(s.blocked || []);
  renderPortChoice(s.ports || []);
  if (!cdrsLoaded && session) { cdrsLoaded = true; searchCdrs(); }
}

function renderBanner(m) {
  const mode = m.mode || 'UNKNOWN';
  $('banner').className = 'banner mode-' + mode;
  $('banner-mode').textContent = mode;
  $('banner-meaning').textContent = MEANING[mode] || '';
  $('banner-forced').hidden = !m.forced;
  $('banner-forced').textContent = m.forced ? 'held by an operator until released' : '';
  $('banner-since').textContent = when(m.since);
  $('banner-cause').textContent = m.cause || '';
}

function renderAlarms(alarms) {
  const ul = $('alarms');
  ul.replaceChildren();
  if (alarms.length === 0) { ul.appendChild(el('li', 'No alarms.', 'none')); return; }
  alarms.forEach((a) => {
    const li = el('li', null, 'sev-' + a.severity);
    li.append(el('strong', a.id + ' (' + a.severity + ')'), document.createTextNode(': ' + (a.text || '')));
    ul.appendChild(li);
  });
}

function renderPorts(ports) {
  fill($('ports'), ['Port', 'Type', 'Ext', 'Name', 'Device', 'Hook', 'Ring', 'State', 'Call', 'Service'], ports.map((p) => [
    p.id, p.type, p.extension, p.name, p.device,
    p.hook === undefined ? '–' : (p.hook === 'off' ? 'off hook' : 'on hook'),
    p.type === 'fxs' ? (p.ringing ? 'ringing' : '–') : (p.rings ? p.rings + ' ring(s)' : '–'),
    p.state, p.call, p.fault ? p.service + ' — ' + p.fault : p.service,
  ]), 'No ports.');
}

function renderCalls(calls) {
  $('calls-count').textContent = calls.length ? String(calls.length) : '';
  fill($('calls'), ['From', 'To', 'Dialled', 'State', 'Duration', 'Codec', 'Started'], calls.map((c) => [
    c.from, c.to, c.dialled, c.phase,
    (c.answer ? 'talking ' : 'ringing ') + span(c.durationSeconds),
    c.codec || 'none (analog)', when(c.start),
  ]), 'No calls in progress.');
}

function renderRegistrations(regs) {
  const local = regs.filter((r) => r.kind !== 'upstream');
  const up = regs.filter((r) => r.kind === 'upstream');
  fill($('regs-local'), ['Ext', 'Contact', 'Expires in', 'Via', 'Source', 'User agent'], local.map((r) => [
    r.extension, r.contact, span(r.expiresInSeconds), r.via || 'local', r.source, r.userAgent,
  ]), 'No phone is registered.');
  fill($('regs-up'), ['Line', 'Ext', 'AOR', 'State', 'Server', 'Status', 'Expires in', 'Reason'], up.map((r) => [
    r.line, r.extension, r.aor, r.state, r.server, r.lastStatus, span(r.expiresInSeconds), r.reason,
  ]), 'No line registers at HQ (no HQ configured, or no line has an HQ identity).');
}

const SVG = 'http://www.w3.org/2000/svg';

/** One SVG bar of mode segments between start and end (ms); a short outage stays visible. */
function bar(segments, start, end, label) {
  const width = 1000;
  const x = (t) => Math.max(0, Math.min(width, ((t - start) / (end - start)) * width));
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 ' + width + ' 40');
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  const bg = document.createElementNS(SVG, 'rect');
  bg.setAttribute('x', '0'); bg.setAttribute('y', '0'); bg.setAttribute('width', String(width)); bg.setAttribute('height', '40');
  bg.setAttribute('class', 'mode-none');
  svg.appendChild(bg);
  const normalFirst = segments.slice().sort((a, b) => (a.mode === 'NORMAL' ? 0 : 1) - (b.mode === 'NORMAL' ? 0 : 1));
  normalFirst.forEach((g) => { // drawn last, the other modes are never covered by a neighbour
    const t0 = new Date(g.from).getTime();
    const t1 = new Date(g.to).getTime();
    if (t1 <= start) return;
    const x0 = x(t0);
    const minWidth = g.mode === 'NORMAL' ? 1 : 4; // a minute of SURVIVAL in a day is still seen
    const w = Math.max(minWidth, x(t1) - x0);
    const r = document.createElementNS(SVG, 'rect');
    r.setAttribute('x', Math.min(x0, width - w).toFixed(2));
    r.setAttribute('y', '0');
    r.setAttribute('width', w.toFixed(2));
    r.setAttribute('height', '40');
    r.setAttribute('class', 'mode-' + g.mode);
    const t = document.createElementNS(SVG, 'title');
    t.textContent = g.mode + ': ' + when(g.from) + ' – ' + when(g.to);
    r.appendChild(t);
    svg.appendChild(r);
  });
  return svg;
}

function renderHistory(h, nowIso) {
  if (!h) return;
  const end = new Date(nowIso).getTime();
  $('chart').replaceChildren(bar(h.segments, new Date(h.windowStart).getTime(), end, 'Mode over the last 24 hours'));
  $('chart-hour').replaceChildren(bar(h.segments, end - 3600 * 1000, end, 'Mode over the last hour'));
  const rows = h.changes.slice().reverse().map((c) => [when(c.at), (c.from || '–') + ' → ' + c.to, c.cause]);
  fill($('changes'), ['When', 'Change', 'Why'], rows, 'No mode change in the last 24 hours.');
}

function renderBlocked(blocked) {
  fill($('blocked'), ['Source', 'User', 'Time left'], blocked.map((b) => [b.source, b.user || 'all users', span(b.secondsLeft)]),
    'No source is blocked.');
}

function renderPortChoice(ports) {
  const sel = $('port-select');
  const ids = ports.map((p) => p.id);
  const have = Array.from(sel.options).map((o) => o.value);
  if (ids.join() === have.join()) return;
  const keep = sel.value;
  sel.replaceChildren(...ports.map((p) => { const o = el('option', p.id + ' (' + p.type + ')'); o.value = p.id; return o; }));
  if (ids.includes(keep)) sel.value = keep;
}

// ---- call records ----------------------------------------------------------------------------

function cdrParams() {
  const p = new URLSearchParams();
  const number = $('cdr-number').value.trim();
  if (number) p.set('number', number);
  // the dates a user picks are days of the user's own clock: send their start as instants
  const from = $('cdr-from').value;
  const to = $('cdr-to').value;
  if (from) p.set('from', new Date(from + 'T00:00:00').toISOString());
  if (to) { const d = new Date(to + 'T00:00:00'); d.setDate(d.getDate() + 1); p.set('to', d.toISOString()); }
  return p;
}

async function searchCdrs() {
  const p = cdrParams();
  $('cdr-csv').href = '/api/cdrs.csv' + (p.toString() ? '?' + p : '');
  const r = await api('/api/cdrs' + (p.toString() ? '?' + p : ''));
  if (r.status === 401) { showLogin('Your session ended. Please log in again.'); return; }
  if (r.status !== 200) { $('cdr-summary').textContent = (r.data && r.data.error) || ('Search failed (' + r.status + ')'); return; }
  const list = r.data.cdrs;
  $('cdr-summary').textContent = list.length + ' call record(s)' + (list.length >= r.data.limit ? ' (the newest ' + r.data.limit + '; narrow the search or download the CSV)' : '')
    + ' · searched ' + new Date().toLocaleTimeString();
  fill($('cdrs'), ['Seq', 'Start', 'From', 'To', 'Answered', 'Duration', 'Cause', 'Mode', 'Codec'], list.map((c) => [
    c.seq, when(c.start), c.callingNumber + (c.callingName ? ' (' + c.callingName + ')' : ''), c.calledDialled,
    c.answer ? 'yes' : 'no', span(Number(c.durationSeconds)), c.q850Cause, c.mode, c.codec,
  ]), 'No call record matches.');
}

$('cdr-form').addEventListener('submit', (ev) => { ev.preventDefault(); searchCdrs(); });

// ---- admin actions ---------------------------------------------------------------------------

async function act(path, body) {
  const out = $('action-result');
  out.textContent = 'Working…';
  out.classList.remove('bad');
  const r = await api(path, 'POST', body);
  if (r.status === 200) {
    out.textContent = r.data.result;
  } else {
    out.textContent = (r.data && r.data.error) || ('Refused (' + r.status + ')');
    out.classList.add('bad');
    if (r.status === 401) showLogin('Your session ended. Please log in again.');
  }
}

document.querySelectorAll('button[data-mode]').forEach((b) =>
  b.addEventListener('click', () => act('/api/actions/mode', { mode: b.dataset.mode })));

$('unblock-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  act('/api/actions/unblock', { source: $('unblock-source').value.trim(), user: $('unblock-user').value.trim() || null });
});

$('port-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  act('/api/actions/port', { port: $('port-select').value });
});

// ---- tabs (hash routing: the back button and bookmarks work) ---------------------------------

function route() {
  let tab = (location.hash || '#overview').slice(1);
  if (!$('tab-' + tab) || (tab === 'admin' && (!session || session.role !== 'admin'))) tab = 'overview';
  document.querySelectorAll('.tab').forEach((t) => { t.hidden = t.id !== 'tab-' + tab || (t.hasAttribute('data-admin') && session.role !== 'admin'); });
  document.querySelectorAll('.tabs a').forEach((a) => a.classList.toggle('active', a.dataset.tab === tab));
}

window.addEventListener('hashchange', route);

// ---- start -----------------------------------------------------------------------------------

(async () => {
  const r = await api('/api/session');
  if (r.status === 200) { session = r.data; showApp(); } else { showLogin(''); }
})();
