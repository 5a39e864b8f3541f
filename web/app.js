// The agent page: sign-in, the caller log with filters, the callback worklist and the missed-call charts, kept up
// to date by polling every few seconds. No framework, no build step: plain ES modules served as they are.
import * as api from './api.js';
import {days, renderCharts, renderRows, renderWorklist} from './render.js';
import * as signin from './signin.js';

const POLL_MS = 2500;
const $ = id => document.getElementById(id);

const state = {
    logText: null,
    missedText: null,
    entries: [],
    missed: {entries: [], counts: []},
    lines: new Set(),
    identities: new Set(),
    me: null,
    callbacks: new Map(),
    selected: null,
    timer: null,
    generation: 0,
};

function filters() {
    return {line: $('line').value, show: document.querySelector('input[name=show]:checked').value};
}

function setStatus(message) {
    $('status').textContent = message;
}

function showSignIn(message) {
    clearTimeout(state.timer);
    state.generation++;
    state.logText = null;
    state.missedText = null;
    state.identities = new Set();
    state.me = null;
    state.callbacks = new Map();
    $('app').hidden = true;
    $('sign-out').hidden = true;
    $('sign-in').hidden = false;
    $('sign-in-error').textContent = message || '';
    setStatus('');
    $('log').tBodies[0].replaceChildren();
    $('worklist').replaceChildren();
    $('charts').replaceChildren();
    $('token').value = '';
    $('token').focus();
}

function showApp() {
    $('sign-in').hidden = true;
    $('sign-in-error').textContent = '';
    $('app').hidden = false;
    $('sign-out').hidden = false;
}

function expired() {
    api.signOut();
    showSignIn('Your session has ended (the token was refused). Sign in again.');
}

function utcToday() {
    return new Date().toISOString().slice(0, 10);
}

function range() {
    const list = days(new Date(Date.parse(utcToday() + 'T00:00:00Z') - 13 * 86400000).toISOString().slice(0, 10), 14);
    return {since: list[0], until: list[13], list};
}

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

function renderLog() {
    const {show} = filters();
    const entries = state.entries.filter(e => show === 'all' || (show === 'missed' && e.missed)
        || (show === 'open' && e.missed && !e.done) || (show === 'mine' && isMine(e)));
    const body = $('log').tBodies[0];
    renderRows(body, entries, toggleDone);
    $('log-empty').hidden = entries.length > 0;
    for (const row of body.rows) {
        const selected = row.dataset.callId === state.selected;
        row.classList.toggle('selected', selected);
        row.setAttribute('aria-selected', String(selected));
        row.tabIndex = selected ? 0 : -1;
    }
    if (!entries.some(e => e.callId === state.selected) && body.rows.length > 0) {
        body.rows[0].tabIndex = 0;
    }
}

/** A call is the agent's when it was answered under one of their identities, or rang them and nobody answered. */
function isMine(entry) {
    if (entry.answeredBy) {
        return state.identities.has(entry.answeredBy);
    }
    return (entry.user || []).some(user => state.identities.has(user));
}

function renderMissed() {
    const {line} = filters();
    const r = range();
    renderCharts($('charts'), state.missed.counts.filter(c => !line || c.line === line), r.list);
}

function renderCallbacks() {
    const {line} = filters();
    const items = [...state.callbacks.entries()].filter(([name]) => !line || name === line)
        .flatMap(([, text]) => JSON.parse(text).items);
    renderWorklist($('worklist'), items, state.me, callbackAction);
    $('worklist-empty').hidden = items.length > 0;
}

/** The lines whose worklist the page shows: the chosen one, or every line it has seen (at most MAX_LINES). */
const MAX_LINES = 20;

async function refreshCallbacks() {
    const {line} = filters();
    const lines = line ? [line] : [...state.lines].sort().slice(0, MAX_LINES);
    const texts = await Promise.all(lines.map(name => api.callbacks(name)));
    let changed = lines.length !== state.callbacks.size;
    const next = new Map();
    lines.forEach((name, i) => {
        changed = changed || state.callbacks.get(name) !== texts[i];
        next.set(name, texts[i]);
    });
    state.callbacks = next;
    return changed;
}

async function refresh() {
    const generation = state.generation;
    const {line} = filters();
    const r = range();
    try {
        if (state.identities.size === 0) {
            const me = await api.me();
            state.me = me.id;
            state.identities = new Set(me.identities);
        }
        const [logText, missedText] = await Promise.all([api.callerLog(line), api.missedCalls(r.since, r.until)]);
        if (generation !== state.generation) {
            return;
        }
        if (logText !== state.logText) {
            state.logText = logText;
            state.entries = JSON.parse(logText).entries;
            rememberLines(state.entries.map(e => e.queue));
            renderLog();
        }
        if (missedText !== state.missedText) {
            state.missedText = missedText;
            state.missed = JSON.parse(missedText);
            rememberLines(state.missed.counts.map(c => c.line));
            renderMissed();
        }
        const callbacksChanged = await refreshCallbacks();
        if (generation !== state.generation) {
            return;
        }
        if (callbacksChanged) {
            renderCallbacks();
        }
        setStatus('Live · updated ' + new Date().toLocaleTimeString());
        document.body.dataset.loaded = 'true';
    } catch (e) {
        if (e instanceof api.Unauthorized) {
            if (generation === state.generation) {
                expired();
            }
            return;
        }
        if (generation === state.generation) {
            setStatus('Cannot reach callhook (' + e.message + '); retrying');
        }
    }
}

function schedule() {
    clearTimeout(state.timer);
    const generation = state.generation;
    state.timer = setTimeout(async () => {
        await refresh();
        if (generation === state.generation) {
            schedule();
        }
    }, POLL_MS);
}

/** Refreshes now (after a sign-in, a filter change or a done flag) and polls on from there. */
async function refreshNow() {
    clearTimeout(state.timer);
    const generation = ++state.generation;
    await refresh();
    if (generation === state.generation && api.signedIn()) {
        schedule();
    }
}

async function toggleDone(callId, done) {
    try {
        await api.markDone(callId, done);
        setStatus((done ? 'Marked done: ' : 'Reopened: ') + callId);
        await refreshNow();
    } catch (e) {
        if (e instanceof api.Unauthorized) {
            expired();
        } else {
            setStatus('Could not change the done flag: ' + e.message);
        }
    }
}

async function callbackAction(itemId, action, reason) {
    let text = reason;
    if (action === 'close' && reason === 'other') {
        text = (window.prompt('Why is this callback closed?') || '').trim();
        if (!text) {
            return;
        }
    }
    try {
        const item = await api.callbackAction(itemId, action, text);
        setStatus({claim: 'Claimed: ', release: 'Released: ', close: 'Closed: '}[action] + (item.number || itemId));
        await refreshNow();
    } catch (e) {
        if (e instanceof api.Unauthorized) {
            expired();
        } else {
            setStatus('Could not ' + action + ' the callback: ' + e.message);
            await refreshNow();
        }
    }
}

function select(row, focus) {
    state.selected = row.dataset.callId;
    for (const r of row.parentElement.rows) {
        const selected = r === row;
        r.classList.toggle('selected', selected);
        r.setAttribute('aria-selected', String(selected));
        r.tabIndex = selected ? 0 : -1;
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
            select(next, true);
        }
        event.preventDefault();
    } else if ((event.key === ' ' || event.key === 'd') && event.target === row) {
        row.querySelector('button.done').click();
        event.preventDefault();
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
    showApp();
    await refreshNow();
    if (!$('app').hidden) {
        $('log-heading').focus();
    }
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
    $('filters').addEventListener('submit', event => event.preventDefault());
    $('line').addEventListener('change', () => {
        renderMissed();
        renderCallbacks();
        refreshNow();
    });
    for (const radio of document.querySelectorAll('input[name=show]')) {
        radio.addEventListener('change', renderLog);
    }
    const body = $('log').tBodies[0];
    body.addEventListener('click', event => {
        const row = event.target.closest('tr');
        if (row) {
            select(row, event.target === row || !event.target.closest('button'));
        }
    });
    body.addEventListener('keydown', onTableKey);
    const message = await signin.init();
    $('oidc').hidden = !signin.available();
    if (api.signedIn()) {
        showApp();
        refreshNow();
    } else {
        showSignIn(message);
    }
}

start();
