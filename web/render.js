// Rendering: pure formatting helpers and in-place updates of the calls table, the worklist and the charts.
// Rows are kept by call id and updated where they stand, so focus, selection and scroll position survive updates.

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

export function time(iso) {
    if (!iso) {
        return '';
    }
    const date = new Date(iso);
    const today = new Date().toDateString() === date.toDateString();
    return today ? date.toLocaleTimeString([], {hour: 'numeric', minute: '2-digit'})
        : date.toLocaleString([], {month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit'});
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

const COLUMNS = [
    ['Started', e => time(e.startedAt)],
    ['Call', e => [e.direction === 'out' ? 'out' : e.direction === 'in' ? 'in' : '', STATES[e.state] || e.state]
        .filter(Boolean).join(' · ')],
    ['From', e => e.from || ''],
    ['To', e => e.to || ''],
    ['Line', e => e.queue || ''],
    ['Agent', e => e.answeredBy || ''],
    ['Wait', e => duration(e.waitingSeconds)],
    ['Talk', e => duration(e.talkingSeconds)],
    ['Missed', e => reason(e)],
];

function text(element, value) {
    if (element.textContent !== value) {
        element.textContent = value;
    }
}

function doneButton(entry, onDone) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'done';
    button.addEventListener('click', () => onDone(button.dataset.callId, button.getAttribute('aria-pressed') !== 'true'));
    updateDoneButton(button, entry);
    return button;
}

function updateDoneButton(button, entry) {
    button.dataset.callId = entry.callId;
    const pressed = entry.done ? 'true' : 'false';
    if (button.getAttribute('aria-pressed') !== pressed) {
        button.setAttribute('aria-pressed', pressed);
    }
    text(button, entry.done ? 'Done' : 'Mark done');
    button.title = entry.done ? 'Done: press to reopen' : 'Mark this call done';
}

function newRow(entry, onDone) {
    const row = document.createElement('tr');
    row.dataset.callId = entry.callId;
    row.tabIndex = -1;
    for (const [label] of COLUMNS) {
        const cell = document.createElement('td');
        cell.dataset.label = label;
        row.append(cell);
    }
    const cell = document.createElement('td');
    cell.dataset.label = 'Done';
    cell.append(doneButton(entry, onDone));
    row.append(cell);
    return row;
}

function updateRow(row, entry) {
    COLUMNS.forEach(([, value], i) => text(row.cells[i], value(entry)));
    row.classList.toggle('missed', Boolean(entry.missed));
    row.classList.toggle('is-done', Boolean(entry.done));
    row.dataset.state = entry.state || '';
    row.dataset.line = entry.queue || '';
    const button = row.cells[COLUMNS.length].firstChild;
    updateDoneButton(button, entry);
    // only a missed call waits for someone: the others are done by definition and get no button
    button.hidden = !entry.missed;
}

/** Makes {@code body}'s rows show {@code entries} in order, reusing the rows of calls already shown. */
export function renderRows(body, entries, onDone) {
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
            row = newRow(entry, onDone);
        }
        updateRow(row, entry);
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
    const who = document.createElement('span');
    who.className = 'who';
    const what = document.createElement('span');
    what.className = 'what';
    const actions = document.createElement('span');
    actions.className = 'actions';
    const claim = document.createElement('button');
    claim.type = 'button';
    claim.className = 'claim';
    claim.addEventListener('click', () => onAction(li.dataset.itemId, claim.dataset.action));
    const reason = document.createElement('select');
    reason.className = 'close-reason';
    reason.setAttribute('aria-label', 'Why close it');
    reason.append(...CLOSE_REASONS.map(([value, label]) => new Option(label, value)));
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'close';
    close.textContent = 'Close';
    close.addEventListener('click', () => onAction(li.dataset.itemId, 'close', reason.value));
    const closing = document.createElement('span');
    closing.className = 'closing';
    closing.append(reason, close);
    actions.append(claim, closing);
    li.append(who, what, actions);
    return li;
}

function updateCallbackItem(li, item, me) {
    li.dataset.line = item.line;
    li.dataset.number = item.number || '';
    li.dataset.calls = item.missedCallIds.join(' ');
    li.dataset.claimedBy = item.claimedBy || '';
    text(li.children[0], item.callable ? item.number : 'Anonymous caller (cannot be called back)');
    const facts = [item.line, item.missCount === 1 ? '1 missed call' : item.missCount + ' missed calls',
        'waiting ' + age((Date.now() - Date.parse(item.firstMissedAt)) / 1000), 'last ' + time(item.lastMissedAt)];
    if (item.attempts > 0) {
        facts.push(item.attempts === 1 ? '1 attempt' : item.attempts + ' attempts');
    }
    if (item.claimedBy) {
        facts.push(item.claimedBy === me ? 'claimed by you' : 'claimed by ' + item.claimedBy);
    }
    text(li.children[1], facts.filter(Boolean).join(' · '));
    const [claim, closing] = li.children[2].children;
    const close = closing.children[1];
    const mine = item.claimedBy === me;
    claim.dataset.action = mine ? 'release' : 'claim';
    text(claim, mine ? 'Release' : 'Claim');
    claim.disabled = Boolean(item.claimedBy) && !mine;
    close.disabled = Boolean(item.claimedBy) && !mine;
    li.classList.toggle('is-mine', mine);
}

/**
 * The callback worklist: open items (one per line and caller number), longest waiting first, each with Claim or
 * Release and Close; an item another agent holds shows who and cannot be taken.
 */
export function renderWorklist(list, items, me, onAction) {
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
        updateCallbackItem(li, item, me);
        const at = list.children[index];
        if (at !== li) {
            list.insertBefore(li, at || null);
        }
    });
}

/** The UTC days from {@code since}, {@code days} of them, as YYYY-MM-DD. */
export function days(since, count) {
    const start = new Date(since + 'T00:00:00Z');
    return Array.from({length: count}, (_, i) => new Date(start.getTime() + i * 86400000).toISOString().slice(0, 10));
}

/** One small bar chart per line of missed calls per day; {@code counts} are the API's {line, day, count}. */
export function renderCharts(container, counts, dayList) {
    const byLine = new Map();
    for (const c of counts) {
        if (!byLine.has(c.line)) {
            byLine.set(c.line, new Map());
        }
        byLine.get(c.line).set(c.day, (byLine.get(c.line).get(c.day) || 0) + c.count);
    }
    const figures = [];
    for (const line of [...byLine.keys()].sort()) {
        const perDay = byLine.get(line);
        const values = dayList.map(day => perDay.get(day) || 0);
        const max = Math.max(1, ...values);
        const total = values.reduce((a, b) => a + b, 0);
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
