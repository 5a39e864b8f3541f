// Rendering: pure formatting helpers and in-place updates of the calls table, the worklist, the charts and the
// screen pop. Rows are kept by call id and updated where they stand, so focus and scroll position survive updates.
import {time} from './clock.js';

const SVG = 'http://www.w3.org/2000/svg';

const REASONS = {
    no_answer: 'No answer', cancel: 'Hung up', busy: 'Busy', rejected: 'Rejected',
    not_found: 'Number not found', congestion: 'Network busy', error: 'Error', unknown: 'Unknown',
    normal: 'Voicemail', forwarded: 'Forwarded',
};

export function duration(seconds) {
    if (seconds === null || seconds === undefined) {
        return '';
    }
    const s = Math.max(0, Math.round(seconds));
    return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
}

/** A waiting time for people: "45 s", "12 min", "5 h 3 min", "3 d". */
export function age(seconds) {
    const s = Math.max(0, Math.round(seconds || 0));
    if (s < 60) {
        return s + ' s';
    }
    if (s < 3600) {
        return Math.floor(s / 60) + ' min';
    }
    if (s < 48 * 3600) {
        return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
    }
    return Math.floor(s / 86400) + ' d';
}

/** Seconds from an ISO instant to now (the page computes ages itself, so the API's answers can stay the same). */
export function since(iso, now = Date.now()) {
    const at = Date.parse(iso);
    return Number.isNaN(at) ? 0 : (now - at) / 1000;
}

/** Why a call was missed, as the API decided it (missReason), in words; provider-era records fall back to the cause. */
const MISS_REASONS = {
    abandoned_short: 'Hung up quickly', abandoned: 'Hung up', no_answer: 'No answer', busy: 'Busy',
    rejected: 'Rejected', out_of_hours: 'Out of hours', voicemail: 'Voicemail', unreachable: 'Unreachable',
    unknown: 'Unknown',
};

export function reason(entry) {
    if (!entry.missed) {
        return '';
    }
    if (entry.missReason) {
        return MISS_REASONS[entry.missReason] || entry.missReason;
    }
    if (entry.answeredBy) {
        return 'Voicemail';
    }
    return REASONS[entry.cause] || entry.rawCause || 'Missed';
}

const STATES = {newCall: 'ringing', answer: 'talking', hangup: 'ended'};

/** A number as the API formatted it (contact.display), else as the phone system sent it. */
export function numberText(contact, raw) {
    return (contact && contact.display) || raw || '';
}

/** Who a number is, for labels: the contact's name, else the formatted number, else "an unknown caller". */
export function who(contact, raw) {
    return (contact && contact.name) || numberText(contact, raw) || 'an unknown caller';
}

/** The tel: address of a number (E.164 from the API, else the digits and + of the raw number), or null. */
export function telHref(contact, raw) {
    const number = (contact && contact.number) || String(raw || '').replace(/[^0-9+]/g, '');
    return /^\+?[0-9]{3,}$/.test(number) ? 'tel:' + number : null;
}

/** The contact's external link if it is a web address (http or https), else null: no script: or data: links. */
export function safeLink(link) {
    if (!link) {
        return null;
    }
    try {
        const url = new URL(link, document.baseURI);
        return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
    } catch (e) {
        return null;
    }
}

/** A number with its contact: name and company (when known), the number as a tel: link, the contact's link. */
export function contactNodes(contact, raw) {
    const nodes = [];
    const name = contact && contact.name;
    const number = numberText(contact, raw);
    if (name) {
        const strong = document.createElement('span');
        strong.className = 'contact-name';
        strong.textContent = name;
        nodes.push(strong);
    }
    if (contact && contact.company) {
        const company = document.createElement('span');
        company.className = 'company';
        company.textContent = contact.company;
        nodes.push(company);
    }
    const href = telHref(contact, raw);
    if (number && href) {
        const tel = document.createElement('a');
        tel.className = 'tel';
        tel.href = href;
        tel.textContent = number;
        tel.setAttribute('aria-label', 'Call ' + (name ? name + ' at ' : '') + number);
        nodes.push(tel);
    } else if (number) {
        const plain = document.createElement('span');
        plain.className = 'number';
        plain.textContent = number;
        nodes.push(plain);
    }
    const link = safeLink(contact && contact.link);
    if (link) {
        const a = document.createElement('a');
        a.className = 'ext';
        a.href = link;
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        a.textContent = 'Open';
        a.setAttribute('aria-label', 'Open ' + (name || number) + ' in your contacts (new tab)');
        nodes.push(a);
    }
    return nodes;
}

function setContact(cell, contact, raw) {
    const key = JSON.stringify([contact || null, raw || null]);
    if (cell.dataset.key !== key) {
        cell.dataset.key = key;
        cell.replaceChildren(...contactNodes(contact, raw));
    }
}

function text(element, value) {
    if (element.textContent !== value) {
        element.textContent = value;
    }
}

/** The words that name a call in its buttons: "call from Anna Schmidt at 10:02". */
export function callName(entry) {
    const outbound = entry.direction === 'out';
    const party = outbound ? who(entry.toContact, entry.to) : who(entry.fromContact, entry.from);
    return 'call ' + (outbound ? 'to ' : 'from ') + party + (entry.startedAt ? ' at ' + time(entry.startedAt) : '');
}

const COLUMNS = [
    ['Started', (cell, e) => text(cell, time(e.startedAt))],
    ['Call', (cell, e) => text(cell, [e.direction === 'out' ? 'out' : e.direction === 'in' ? 'in' : '',
        STATES[e.state] || e.state].filter(Boolean).join(' · '))],
    ['From', (cell, e) => setContact(cell, e.fromContact, e.from)],
    ['To', (cell, e) => setContact(cell, e.toContact, e.to)],
    ['Line', (cell, e) => text(cell, e.queue || '')],
    ['Agent', (cell, e) => text(cell, e.answeredByName || e.answeredBy || '')],
    ['Wait', (cell, e) => text(cell, duration(e.waitingSeconds))],
    ['Talk', (cell, e) => text(cell, duration(e.talkingSeconds))],
    ['Missed', (cell, e) => text(cell, reason(e))],
];

function newRow(entry, handlers) {
    const row = document.createElement('tr');
    row.dataset.callId = entry.callId;
    row.tabIndex = -1;
    const pickCell = document.createElement('td');
    pickCell.dataset.label = 'Select';
    const pick = document.createElement('input');
    pick.type = 'checkbox';
    pick.className = 'pick';
    pick.addEventListener('change', () => handlers.onPick(row.dataset.callId, pick.checked));
    pickCell.append(pick);
    row.append(pickCell);
    for (const [label] of COLUMNS) {
        const cell = document.createElement('td');
        cell.dataset.label = label;
        row.append(cell);
    }
    const cell = document.createElement('td');
    cell.dataset.label = 'Done';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'done';
    button.addEventListener('click', () => handlers.onDone(row.dataset.callId, row.dataset.done !== 'true'));
    cell.append(button);
    row.append(cell);
    return row;
}

function updateRow(row, entry, ctx) {
    const name = callName(entry);
    const open = Boolean(entry.missed) && !entry.done;
    const pick = row.cells[0].firstChild;
    pick.hidden = !open;
    pick.checked = open && ctx.picked.has(entry.callId);
    pick.disabled = ctx.stale;
    if (pick.getAttribute('aria-label') !== 'Select ' + name) {
        pick.setAttribute('aria-label', 'Select ' + name);
    }
    COLUMNS.forEach(([, fill], i) => fill(row.cells[i + 1], entry));
    row.classList.toggle('missed', Boolean(entry.missed));
    row.classList.toggle('is-done', Boolean(entry.done));
    row.classList.toggle('ringing', entry.state === 'newCall');
    row.dataset.state = entry.state || '';
    row.dataset.line = entry.queue || '';
    row.dataset.done = entry.done ? 'true' : 'false';
    const button = row.cells[COLUMNS.length + 1].firstChild;
    const key = (entry.done ? 'done:' : 'open:') + name;
    if (button.dataset.key !== key) {
        button.dataset.key = key;
        // visible "Mark done" / "Done"; the accessible name says which call: "Mark call from X at 10:02 done"
        button.textContent = entry.done ? 'Done' : 'Mark done';
        button.setAttribute('aria-label', entry.done ? 'Done: reopen ' + name : 'Mark ' + name + ' done');
        button.title = entry.done ? 'Done: press to reopen' : 'Mark this call done';
    }
    button.disabled = ctx.stale;
    // only a missed call waits for someone: the others are done by definition and get no button
    button.hidden = !entry.missed;
}

/**
 * Makes {@code body}'s rows show {@code entries} in order, reusing the rows of calls already shown.
 * {@code ctx}: {stale, picked (a Set of call ids)}; {@code handlers}: {onDone(callId, done), onPick(callId, on)}.
 */
export function renderRows(body, entries, ctx, handlers) {
    const existing = new Map([...body.rows].map(row => [row.dataset.callId, row]));
    const wanted = new Set(entries.map(e => e.callId));
    for (const [id, row] of existing) {
        if (!wanted.has(id)) {
            row.remove();
        }
    }
    entries.forEach((entry, index) => {
        let row = existing.get(entry.callId);
        if (!row) {
            row = newRow(entry, handlers);
        }
        updateRow(row, entry, ctx);
        const at = body.rows[index];
        if (at !== row) {
            body.insertBefore(row, at || null);
        }
    });
}

const CLOSE_REASONS = [['wrong_number', 'Wrong number'], ['resolved_elsewhere', 'Resolved elsewhere'],
    ['other', 'Other…']];

function newCallbackItem(item, onAction) {
    const li = document.createElement('li');
    li.dataset.itemId = item.itemId;
    const whoSpan = document.createElement('span');
    whoSpan.className = 'who';
    const what = document.createElement('span');
    what.className = 'what';
    const actions = document.createElement('span');
    actions.className = 'actions';
    const claim = document.createElement('button');
    claim.type = 'button';
    claim.className = 'claim';
    claim.addEventListener('click', () => onAction(li.dataset.itemId, claim.dataset.action));
    const reasonSelect = document.createElement('select');
    reasonSelect.className = 'close-reason';
    reasonSelect.append(...CLOSE_REASONS.map(([value, label]) => new Option(label, value)));
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'close';
    close.addEventListener('click', () => onAction(li.dataset.itemId, 'close', reasonSelect.value));
    const closing = document.createElement('span');
    closing.className = 'closing';
    closing.append(reasonSelect, close);
    actions.append(claim, closing);
    li.append(whoSpan, what, actions);
    return li;
}

function agentName(item) {
    return item.claimedByName || item.claimedBy;
}

function updateCallbackItem(li, item, ctx) {
    li.dataset.line = item.line;
    li.dataset.number = item.number || '';
    li.dataset.calls = (item.missedCallIds || []).join(' ');
    li.dataset.claimedBy = item.claimedBy || '';
    const contact = item.contact;
    const key = JSON.stringify([contact || null, item.number, item.callable]);
    if (li.children[0].dataset.key !== key) {
        li.children[0].dataset.key = key;
        li.children[0].replaceChildren(...(item.callable ? contactNodes(contact, item.number)
            : ['Anonymous caller (cannot be called back)']));
    }
    const waiting = item.firstMissedAt ? since(item.firstMissedAt, ctx.now) : item.waitingSeconds;
    const facts = [item.line, item.missCount === 1 ? '1 missed call' : item.missCount + ' missed calls',
        'waiting ' + age(waiting), 'last ' + time(item.lastMissedAt)];
    if (item.attempts > 0) {
        facts.push(item.attempts === 1 ? '1 attempt' : item.attempts + ' attempts');
    }
    if (item.claimedBy) {
        facts.push(item.claimedBy === ctx.me ? 'claimed by you' : 'claimed by ' + agentName(item));
    }
    text(li.children[1], facts.filter(Boolean).join(' · '));
    const [claim, closing] = li.children[2].children;
    const [reasonSelect, close] = closing.children;
    const mine = item.claimedBy === ctx.me;
    const name = 'callback to ' + (item.callable ? who(contact, item.number) : 'an anonymous caller');
    claim.dataset.action = mine ? 'release' : 'claim';
    const claimKey = claim.dataset.action + ':' + name;
    if (claim.dataset.key !== claimKey) {
        claim.dataset.key = claimKey;
        claim.textContent = mine ? 'Release' : 'Claim';
        claim.setAttribute('aria-label', (mine ? 'Release ' : 'Claim ') + name);
        close.textContent = 'Close';
        close.setAttribute('aria-label', 'Close ' + name);
        reasonSelect.setAttribute('aria-label', 'Why close the ' + name);
    }
    const taken = Boolean(item.claimedBy) && !mine;
    claim.disabled = taken || ctx.stale;
    close.disabled = taken || ctx.stale;
    reasonSelect.disabled = taken || ctx.stale;
    claim.title = taken ? 'Claimed by ' + agentName(item) : '';
    li.classList.toggle('is-mine', mine);
    li.classList.toggle('is-taken', taken);
}

/**
 * The callback worklist: open items (one per line and caller number), longest waiting first, each with Claim or
 * Release and Close; an item another agent holds shows who and cannot be taken. {@code ctx}: {me, stale, now}.
 */
export function renderWorklist(list, items, ctx, onAction) {
    const sorted = [...items].sort((a, b) => String(a.firstMissedAt).localeCompare(String(b.firstMissedAt)));
    const existing = new Map([...list.children].map(li => [li.dataset.itemId, li]));
    const wanted = new Set(sorted.map(item => item.itemId));
    for (const [id, li] of existing) {
        if (!wanted.has(id)) {
            li.remove();
        }
    }
    sorted.forEach((item, index) => {
        const li = existing.get(item.itemId) || newCallbackItem(item, onAction);
        updateCallbackItem(li, item, ctx);
        const at = list.children[index];
        if (at !== li) {
            list.insertBefore(li, at || null);
        }
    });
}

/**
 * One small bar chart per line of missed calls per day: {@code perLine} maps a line to a Map of day -> count, the
 * days being those of {@code dayList} (the organization's calendar days, oldest first, today last).
 */
export function renderCharts(container, perLine, dayList) {
    const figures = [];
    for (const line of [...perLine.keys()].sort()) {
        const perDay = perLine.get(line);
        const values = dayList.map(day => perDay.get(day) || 0);
        const max = Math.max(1, ...values);
        const total = values.reduce((a, b) => a + b, 0);
        if (total === 0) {
            continue;
        }
        const figure = document.createElement('figure');
        figure.className = 'chart';
        figure.dataset.line = line;
        figure.dataset.total = String(total);
        figure.dataset.today = String(values[values.length - 1]);
        const svg = document.createElementNS(SVG, 'svg');
        svg.setAttribute('viewBox', '0 0 140 44');
        svg.setAttribute('role', 'img');
        svg.setAttribute('aria-label', line + ': ' + total + ' missed in 14 days, ' + values[values.length - 1]
            + ' today');
        values.forEach((value, i) => {
            const height = value === 0 ? 1 : Math.max(3, Math.round(value / max * 40));
            const bar = document.createElementNS(SVG, 'rect');
            bar.setAttribute('x', String(i * 10 + 1));
            bar.setAttribute('y', String(42 - height));
            bar.setAttribute('width', '8');
            bar.setAttribute('height', String(height));
            bar.setAttribute('class', value === 0 ? 'bar zero' : 'bar');
            const title = document.createElementNS(SVG, 'title');
            title.textContent = dayList[i] + ': ' + value;
            bar.append(title);
            svg.append(bar);
        });
        const caption = document.createElement('figcaption');
        const name = document.createElement('strong');
        name.textContent = line;
        caption.append(name, ' ' + total + ' missed, ' + values[values.length - 1] + ' today');
        figure.append(svg, caption);
        figures.push(figure);
    }
    container.replaceChildren(...figures);
    if (figures.length === 0) {
        const none = document.createElement('p');
        none.className = 'empty';
        none.textContent = 'No missed calls in the last 14 days.';
        container.append(none);
    }
}

/**
 * The screen pop of a call ringing for the agent: who calls (name, company, number, link), on which line, since
 * when, the caller's last calls and open callback. {@code call} is a caller-log entry; {@code history} entries.
 */
export function renderPop(container, call, history, callbackItems, ctx) {
    container.dataset.callId = call.callId;
    container.dataset.state = call.state || '';
    const heading = container.querySelector('h2');
    const ringing = call.state === 'newCall';
    text(heading, (ringing ? 'Ringing for you: ' : 'Call for you: ') + who(call.fromContact, call.from));
    const body = container.querySelector('.pop-body');
    const caller = document.createElement('p');
    caller.className = 'pop-caller';
    caller.append(...contactNodes(call.fromContact, call.from));
    const facts = document.createElement('p');
    facts.className = 'pop-facts';
    facts.textContent = [call.queue ? 'line ' + call.queue : '',
        ringing ? 'ringing since ' + time(call.startedAt)
            : (call.answeredBy ? 'answered by ' + (call.answeredByName || call.answeredBy) : STATES[call.state] || ''),
    ].filter(Boolean).join(' · ');
    const lastHeading = document.createElement('h3');
    lastHeading.textContent = 'Last calls';
    const last = document.createElement('ul');
    last.className = 'pop-history';
    const earlier = history.filter(e => e.callId !== call.callId).slice(0, 5);
    for (const e of earlier) {
        const li = document.createElement('li');
        li.textContent = [time(e.startedAt), e.direction === 'out' ? 'outbound' : 'inbound',
            e.missed ? 'missed' + (e.done ? ' (done)' : '') : (e.answeredByName || e.answeredBy
                ? 'with ' + (e.answeredByName || e.answeredBy) : STATES[e.state] || ''),
            e.queue || ''].filter(Boolean).join(' · ');
        last.append(li);
    }
    if (earlier.length === 0) {
        const li = document.createElement('li');
        li.textContent = 'No earlier calls.';
        last.append(li);
    }
    const callback = document.createElement('p');
    callback.className = 'pop-callback';
    const open = callbackItems[0];
    callback.textContent = open
        ? 'Open callback: ' + (open.missCount === 1 ? '1 missed call' : open.missCount + ' missed calls')
        + ', waiting ' + age(since(open.firstMissedAt, ctx.now))
        + (open.claimedBy ? ', claimed by ' + (open.claimedBy === ctx.me ? 'you' : agentName(open)) : '')
        : 'No open callback.';
    callback.dataset.itemId = open ? open.itemId : '';
    body.replaceChildren(caller, facts, callback, lastHeading, last);
}
