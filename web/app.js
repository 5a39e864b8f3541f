// The agent page: sign-in, the caller log with filters and paging, the callback worklist, the missed-call charts and
// the screen pop, kept up to date by polling. No framework, no build step: plain ES modules served as they are.
//
// Other parts hook in without changing this file's flow: a sign-in method stores a token with api.signIn(token)
// and calls startSession(); a view (a section of <main>) listens for the document events "callhook:session"
// (detail: the agent from GET /api/v1/me) and "callhook:signed-out", and adds its own skip link.
import * as api from './api.js';
import * as alerts from './alerts.js';
import * as clock from './clock.js';
import {callName, renderCharts, renderPop, renderRows, renderWorklist, who} from './render.js';
import * as signin from './signin.js';

const POLL_MS = 2500;
const POP_MS = 1000;
const MAX_BACKOFF_MS = 60000;
const HIDDEN_MS = 30000;
const PAGE = 100;
const $ = id => document.getElementById(id);

function freshLog() {
    return {key: null, firstText: null, byId: new Map(), nextToken: null, more: false};
}

const state = {
    me: null,
    identities: new Set(),
    serverFilters: false,
    worklistPerLine: false,
    everAccepted: false,
    generation: 0,
    timer: null,
    popTimer: null,
    failures: 0,
    stale: false,
    lastOk: null,
    log: freshLog(),
    missedText: null,
    missedEntries: [],
    seenMissed: null,
    callbacksText: null,
    callbackItems: [],
    callbacksNext: null,
    callbacksMore: false,
    callbacksLine: null,
    callbackExtra: new Map(),
    lines: new Set(),
    picked: new Set(),
    current: null,
    pop: null,
    popDismissed: new Set(),
    popText: null,
};

// ---- filters -------------------------------------------------------------------------------------------------

function filters() {
    return {
        line: $('line').value,
        show: document.querySelector('input[name=show]:checked').value,
        number: $('number').value.trim(),
        since: $('since').value,
        until: $('until').value,
    };
}

function logQuery() {
    const f = filters();
    return {queue: f.line, view: f.show, number: f.number, since: f.since, until: f.until};
}

/** A call is the agent's when it was answered under one of their identities, or rang them and nobody answered. */
function isMine(entry) {
    if (entry.answeredBy) {
        return state.identities.has(entry.answeredBy);
    }
    return (entry.user || []).some(user => state.identities.has(user));
}

function ringsForMe(entry) {
    return entry.state === 'newCall' && (entry.user || []).some(user => state.identities.has(user));
}

/** The API filters; an API from before view= and number= existed is helped out in the page. */
function matches(entry) {
    const show = filters().show;
    if (show === 'missed' && !entry.missed || show === 'open' && !(entry.missed && !entry.done)) {
        return false;
    }
    if (state.serverFilters) {
        return true;
    }
    const digits = filters().number.replace(/[^0-9]/g, '');
    if (digits && ![entry.from, entry.to].some(n => String(n || '').replace(/[^0-9]/g, '').includes(digits))) {
        return false;
    }
    return show !== 'mine' || isMine(entry);
}

// ---- messages and state shown --------------------------------------------------------------------------------

/** The result of the agent's last action; it stays until the next action or until dismissed. */
function setMessage(kind, message) {
    const box = $('message');
    state.filterRefused = false;
    if (!message) {
        box.replaceChildren();
        return;
    }
    const p = document.createElement('p');
    p.className = kind;
    p.textContent = message;
    if (kind === 'error') {
        p.setAttribute('role', 'alert');
    }
    const dismiss = document.createElement('button');
    dismiss.type = 'button';
    dismiss.className = 'dismiss';
    dismiss.textContent = 'Dismiss';
    dismiss.setAttribute('aria-label', 'Dismiss this message');
    dismiss.addEventListener('click', () => {
        box.replaceChildren();
        $('log-heading').focus();
    });
    box.replaceChildren(p, dismiss);
}

function showConnection() {
    const text = state.stale ? 'Offline' : state.lastOk ? 'Live · updated ' + clock.clockTime(state.lastOk) : '';
    if ($('connection').textContent !== text) {
        $('connection').textContent = text;
    }
    $('connection').classList.toggle('offline', state.stale);
}

function retryDelay() {
    return state.failures === 0 ? POLL_MS : Math.min(MAX_BACKOFF_MS, POLL_MS * 2 ** state.failures);
}

/** While callhook cannot be reached, the data shown is marked out of date and row actions are off. */
function setStale(stale, reason) {
    const changed = stale !== state.stale;
    state.stale = stale;
    const note = $('stale');
    if (stale) {
        const since = state.lastOk ? ' since ' + clock.clockTime(state.lastOk) : '';
        const p = document.createElement('p');
        p.textContent = 'Cannot reach callhook' + since + ' (' + reason + '). The calls and callbacks shown may be '
            + 'out of date, and their buttons are off until it is back. Next try in '
            + Math.round(retryDelay() / 1000) + ' s.';
        const retry = document.createElement('button');
        retry.type = 'button';
        retry.textContent = 'Try now';
        retry.addEventListener('click', () => refreshNow());
        if (changed) {
            note.replaceChildren(p, retry);
        } else {
            note.firstChild.textContent = p.textContent;
        }
    } else if (changed) {
        note.replaceChildren();
    }
    document.body.classList.toggle('is-stale', stale);
    $('log-caption').textContent = stale ? 'Calls (out of date: callhook cannot be reached)' : 'Calls';
    if (changed) {
        renderLog();
        renderCallbacks();
    }
    showConnection();
}

// ---- sign-in -------------------------------------------------------------------------------------------------

function stopPolling() {
    clearTimeout(state.timer);
    clearTimeout(state.popTimer);
    state.generation++;
}

function showSignIn(message) {
    stopPolling();
    Object.assign(state, {
        me: null, identities: new Set(), failures: 0, stale: false, lastOk: null, log: freshLog(),
        missedText: null, missedEntries: [], seenMissed: null, callbacksText: null, callbackItems: [],
        callbacksNext: null, callbacksMore: false, callbacksLine: null, callbackExtra: new Map(), picked: new Set(),
        current: null, pop: null, popText: null, everAccepted: false,
    });
    alerts.reset();
    $('app').hidden = true;
    $('sign-out').hidden = true;
    $('notify').hidden = true;
    $('sign-in').hidden = false;
    $('sign-in-error').textContent = message || '';
    $('connection').textContent = '';
    $('clock').textContent = '';
    $('stale').replaceChildren();
    $('message').replaceChildren();
    $('pop').hidden = true;
    document.body.classList.remove('is-stale');
    $('log').tBodies[0].replaceChildren();
    $('worklist').replaceChildren();
    $('charts').replaceChildren();
    $('token').value = '';
    $('token').focus();
    document.dispatchEvent(new CustomEvent('callhook:signed-out'));
}

function showApp() {
    $('sign-in').hidden = true;
    $('sign-in-error').textContent = '';
    $('app').hidden = false;
    $('sign-out').hidden = false;
    $('notify').hidden = !alerts.supported();
    showNotifyButton();
}

/** A 401: on the first answer the token was wrong; later the session ended (the agent or token was removed). */
function refused() {
    const first = !state.everAccepted;
    api.signOut();
    showSignIn(first ? 'That token was not accepted. Check it and try again.'
        : 'Your session has ended: the token is no longer accepted. Sign in again.');
}

/** Reads the signed-in agent: identities, name, the organization's time zone; answers false on a 401. */
async function loadMe() {
    const me = await api.me();
    state.everAccepted = true;
    state.me = me;
    state.identities = new Set(me.identities || []);
    // an API that names the organization's time zone also serves view=, number= and the all-lines worklist
    state.serverFilters = Object.prototype.hasOwnProperty.call(me, 'timeZone');
    const zone = clock.setZone(me.timeZone);
    $('clock').textContent = 'Times in ' + clock.zoneLabel();
    $('clock').dataset.zone = zone;
    $('charts-hint').textContent = 'Per line, the last 14 days (' + zone + ').';
    document.dispatchEvent(new CustomEvent('callhook:session', {detail: me}));
}

/** Starts polling for the token in the session (after a sign-in of any kind, or a reload). */
export async function startSession() {
    showApp();
    await refreshNow();
    if (!$('app').hidden) {
        $('log-heading').focus();
    }
}

async function onSignIn(event) {
    event.preventDefault();
    const value = $('token').value.trim();
    if (!value) {
        return;
    }
    api.signIn(value);
    $('token').value = '';
    $('sign-in-error').textContent = 'Signing in…';
    try {
        await loadMe();
    } catch (e) {
        if (e instanceof api.Unauthorized) {
            refused();
        } else {
            api.signOut();
            $('sign-in-error').textContent = e instanceof api.Unreachable
                ? 'Cannot reach callhook (' + e.message + '). Try again in a moment.'
                : 'Sign-in failed: ' + e.message;
            $('token').focus();
        }
        return;
    }
    await startSession();
}

// ---- the caller log ------------------------------------------------------------------------------------------

function rememberLines(names) {
    let added = false;
    for (const name of names) {
        if (name && !state.lines.has(name)) {
            state.lines.add(name);
            added = true;
        }
    }
    if (!added) {
        return;
    }
    const select = $('line');
    const current = select.value;
    const options = [...state.lines].sort().map(name => new Option(name, name));
    select.replaceChildren(new Option('All lines', ''), ...options);
    select.value = current;
}

function byNewest(a, b) {
    return String(b.startedAt || '').localeCompare(String(a.startedAt || '')) || a.callId.localeCompare(b.callId);
}

function shownEntries() {
    return [...state.log.byId.values()].filter(matches).sort(byNewest);
}

const rowHandlers = {
    onDone: (callId, done) => toggleDone(callId, done),
    onPick: (callId, on) => {
        if (on) {
            state.picked.add(callId);
        } else {
            state.picked.delete(callId);
        }
        showPicked();
    },
};

function renderLog() {
    const entries = shownEntries();
    const body = $('log').tBodies[0];
    const shownOpen = new Set(entries.filter(e => e.missed && !e.done).map(e => e.callId));
    for (const id of state.picked) {
        if (!shownOpen.has(id)) {
            state.picked.delete(id);
        }
    }
    renderRows(body, entries, {stale: state.stale, picked: state.picked}, rowHandlers);
    $('log-empty').hidden = entries.length > 0;
    if (!entries.some(e => e.callId === state.current)) {
        state.current = entries.length > 0 ? entries[0].callId : null;
    }
    for (const row of body.rows) {
        markCurrent(row, row.dataset.callId === state.current);
    }
    $('more').hidden = !state.log.nextToken;
    $('more').disabled = state.stale;
    $('log-count').textContent = entries.length === 0 ? ''
        : entries.length + (entries.length === 1 ? ' call' : ' calls') + (state.log.nextToken ? ' shown; more are older.'
            : ' shown, all that match.');
    showPicked();
}

/** One row is the table's stop in the Tab order (roving tabindex): the row and its own buttons and links. */
function markCurrent(row, current) {
    row.classList.toggle('current', current);
    if (current) {
        row.setAttribute('aria-current', 'true');
    } else {
        row.removeAttribute('aria-current');
    }
    const index = current ? 0 : -1;
    row.tabIndex = index;
    for (const control of row.querySelectorAll('a, button, input')) {
        if (control.tabIndex !== index) {
            control.tabIndex = index;
        }
    }
}

function showPicked() {
    const count = state.picked.size;
    const button = $('bulk-done');
    button.disabled = count === 0 || state.stale;
    button.textContent = count === 0 ? 'Mark selected calls done'
        : 'Mark ' + count + (count === 1 ? ' selected call done' : ' selected calls done');
    const open = [...$('log').tBodies[0].rows].filter(r => !r.cells[0].firstChild.hidden);
    const all = $('pick-all');
    all.disabled = open.length === 0 || state.stale;
    all.checked = open.length > 0 && open.every(r => state.picked.has(r.dataset.callId));
    all.indeterminate = count > 0 && !all.checked;
}

/** Merges the newest page into the calls known: calls of its time span it no longer holds left the filter. */
function mergeFirstPage(page) {
    const log = state.log;
    const entries = page.entries || [];
    if (log.byId.size > 0 && !log.more) {
        log.byId = new Map();
    } else if (log.byId.size > 0) {
        const oldest = page.nextToken && entries.length > 0 ? entries[entries.length - 1].startedAt || '' : '';
        const inPage = new Set(entries.map(e => e.callId));
        for (const [id, e] of log.byId) {
            if (!inPage.has(id) && String(e.startedAt || '') >= oldest) {
                log.byId.delete(id);
            }
        }
    }
    for (const e of entries) {
        log.byId.set(e.callId, e);
    }
    if (!log.more) {
        log.nextToken = page.nextToken || null;
    }
    rememberLines(entries.map(e => e.queue));
}

/** Polls the newest page of the log; an answer that arrives after the filters changed is dropped. */
async function refreshLog(generation) {
    const query = logQuery();
    const key = JSON.stringify(query);
    const text = await api.callerLog(query);
    if (generation !== state.generation || key !== JSON.stringify(logQuery())) {
        return false;
    }
    if (state.log.key !== key) {
        state.log = freshLog();
        state.log.key = key;
        state.picked.clear();
    }
    if (text !== state.log.firstText) {
        state.log.firstText = text;
        mergeFirstPage(JSON.parse(text));
        return true;
    }
    return false;
}

async function loadMore() {
    const log = state.log;
    if (!log.nextToken) {
        return;
    }
    const key = log.key;
    $('more').disabled = true;
    try {
        const page = JSON.parse(await api.callerLog({...logQuery(), nextToken: log.nextToken}));
        if (state.log.key !== key) {
            return;
        }
        for (const e of page.entries || []) {
            if (!log.byId.has(e.callId)) {
                log.byId.set(e.callId, e);
            }
        }
        log.nextToken = page.nextToken || null;
        log.more = true;
        rememberLines((page.entries || []).map(e => e.queue));
        renderLog();
    } catch (e) {
        actionFailed('load older calls', e);
    } finally {
        $('more').disabled = state.stale;
    }
}

// ---- missed calls: charts, announcements, badge, notifications -----------------------------------------------

function chartDays() {
    return clock.daysUntil(clock.today(), 14);
}

async function refreshMissed(generation) {
    const dayList = chartDays();
    // the API's days are UTC days: ask one more on each side and count by the organization's days here
    const around = clock.daysUntil(dayList[0], 2)[0];
    const after = clock.daysUntil(dayList[13], 1)[0];
    const until = new Date(Date.parse(after + 'T00:00:00Z') + 86400000).toISOString().slice(0, 10);
    const text = await api.missedCalls(around, until);
    if (text === state.missedText) {
        return false;
    }
    const first = JSON.parse(text);
    let entries = first.entries || [];
    let next = first.nextToken;
    for (let pages = 1; next && pages < 10; pages++) {
        const page = JSON.parse(await api.missedCalls(around, until, next));
        entries = entries.concat(page.entries || []);
        next = page.nextToken;
    }
    if (generation !== state.generation) {
        return false;
    }
    state.missedText = text;
    state.missedEntries = entries;
    rememberLines(entries.map(e => e.line).concat((first.counts || []).map(c => c.line)));
    noticeNewMissed(entries);
    return true;
}

function renderMissed() {
    const {line} = filters();
    const dayList = chartDays();
    const days = new Set(dayList);
    const perLine = new Map();
    for (const e of state.missedEntries) {
        const day = clock.dayOf(new Date(e.startedAt));
        if (!days.has(day) || (line && e.line !== line)) {
            continue;
        }
        if (!perLine.has(e.line)) {
            perLine.set(e.line, new Map());
        }
        perLine.get(e.line).set(day, (perLine.get(e.line).get(day) || 0) + 1);
    }
    renderCharts($('charts'), perLine, dayList);
}

/** New missed calls on the lines the agent watches (the chosen line, or every line): said, counted, notified. */
function noticeNewMissed(entries) {
    const ids = new Set(entries.map(e => e.callId));
    if (state.seenMissed === null) {
        state.seenMissed = ids;
        return;
    }
    const {line} = filters();
    const fresh = entries.filter(e => !state.seenMissed.has(e.callId) && !e.done && (!line || e.line === line));
    for (const id of ids) {
        state.seenMissed.add(id);
    }
    if (fresh.length === 0) {
        return;
    }
    const newest = fresh[0];
    const caller = who(newest.fromContact, newest.from);
    alerts.badge(fresh.length);
    alerts.announce(fresh.length === 1 ? 'New missed call from ' + caller + ' on ' + newest.line
        : fresh.length + ' new missed calls, the latest from ' + caller + ' on ' + newest.line);
    for (const e of fresh.slice(0, 3)) {
        alerts.notify('Missed call: ' + who(e.fromContact, e.from), 'Line ' + e.line + ', '
            + clock.time(e.startedAt), e.callId);
    }
}

function showNotifyButton() {
    const on = alerts.enabled();
    const button = $('notify');
    button.setAttribute('aria-pressed', String(on));
    button.textContent = on ? 'Desktop notifications: on' : 'Desktop notifications: off';
    button.title = typeof Notification === 'function' && Notification.permission === 'denied'
        ? 'The browser blocks notifications for this page' : '';
}

async function toggleNotifications() {
    if (alerts.enabled()) {
        alerts.disable();
        setMessage('info', 'Desktop notifications are off.');
    } else if (await alerts.enable()) {
        setMessage('info', 'Desktop notifications are on: new missed calls on your lines show on your desktop.');
    } else {
        setMessage('error', 'The browser did not allow notifications for this page.');
    }
    showNotifyButton();
}

// ---- the worklist --------------------------------------------------------------------------------------------

async function refreshCallbacks(generation) {
    const {line} = filters();
    if (state.serverFilters && !state.worklistPerLine) {
        let text;
        try {
            text = await api.callbacks({line});
        } catch (e) {
            if (!(e instanceof api.Refused) || line) {
                throw e;
            }
            // an API that lists one line at a time: ask per line from now on
            state.worklistPerLine = true;
            return refreshCallbacks(generation);
        }
        if (generation !== state.generation || line !== filters().line) {
            return false;
        }
        if (state.callbacksLine !== line) {
            state.callbacksLine = line;
            state.callbackExtra = new Map();
            state.callbacksMore = false;
            state.callbacksText = null;
        }
        if (text === state.callbacksText) {
            return false;
        }
        const page = JSON.parse(text);
        const items = page.items || [];
        state.callbacksText = text;
        // pages loaded with "Load more" stay; those of the first page's span that it no longer holds are gone
        const inPage = new Set(items.map(i => i.itemId));
        const last = page.nextToken && items.length > 0 ? String(items[items.length - 1].firstMissedAt) : null;
        for (const [id, item] of state.callbackExtra) {
            if (inPage.has(id) || last === null || String(item.firstMissedAt) <= last) {
                state.callbackExtra.delete(id);
            }
        }
        state.callbackItems = items.concat([...state.callbackExtra.values()]);
        if (!state.callbacksMore) {
            state.callbacksNext = page.nextToken || null;
        }
        rememberLines(items.map(i => i.line));
        return true;
    }
    // an API before one request for all lines: one request per line the page knows
    const lines = line ? [line] : [...state.lines].sort().slice(0, 20);
    const texts = await Promise.all(lines.map(name => api.callbacks({line: name})));
    const text = JSON.stringify(texts);
    if (generation !== state.generation || text === state.callbacksText) {
        return false;
    }
    state.callbacksText = text;
    state.callbackItems = texts.flatMap(t => JSON.parse(t).items || []);
    state.callbacksNext = null;
    return true;
}

async function moreCallbacks() {
    const next = state.callbacksNext;
    if (!next) {
        return;
    }
    $('worklist-more').disabled = true;
    try {
        const page = JSON.parse(await api.callbacks({line: filters().line, nextToken: next}));
        const known = new Set(state.callbackItems.map(i => i.itemId));
        const fresh = (page.items || []).filter(i => !known.has(i.itemId));
        for (const item of fresh) {
            state.callbackExtra.set(item.itemId, item);
        }
        state.callbackItems = state.callbackItems.concat(fresh);
        state.callbacksNext = page.nextToken || null;
        state.callbacksMore = true;
        renderCallbacks();
    } catch (e) {
        actionFailed('load more callbacks', e);
    } finally {
        $('worklist-more').disabled = state.stale;
    }
}

function renderCallbacks() {
    const {line} = filters();
    const items = state.callbackItems.filter(item => !line || item.line === line);
    renderWorklist($('worklist'), items, {me: state.me && state.me.id, stale: state.stale, now: Date.now()},
        callbackAction);
    $('worklist-empty').hidden = items.length > 0;
    $('worklist-more').hidden = !state.callbacksNext;
    $('worklist-more').disabled = state.stale;
}

// ---- the screen pop ------------------------------------------------------------------------------------------

/** The caller's history and open callback for the pop (the API's number= filters; older APIs: the page's data). */
async function popDetails(call) {
    const number = call.from || '';
    const same = e => e.from === number || e.to === number
        || (call.fromContact && call.fromContact.number && ((e.fromContact && e.fromContact.number)
            === call.fromContact.number || (e.toContact && e.toContact.number) === call.fromContact.number));
    let history = [...state.log.byId.values()].filter(same).sort(byNewest);
    let items = state.callbackItems.filter(i => i.number && i.number === number);
    if (number && state.serverFilters) {
        const [log, list] = await Promise.allSettled([api.callerLog({number, limit: 6}),
            state.worklistPerLine ? Promise.reject(new Error('per line')) : api.callbacks({number, limit: 5})]);
        if (log.status === 'fulfilled') {
            history = (JSON.parse(log.value).entries || []).filter(same);
        }
        if (list.status === 'fulfilled') {
            items = (JSON.parse(list.value).items || []).filter(i => !i.number || i.number === number
                || (i.contact && call.fromContact && i.contact.number === call.fromContact.number));
        }
    }
    return {history, items};
}

function showPop(call, details) {
    const pop = $('pop');
    renderPop(pop, call, details.history, details.items, {me: state.me && state.me.id, now: Date.now()});
    pop.hidden = false;
}

async function refreshPop() {
    const text = await api.callerLog({limit: 25});
    if (text === state.popText) {
        return;
    }
    state.popText = text;
    const entries = JSON.parse(text).entries || [];
    const ringing = entries.filter(e => ringsForMe(e) && !state.popDismissed.has(e.callId)).sort(byNewest)[0];
    if (ringing && (!state.pop || state.pop.call.callId !== ringing.callId)) {
        const generation = state.generation;
        state.pop = {call: ringing, details: {history: [], items: []}};
        showPop(ringing, state.pop.details);
        alerts.announce('Call from ' + who(ringing.fromContact, ringing.from) + ' ringing for you'
            + (ringing.queue ? ' on ' + ringing.queue : ''));
        try {
            const details = await popDetails(ringing);
            if (generation === state.generation && state.pop && state.pop.call.callId === ringing.callId) {
                state.pop.details = details;
                showPop(state.pop.call, details);
            }
        } catch (e) {
            if (!(e instanceof api.Refused)) {
                throw e;
            }
        }
    } else if (state.pop) {
        const now = entries.find(e => e.callId === state.pop.call.callId);
        if (now && now.state !== state.pop.call.state) {
            state.pop.call = now;
            showPop(now, state.pop.details);
        }
    }
}

function dismissPop() {
    if (state.pop) {
        state.popDismissed.add(state.pop.call.callId);
    }
    state.pop = null;
    $('pop').hidden = true;
    $('log-heading').focus();
}

// ---- polling -------------------------------------------------------------------------------------------------

/** A failure while polling: 401 ends the session; an unreachable API marks the page stale and backs off. */
function pollFailed(e, generation) {
    if (generation !== state.generation) {
        return;
    }
    if (e instanceof api.Unauthorized) {
        refused();
    } else if (e instanceof api.Refused) {
        // the filters asked for something the API refuses (a bad date, say): say so where the agent looks
        const text = 'The filter was not accepted: ' + e.message;
        if (!state.filterRefused || $('message').textContent.indexOf(text) !== 0) {
            setMessage('error', text);
        }
        state.filterRefused = true;
    } else {
        state.failures++;
        setStale(true, e.message);
    }
}

async function refresh() {
    const generation = state.generation;
    try {
        if (!state.me) {
            await loadMe();
        }
        const [logChanged, missedChanged] = await Promise.all([refreshLog(generation), refreshMissed(generation)]);
        const callbacksChanged = await refreshCallbacks(generation);
        if (generation !== state.generation) {
            return;
        }
        state.failures = 0;
        state.lastOk = new Date();
        if (state.filterRefused) {
            // the filters are accepted again: the complaint about them is over
            state.filterRefused = false;
            setMessage('', '');
        }
        if (state.stale) {
            setStale(false);
        } else {
            if (logChanged) {
                renderLog();
            }
            if (callbacksChanged) {
                renderCallbacks();
            } else {
                // waiting times grow by themselves: the page counts them from the timestamps
                renderCallbacks();
            }
        }
        if (missedChanged) {
            renderMissed();
        }
        showConnection();
        document.body.dataset.loaded = 'true';
    } catch (e) {
        pollFailed(e, generation);
    }
}

function schedule(delay) {
    clearTimeout(state.timer);
    if (document.hidden) {
        return;
    }
    const generation = state.generation;
    state.timer = setTimeout(async () => {
        await refresh();
        if (generation === state.generation) {
            schedule(retryDelay());
        }
    }, delay);
}

function schedulePop() {
    clearTimeout(state.popTimer);
    if (document.hidden) {
        return;
    }
    const generation = state.generation;
    state.popTimer = setTimeout(async () => {
        if (!state.stale && state.me) {
            try {
                await refreshPop();
            } catch (e) {
                pollFailed(e, generation);
            }
        }
        if (generation === state.generation) {
            schedulePop();
        }
    }, POP_MS);
}

/** Refreshes now (after a sign-in, a filter change or an action) and polls on from there. */
async function refreshNow() {
    stopPolling();
    const generation = state.generation;
    await refresh();
    if (generation === state.generation && api.signedIn() && !$('app').hidden) {
        schedule(retryDelay());
        schedulePop();
        if (state.me && !state.stale) {
            refreshPop().catch(e => pollFailed(e, generation));
        }
    }
}

/** Hidden tab: polling pauses (with notifications on, only missed calls are asked, every 30 s). */
function onVisibility() {
    if (!api.signedIn() || $('app').hidden) {
        return;
    }
    if (document.hidden) {
        stopPolling();
        hiddenCheck();
    } else {
        refreshNow();
    }
}

function hiddenCheck() {
    const generation = state.generation;
    state.timer = setTimeout(async () => {
        if (generation !== state.generation || !document.hidden) {
            return;
        }
        if (alerts.enabled()) {
            try {
                if (await refreshMissed(generation)) {
                    renderMissed();
                }
            } catch (e) {
                // the next visible poll says it
            }
        }
        hiddenCheck();
    }, HIDDEN_MS);
}

// ---- actions -------------------------------------------------------------------------------------------------

function actionFailed(what, e) {
    if (e instanceof api.Unauthorized) {
        refused();
    } else if (e instanceof api.Unreachable) {
        setMessage('error', 'Could not ' + what + ': callhook cannot be reached (' + e.message + ').');
        state.failures++;
        setStale(true, e.message);
    } else {
        setMessage('error', 'Could not ' + what + ': ' + e.message);
    }
}

function entryName(callId) {
    const entry = state.log.byId.get(callId);
    return entry ? callName(entry) : 'call ' + callId;
}

async function toggleDone(callId, done) {
    const name = entryName(callId);
    setMessage('', '');
    try {
        await api.markDone(callId, done);
        const entry = state.log.byId.get(callId);
        if (entry) {
            entry.done = done;
        }
        setMessage('info', (done ? 'Marked done: ' : 'Reopened: ') + name + '.');
        renderLog();
        await refreshNow();
    } catch (e) {
        actionFailed((done ? 'mark the ' : 'reopen the ') + name + (done ? ' done' : ''), e);
    }
}

async function bulkDone() {
    const ids = [...state.picked];
    if (ids.length === 0) {
        return;
    }
    setMessage('', '');
    try {
        for (let i = 0; i < ids.length; i += 100) {
            await api.markDoneBulk(ids.slice(i, i + 100));
        }
        for (const id of ids) {
            const entry = state.log.byId.get(id);
            if (entry) {
                entry.done = true;
            }
        }
        state.picked.clear();
        setMessage('info', 'Marked ' + ids.length + (ids.length === 1 ? ' call' : ' calls') + ' done.');
        renderLog();
        await refreshNow();
    } catch (e) {
        actionFailed('mark the selected calls done', e);
    }
}

function pickAll() {
    const on = $('pick-all').checked;
    for (const row of $('log').tBodies[0].rows) {
        if (!row.cells[0].firstChild.hidden) {
            if (on) {
                state.picked.add(row.dataset.callId);
            } else {
                state.picked.delete(row.dataset.callId);
            }
            row.cells[0].firstChild.checked = on;
        }
    }
    showPicked();
}

async function callbackAction(itemId, action, reason) {
    const item = state.callbackItems.find(i => i.itemId === itemId);
    const name = 'the callback to ' + (item ? who(item.contact, item.number) : itemId);
    let text = reason;
    if (action === 'close' && reason === 'other') {
        text = (window.prompt('Why is ' + name + ' closed?') || '').trim();
        if (!text) {
            return;
        }
    }
    setMessage('', '');
    try {
        const answer = await api.callbackAction(itemId, action, text);
        // the answer is the item as it is now: a closed one leaves at once, a claimed one shows its holder
        state.callbackExtra.delete(itemId);
        state.callbackItems = state.callbackItems.filter(i => i.itemId !== itemId)
            .concat(answer && answer.state === 'open' ? [{...item, ...answer}] : []);
        renderCallbacks();
        setMessage('info', {claim: 'Claimed ', release: 'Released ', close: 'Closed '}[action] + name + '.');
    } catch (e) {
        if (e instanceof api.Refused && e.body && e.body.claimedBy) {
            // the worklist as it is now names the holder
            await refreshNow();
            const now = state.callbackItems.find(i => i.itemId === itemId);
            const holder = e.body.claimedByName || (now && now.claimedBy === e.body.claimedBy && now.claimedByName)
                || e.body.claimedBy;
            setMessage('error', 'Could not ' + action + ' ' + name + ': ' + (e.body.claimedBy === (state.me
                && state.me.id) ? 'you hold it.' : 'it is claimed by ' + holder + '.'));
            return;
        } else {
            actionFailed(action + ' ' + name, e);
        }
    }
    await refreshNow();
}

// ---- keyboard ------------------------------------------------------------------------------------------------

function makeCurrent(row, focus) {
    state.current = row.dataset.callId;
    for (const r of row.parentElement.rows) {
        markCurrent(r, r === row);
    }
    if (focus) {
        // the row may be wider than its box: keep the horizontal position, bring it into view vertically only
        row.focus({preventScroll: true});
        row.scrollIntoView({block: 'nearest', inline: 'start'});
    }
}

function onTableKey(event) {
    const row = event.target.closest('tr');
    if (!row || !row.parentElement || row.parentElement.tagName !== 'TBODY') {
        return;
    }
    const step = {ArrowDown: 1, ArrowUp: -1, j: 1, k: -1}[event.key];
    if (step && event.target === row) {
        const next = row.parentElement.rows[row.sectionRowIndex + step];
        if (next) {
            makeCurrent(next, true);
        }
        event.preventDefault();
    } else if ((event.key === ' ' || event.key === 'd') && event.target === row) {
        const button = row.querySelector('button.done');
        if (!button.hidden && !button.disabled) {
            button.click();
        }
        event.preventDefault();
    }
}

function filtersChanged() {
    renderLog();
    renderMissed();
    renderCallbacks();
    refreshNow();
}

async function start() {
    $('sign-in-form').addEventListener('submit', onSignIn);
    $('oidc-sign-in').addEventListener('click', () => signin.begin(false));
    $('sign-out').addEventListener('click', async () => {
        if (signin.signedIn() && await signin.signOut()) {
            return; // the browser goes to the provider, which sends it back here signed out
        }
        api.signOut();
        showSignIn('Signed out.');
    });
    $('filters').addEventListener('submit', event => {
        event.preventDefault();
        filtersChanged();
    });
    for (const id of ['line', 'since', 'until']) {
        $(id).addEventListener('change', filtersChanged);
    }
    for (const radio of document.querySelectorAll('input[name=show]')) {
        radio.addEventListener('change', filtersChanged);
    }
    $('more').addEventListener('click', loadMore);
    $('worklist-more').addEventListener('click', moreCallbacks);
    $('bulk-done').addEventListener('click', bulkDone);
    $('pick-all').addEventListener('change', pickAll);
    $('pop-close').addEventListener('click', dismissPop);
    $('notify').addEventListener('click', toggleNotifications);
    const body = $('log').tBodies[0];
    body.addEventListener('click', event => {
        const row = event.target.closest('tr');
        if (row) {
            makeCurrent(row, event.target === row || !event.target.closest('button, a, input'));
        }
    });
    body.addEventListener('focusin', event => {
        const row = event.target.closest('tr');
        if (row && row.dataset.callId !== state.current) {
            makeCurrent(row, false);
        }
    });
    body.addEventListener('keydown', onTableKey);
    document.addEventListener('visibilitychange', onVisibility);
    for (const type of ['pointerdown', 'keydown']) {
        document.addEventListener(type, () => alerts.seen(), {passive: true});
    }
    const message = await signin.init();
    $('oidc').hidden = !signin.available();
    if (api.signedIn()) {
        state.everAccepted = true;
        startSession();
    } else {
        showSignIn(message);
    }
}

start();
