/** Faults the sandbox injects (`GET|POST /faults`, `DELETE /faults/:id`): list, add, remove. */
import { report } from '../api.js';
import { field, fill, h, select, table } from '../dom.js';
import { panel, type ConsoleContext } from '../panel.js';

interface Fault {
  id: string; match: { method?: string; path?: string; app_id?: string; delivery?: boolean };
  preset?: string; response?: { http_status?: number; code?: number; msg?: string }; delay_ms: number; times: number | null; probability: number;
}

const PRESETS = ['rate_limited', 'method_rate_limited', 'app_rate_limited', 'contention', 'internal_error', 'token_invalid', 'drop'];

export function faultsPanel(ctx: ConsoleContext): HTMLElement {
  const { section, status, body } = panel('faults', 'Faults');
  const list = h('div');
  const method = select('method', [['', 'Any'], 'GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
  const path = h('input', { name: 'path', autocomplete: 'off', spellcheck: 'false', placeholder: '/open-apis/calendar/v4/calendars' });
  const app = h('input', { name: 'app_id', list: 'known-apps', autocomplete: 'off', spellcheck: 'false' });
  const delivery = h('input', { type: 'checkbox', name: 'delivery', id: 'fault-delivery' });
  const preset = select('preset', [['', 'None (custom response)'], ...PRESETS.map((p) => [p, p] as [string, string])], 'rate_limited');
  const httpStatus = h('input', { name: 'http_status', type: 'number', min: 200, max: 599 });
  const code = h('input', { name: 'code', type: 'number', min: 0 });
  const delay = h('input', { name: 'delay_ms', type: 'number', min: 0, value: '0' });
  const times = h('input', { name: 'times', type: 'number', min: 1 });

  const load = () => report(status, async () => {
    const { items } = await ctx.api.call<{ items: Fault[] }>('GET', '/faults');
    fill(list, items.length === 0 ? h('p', {}, 'No faults.') : table('Active faults', ['ID', 'Matches', 'Does', 'Delay', 'Times left', ''], items.map((f) => [
      h('code', {}, f.id), describeMatch(f.match), f.preset ?? (f.response ? `HTTP ${f.response.http_status ?? ''} code ${f.response.code ?? ''}` : 'delay only'),
      `${f.delay_ms} ms`, f.times === null ? 'until removed' : String(f.times),
      h('button', { type: 'button', 'aria-label': `Remove fault ${f.id}`, onclick: () => void remove(f.id) }, 'Remove'),
    ])));
  });

  const remove = (id: string) => report(status, async () => {
    await ctx.api.call('DELETE', `/faults/${encodeURIComponent(id)}`);
    await load();
    return `Removed fault ${id}.`;
  });

  const add = () => report(status, async () => {
    const match: Record<string, unknown> = {};
    if (delivery.checked) match.delivery = true;
    if (method.value) match.method = method.value;
    if (path.value.trim()) match.path = path.value.trim();
    if (app.value.trim()) match.app_id = app.value.trim();
    const spec: Record<string, unknown> = { match };
    if (preset.value) spec.preset = preset.value;
    const response: Record<string, number> = {};
    if (httpStatus.value) response.http_status = Number(httpStatus.value);
    if (code.value) response.code = Number(code.value);
    if (Object.keys(response).length > 0) spec.response = response;
    if (delay.value && delay.value !== '0') spec.delay_ms = Number(delay.value);
    if (times.value) spec.times = Number(times.value);
    const fault = await ctx.api.call<Fault>('POST', '/faults', spec);
    await load();
    return `Added fault ${fault.id}.`;
  });

  fill(body, list,
    h('form', { class: 'grid', onsubmit: (e) => { e.preventDefault(); void add(); } },
      h('fieldset', {}, h('legend', {}, 'Match'), field('Method', method), field('Path or route', path), field('App ID', app),
        h('div', { class: 'field checkbox' }, delivery, h('label', { for: delivery.id }, 'Change-event deliveries instead of API calls'))),
      h('fieldset', {}, h('legend', {}, 'Effect'), field('Preset', preset), field('HTTP status', httpStatus, 'With a code, instead of or on top of a preset.'),
        field('Feishu code', code), field('Delay (ms)', delay), field('Times', times, 'Empty: until removed.')),
      h('button', { type: 'submit' }, 'Add fault')));
  void load();
  return section;
}

function describeMatch(m: Fault['match']): string {
  const parts = [m.delivery ? 'deliveries' : 'API calls', m.method, m.path, m.app_id && `app ${m.app_id}`].filter(Boolean);
  return parts.join(' ');
}
