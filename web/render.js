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

export function time(iso) {
    if (!iso) {
        return '';
    }
    const date = new Date(iso);
    const today = new Date().toDateString() === date.toDateString();
    return today ? date.toLocaleTimeString([], {hour: 'numeric', minute: '2-digit'})
        : date.toLocaleString([], {month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit'});
}

export function reason(entry) {
    if (!entry.missed) {
        return '';
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

/** The worklist: one item per missed call, open ones first, newest first within each. */
export function renderWorklist(list, entries, onDone) {
    const sorted = [...entries].sort((a, b) => (a.done === b.done ? 0 : a.done ? 1 : -1)
        || String(b.startedAt || b.endedAt).localeCompare(String(a.startedAt || a.endedAt)));
    const existing = new Map([...list.children].map(item => [item.dataset.callId, item]));
    const wanted = new Set(sorted.map(e => e.callId));
    for (const [id, item] of existing) {
        if (!wanted.has(id)) {
            item.remove();
        }
    }
    sorted.forEach((entry, index) => {
        let item = existing.get(entry.callId);
        if (!item) {
            item = document.createElement('li');
            item.dataset.callId = entry.callId;
            const who = document.createElement('span');
            who.className = 'who';
            const what = document.createElement('span');
            what.className = 'what';
            item.append(who, what, doneButton(entry, onDone));
        }
        text(item.children[0], entry.from || 'unknown caller');
        text(item.children[1], [entry.line, time(entry.startedAt || entry.endedAt),
            'waited ' + duration(entry.waitingSeconds), REASONS[entry.cause] || entry.rawCause || '']
            .filter(Boolean).join(' · '));
        item.classList.toggle('is-done', Boolean(entry.done));
        updateDoneButton(item.children[2], entry);
        const at = list.children[index];
        if (at !== item) {
            list.insertBefore(item, at || null);
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
