// The Reports view of the agent page, in its own module: service level and abandoned calls per hour of today and
// per day of the last 30 days, per line (supervisors) and per agent, each as a table, with a small chart per line
// or agent that the table describes in full. Loaded when the view is opened (and on Refresh), never polled.
import {token} from './api.js';
import * as signin from './signin.js';

const SVG = 'http://www.w3.org/2000/svg';
const MAX_PAGES = 50;
const $ = id => document.getElementById(id);

/** GET of a report route, every page; answers {head, rows} or throws an Error with the API's words and status. */
async function fetchAll(path, query) {
    const rows = [];
    let head = null;
    let next = null;
    for (let page = 0; page < MAX_PAGES; page++) {
        const params = new URLSearchParams(query);
        if (next) {
            params.set('nextToken', next);
        }
        // signed in with the provider, the /oidc/ twin with its ID token; else the agent token
        const response = await fetch(signin.prefix() + path + '?' + params, {
            headers: {Authorization: (await signin.authorization()) || 'Bearer ' + token(), Accept: 'application/json'},
            cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer',
        });
        const text = await response.text();
        if (!response.ok) {
            let message = response.status + ' ' + response.statusText;
            try {
                message = JSON.parse(text).error || message;
            } catch (e) {
                // not JSON: keep the status line
            }
            const error = new Error(message);
            error.status = response.status;
            throw error;
        }
        const body = JSON.parse(text);
        head = head || body;
        rows.push(...body.rows);
        next = body.nextToken;
        if (!next) {
            break;
        }
    }
    return {head, rows};
}

function dayBefore(day, count) {
    return new Date(Date.parse(day + 'T00:00:00Z') - count * 86400000).toISOString().slice(0, 10);
}

/** The interval's label: the local hour (today) or the local day (30 days), as the API's offset time gives it. */
function label(start, granularity) {
    return granularity === 'hour' ? start.slice(11, 16) : start.slice(0, 10);
}

function percent(value) {
    return value === null || value === undefined ? '–' : value.toFixed(1) + ' %';
}

function duration(seconds) {
    const minutes = Math.floor(seconds / 60);
    return minutes + ':' + String(seconds % 60).padStart(2, '0');
}

function cell(tag, text, scope) {
    const element = document.createElement(tag);
    element.textContent = text;
    if (scope) {
        element.scope = scope;
    }
    return element;
}

/** A table: a caption, a header row and one row per entry; the first column heads its row. */
function table(caption, headers, rows) {
    const element = document.createElement('table');
    element.className = 'report-table';
    element.createCaption().textContent = caption;
    const head = element.createTHead().insertRow();
    headers.forEach(name => head.append(cell('th', name, 'col')));
    const body = element.createTBody();
    rows.forEach(values => {
        const row = body.insertRow();
        values.forEach((value, i) => row.append(i === 0 ? cell('th', value, 'row') : cell('td', value)));
    });
    return element;
}

/**
 * One small bar chart of {@code values} (0-100, null for no calls) over the intervals: an image whose label says
 * what the table next to it shows in full.
 */
function chart(title, values, summary) {
    const figure = document.createElement('figure');
    figure.className = 'report-chart';
    const svg = document.createElementNS(SVG, 'svg');
    const width = Math.max(values.length * 4, 40);
    svg.setAttribute('viewBox', '0 0 ' + width + ' 40');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', title + ': ' + summary + '; the table lists every interval');
    values.forEach((value, i) => {
        if (value === null) {
            return;
        }
        const bar = document.createElementNS(SVG, 'rect');
        const height = Math.max(1, value * 0.4);
        bar.setAttribute('x', String(i * 4));
        bar.setAttribute('y', String(40 - height));
        bar.setAttribute('width', '3');
        bar.setAttribute('height', String(height));
        svg.append(bar);
    });
    const caption = document.createElement('figcaption');
    caption.textContent = title;
    figure.append(svg, caption);
    return figure;
}

function groupBy(rows, key) {
    const groups = new Map();
    rows.forEach(row => {
        const name = row[key] === null ? 'All lines' : row[key];
        if (!groups.has(name)) {
            groups.set(name, []);
        }
        groups.get(name).push(row);
    });
    return groups;
}

function renderLines(output, report, totals, granularity) {
    const starts = totals.rows.map(row => row.start);
    const groups = groupBy(report.rows, 'line');
    const charts = document.createElement('div');
    charts.className = 'report-charts';
    groups.forEach((rows, line) => {
        const byStart = new Map(rows.map(row => [row.start, row]));
        const offered = rows.reduce((sum, row) => sum + row.offered, 0);
        const abandoned = rows.reduce((sum, row) => sum + row.abandoned, 0);
        charts.append(chart(line + ': service level', starts.map(start => byStart.has(start)
            ? byStart.get(start).serviceLevelPercent : null), offered + ' offered, ' + abandoned + ' abandoned'));
    });
    const rows = report.rows.map(row => [label(row.start, granularity), row.line, String(row.offered),
        String(row.answered), percent(row.serviceLevelPercent), String(row.abandoned), String(row.shortAbandoned)]);
    output.replaceChildren(charts, table('Service level and abandoned calls per line', ['Interval', 'Line',
        'Offered', 'Answered', 'Service level', 'Abandoned', 'Short abandons'], rows));
    if (rows.length === 0) {
        output.append(cell('p', 'No calls in this period.'));
    }
}

function renderAgents(output, report, granularity, note) {
    const rows = report.rows.map(row => [label(row.start, granularity), row.agent, String(row.answered),
        duration(row.talkSeconds), String(row.outboundConnects), String(row.callbacksMade)]);
    const parts = [];
    if (note) {
        parts.push(cell('p', note));
    }
    parts.push(table('Calls per agent', ['Interval', 'Agent', 'Answered', 'Talk time', 'Outbound connected',
        'Callbacks made'], rows));
    if (rows.length === 0) {
        parts.push(cell('p', 'No calls in this period.'));
    }
    output.replaceChildren(...parts);
}

async function load() {
    const section = $('reports');
    const output = $('reports-output');
    const status = $('reports-status');
    section.removeAttribute('data-loaded');
    status.textContent = 'Loading reports…';
    try {
        const period = document.querySelector('input[name=report-period]:checked').value;
        const per = document.querySelector('input[name=report-per]:checked').value;
        const granularity = period === 'today' ? 'hour' : 'day';
        const today = (await fetchAll('/api/v1/reports/agents', {granularity: 'day', limit: '1'})).head.until;
        const query = {granularity, since: period === 'today' ? today : dayBefore(today, 29), until: today};
        let note = null;
        if (per === 'line') {
            try {
                const totals = await fetchAll('/api/v1/reports', query);
                const report = await fetchAll('/api/v1/reports', {...query, by: 'line'});
                renderLines(output, report, totals, granularity);
                status.textContent = 'Per line, ' + (period === 'today' ? 'per hour of today' : 'per day of the last '
                    + '30 days') + ' (' + totals.head.timeZone + ').';
                section.dataset.loaded = 'true';
                return;
            } catch (error) {
                if (error.status !== 403) {
                    throw error;
                }
                note = 'Line reports are for supervisors; these are your own figures.';
            }
        }
        const report = await fetchAll('/api/v1/reports/agents', query);
        renderAgents(output, report, granularity, note);
        status.textContent = 'Per agent, ' + (period === 'today' ? 'per hour of today' : 'per day of the last 30 days')
            + ' (' + report.head.timeZone + ').';
        section.dataset.loaded = 'true';
    } catch (error) {
        output.replaceChildren();
        status.textContent = 'Reports could not be loaded: ' + error.message;
    }
}

function radios(legend, name, options) {
    const fieldset = document.createElement('fieldset');
    fieldset.append(cell('legend', legend));
    options.forEach(([value, text], i) => {
        const labelElement = document.createElement('label');
        const input = document.createElement('input');
        input.type = 'radio';
        input.name = name;
        input.value = value;
        input.checked = i === 0;
        input.addEventListener('change', load);
        labelElement.append(input, ' ' + text);
        fieldset.append(labelElement);
    });
    return fieldset;
}

function mount() {
    const section = $('reports');
    if (!section) {
        return;
    }
    const details = document.createElement('details');
    details.id = 'reports-details';
    const summary = cell('summary', 'Reports');
    summary.id = 'reports-heading';
    const form = document.createElement('form');
    form.className = 'report-controls';
    form.action = '#';
    form.addEventListener('submit', event => {
        event.preventDefault();
        load();
    });
    const refresh = cell('button', 'Refresh');
    refresh.type = 'submit';
    form.append(radios('Period', 'report-period', [['today', 'Today, per hour'], ['days', 'Last 30 days, per day']]),
        radios('Per', 'report-per', [['line', 'Line'], ['agent', 'Agent']]), refresh);
    const status = cell('p', '');
    status.id = 'reports-status';
    status.setAttribute('role', 'status');
    const output = document.createElement('div');
    output.id = 'reports-output';
    details.append(summary, form, status, output);
    section.append(details);
    details.addEventListener('toggle', () => {
        if (details.open) {
            load();
        }
    });
    // the page announces every end of a session (sign-out, a token no longer accepted): nothing is left shown
    document.addEventListener('callhook:signed-out', () => {
        details.open = false;
        output.replaceChildren();
        status.textContent = '';
    });
    const style = document.createElement('link');
    style.rel = 'stylesheet';
    style.href = 'reports.css';
    document.head.append(style);
}

mount();
