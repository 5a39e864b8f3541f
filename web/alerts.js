// Telling the agent about what matters while they look elsewhere: a screen-reader announcement, the title badge
// "(3) callhook" and, once the agent turns them on, desktop notifications (Notification API).

const KEY = 'callhook.notifications';
const BASE_TITLE = document.title;
let unseen = 0;

/** Says {@code message} to screen readers (the page's only polite live region besides action results). */
export function announce(message) {
    const region = document.getElementById('announce');
    // a change of text is what is announced: clear first so the same words twice are said twice
    region.textContent = '';
    setTimeout(() => {
        region.textContent = message;
    }, 50);
}

/** One more missed call the agent has not seen: the title counts them. */
export function badge(count = 1) {
    unseen += count;
    document.title = '(' + unseen + ') ' + BASE_TITLE;
}

/** The agent is looking: the count starts again. */
export function seen() {
    if (unseen !== 0) {
        unseen = 0;
        document.title = BASE_TITLE;
    }
}

export function supported() {
    return typeof Notification === 'function';
}

/** Whether the agent turned desktop notifications on (for this tab's session) and the browser allows them. */
export function enabled() {
    return supported() && Notification.permission === 'granted' && sessionStorage.getItem(KEY) === 'on';
}

/** Asks the browser's permission (the agent pressed the button) and answers whether notifications are on. */
export async function enable() {
    if (!supported()) {
        return false;
    }
    const permission = Notification.permission === 'granted' ? 'granted' : await Notification.requestPermission();
    if (permission === 'granted') {
        sessionStorage.setItem(KEY, 'on');
        return true;
    }
    return false;
}

export function disable() {
    sessionStorage.removeItem(KEY);
}

/** A desktop notification, when turned on; {@code tag} keeps one per call. */
export function notify(title, body, tag) {
    if (!enabled()) {
        return;
    }
    try {
        const notification = new Notification(title, {body, tag});
        notification.onclick = () => {
            window.focus();
            notification.close();
        };
    } catch (e) {
        // some browsers allow notifications only from a service worker: the badge and the page still say it
    }
}

export function reset() {
    seen();
    disable();
}
