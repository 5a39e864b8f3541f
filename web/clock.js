// One clock for the whole page: every time, day and "today" in the organization's time zone (GET /api/v1/me
// timeZone, an IANA name), UTC until it is known or when the browser does not know the zone.

let zone = 'UTC';
let formats = build('UTC');

function build(name) {
    return {
        time: new Intl.DateTimeFormat('en-US', {timeZone: name, hour: 'numeric', minute: '2-digit'}),
        dateTime: new Intl.DateTimeFormat('en-US', {
            timeZone: name, month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit',
        }),
        seconds: new Intl.DateTimeFormat('en-US', {
            timeZone: name, hour: 'numeric', minute: '2-digit', second: '2-digit',
        }),
        day: new Intl.DateTimeFormat('en-CA', {timeZone: name, year: 'numeric', month: '2-digit', day: '2-digit'}),
        short: new Intl.DateTimeFormat('en-US', {timeZone: name, timeZoneName: 'short'}),
    };
}

/** Sets the zone; answers the zone in force (UTC when {@code name} is empty or unknown to the browser). */
export function setZone(name) {
    try {
        formats = build(name || 'UTC');
        zone = name || 'UTC';
    } catch (e) {
        formats = build('UTC');
        zone = 'UTC';
    }
    return zone;
}

export function currentZone() {
    return zone;
}

/** The zone for people: "Europe/Berlin (CET)", or "UTC". */
export function zoneLabel() {
    const part = formats.short.formatToParts(new Date()).find(p => p.type === 'timeZoneName');
    return zone === 'UTC' || !part || part.value === zone ? zone : zone + ' (' + part.value + ')';
}

/** The day of an instant in the zone, YYYY-MM-DD. */
export function dayOf(date) {
    return formats.day.format(date);
}

export function today() {
    return dayOf(new Date());
}

/** The {@code count} days ending with {@code last} (YYYY-MM-DD), oldest first. Days are calendar days. */
export function daysUntil(last, count) {
    const end = Date.parse(last + 'T00:00:00Z');
    return Array.from({length: count}, (_, i) => new Date(end - (count - 1 - i) * 86400000).toISOString().slice(0, 10));
}

/** A call's time: the time alone today, else with the date; empty without one. */
export function time(iso) {
    if (!iso) {
        return '';
    }
    const date = new Date(iso);
    return dayOf(date) === today() ? formats.time.format(date) : formats.dateTime.format(date);
}

/** The time of day with seconds, for "updated at". */
export function clockTime(date) {
    return formats.seconds.format(date);
}
