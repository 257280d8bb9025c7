/**
 * The request journal, live: the newest entries first, followed by polling
 * `GET /journal?after=SEQ` once a second while "Live" is on (the API has no
 * push). The filters are the API's own; changing one reloads.
 */
import { report } from '../api.js';
import { field, fill, h, json } from '../dom.js';
import { panel, type ConsoleContext } from '../panel.js';

interface Entry {
  seq: number; kind: 'request' | 'delivery'; at: string; method: string | null; path: string | null; route: string | null;
  query: Record<string, unknown>; status: number | null; code: number | null; log_id: string | null; app_id: string | null;
  user_id: string | null; duration_ms: number; request_headers: unknown; request_body: unknown; response_headers: unknown;
  response_body: unknown; fault: string | null; delivery?: { event_id: string; event_type: string; ok: boolean; error: string | null; url: string | null };
}

const POLL_MS = 1000;
const SHOWN = 200;

export function journalPanel(ctx: ConsoleContext): HTMLElement {
  const { section, status, body } = panel('journal', 'Request journal', 'Open API calls and delivery attempts, newest first.');
  const app = h('input', { name: 'app_id', list: 'known-apps', autocomplete: 'off', spellcheck: 'false' });
  const path = h('input', { name: 'path', autocomplete: 'off', spellcheck: 'false', placeholder: '/open-apis/calendar/v4/calendars' });
  const code = h('input', { name: 'status', autocomplete: 'off', placeholder: '4xx', size: 5 });
  const live = h('input', { type: 'checkbox', name: 'live', id: 'journal-live', checked: true });
  const list = h('ol', { class: 'entries', reversed: true, 'aria-label': 'Journal entries' });
  let last = 0;
  let timer: number | undefined;
  let generation = 0;

  const query = (after?: number) => {
    const q = new URLSearchParams({ limit: String(SHOWN) });
    for (const [name, input] of [['app_id', app], ['path', path], ['status', code]] as const) if (input.value.trim() !== '') q.set(name, input.value.trim());
    if (after !== undefined) q.set('after', String(after));
    return q;
  };

  const fetchEntries = async (after?: number) => {
    const mine = generation;
    const { items } = await ctx.api.call<{ items: Entry[] }>('GET', `/journal?${query(after)}`);
    if (mine !== generation) return;
    if (items.length > 0) last = Math.max(last, ...items.map((e) => e.seq));
    // An entry is shown once, however a poll and a reload overlap.
    const shown = new Set([...list.children].map((li) => li.getAttribute('data-seq')));
    list.prepend(...items.filter((e) => !shown.has(String(e.seq))).map(entry));
    while (list.children.length > SHOWN) list.lastElementChild!.remove();
  };

  const reload = () => report(status, async () => {
    // A poll due during the reload would fetch in the new generation from `after=0`: it waits for the reload.
    window.clearTimeout(timer);
    generation++;
    last = 0;
    list.replaceChildren();
    await fetchEntries();
    schedule();
    return list.children.length === 0 ? 'No entries match.' : '';
  });

  const schedule = () => {
    window.clearTimeout(timer);
    if (!live.checked || !ctx.api.token) return;
    timer = window.setTimeout(() => void report(status, async () => {
      // With nothing seen yet, `after=0` follows from the start of the filtered journal.
      await fetchEntries(last);
      schedule();
    }), POLL_MS);
  };

  fill(body,
    h('form', { class: 'row', onsubmit: (e) => { e.preventDefault(); void reload(); } },
      field('App ID', app), field('Path or route', path), field('Status', code, 'A status (429) or a class (4xx).'),
      h('div', { class: 'field checkbox' }, live, h('label', { for: live.id }, 'Live')),
      h('button', { type: 'submit' }, 'Apply filters')),
    list);
  live.addEventListener('change', schedule);
  void reload();
  return section;
}

function entry(e: Entry): HTMLLIElement {
  const failed = e.status !== null && e.status >= 400;
  const what = e.kind === 'delivery'
    ? `delivery ${e.delivery?.event_type ?? ''} → ${e.app_id ?? ''}${e.delivery?.ok ? ' ok' : ' failed'}`
    : `${e.method ?? ''} ${e.path ?? ''}`;
  return h('li', { class: `entry${failed ? ' failed' : ''}`, 'data-seq': e.seq },
    h('details', {},
      h('summary', {}, h('span', { class: 'seq' }, `#${e.seq}`), ` ${e.at} `, h('strong', {}, what), ` → ${e.status ?? '—'}`,
        e.code !== null ? ` code ${e.code}` : '', e.fault ? h('span', { class: 'badge fault' }, ` fault ${e.fault}`) : '', ` · ${e.duration_ms} ms`),
      h('dl', {},
        h('dt', {}, 'Route'), h('dd', {}, e.route ?? '(none)'),
        h('dt', {}, 'App'), h('dd', {}, e.app_id ?? '—'),
        h('dt', {}, 'User'), h('dd', {}, e.user_id ?? '—'),
        h('dt', {}, 'Log ID'), h('dd', {}, e.log_id ?? '—')),
      h('h4', {}, 'Request'), json({ query: e.query, headers: e.request_headers, body: e.request_body }),
      h('h4', {}, 'Response'), json({ headers: e.response_headers, body: e.response_body }),
      e.delivery ? json(e.delivery) : null));
}
