/** The virtual clock (`GET|POST /clock`): set, advance, run, back to system time. */
import { report } from '../api.js';
import { field, fill, h, select } from '../dom.js';
import { panel, type ConsoleContext } from '../panel.js';

interface ClockState { now: number; mode: 'system' | 'running' | 'frozen' }

const UNITS: Array<[string, string]> = [['1000', 'seconds'], ['60000', 'minutes'], ['3600000', 'hours'], ['86400000', 'days']];
const MODES: Record<ClockState['mode'], string> = {
  system: 'system time', running: 'running from a set instant', frozen: 'frozen',
};

export function clockPanel(ctx: ConsoleContext): HTMLElement {
  const { section, status, body } = panel('clock', 'Virtual clock', 'Token lifetimes, reminders and delivery retries all follow this clock.');
  const now = h('output', { id: 'clock-now', 'aria-live': 'polite' });
  const at = h('input', { name: 'set', autocomplete: 'off', spellcheck: 'false', placeholder: '2026-03-16T09:00:00+08:00' });
  const amount = h('input', { name: 'amount', type: 'number', min: 0, step: 'any', value: '1' });
  const unit = select('unit', UNITS, '3600000');

  const show = (state: ClockState) => {
    fill(now, h('time', { datetime: new Date(state.now).toISOString() }, new Date(state.now).toISOString()), ` — ${MODES[state.mode]}`);
    now.dataset.mode = state.mode;
    now.dataset.now = String(state.now);
  };
  const post = (command: unknown, done: (s: ClockState) => string) => report(status, async () => {
    const state = await ctx.api.call<ClockState>('POST', '/clock', command);
    show(state);
    return done(state);
  });
  const refresh = () => report(status, async () => show(await ctx.api.call<ClockState>('GET', '/clock')));

  const advance = () => {
    const ms = Math.round(Number(amount.value) * Number(unit.value));
    if (!Number.isFinite(ms) || ms < 0 || amount.value.trim() === '') return void fill(status, 'Give an amount of 0 or more.');
    void post({ advance_ms: ms }, (s) => `Advanced ${amount.value} ${unit.selectedOptions[0]?.textContent ?? ''} to ${new Date(s.now).toISOString()}.`);
  };

  fill(body,
    h('p', {}, 'Now: ', now, ' ', h('button', { type: 'button', onclick: () => void refresh() }, 'Refresh')),
    h('form', { class: 'row', onsubmit: (e) => { e.preventDefault(); advance(); } },
      field('Advance by', amount), field('Unit', unit), h('button', { type: 'submit' }, 'Advance')),
    h('form', { class: 'row', onsubmit: (e) => { e.preventDefault(); void post({ set: at.value.trim() }, (s) => `Set and frozen at ${new Date(s.now).toISOString()}.`); } },
      field('Set to (RFC 3339)', at, 'The clock stops there until advanced or run.'), h('button', { type: 'submit' }, 'Set')),
    h('div', { class: 'row' },
      h('button', { type: 'button', onclick: () => void post({ mode: 'running' }, () => 'The clock runs from here.') }, 'Run'),
      h('button', { type: 'button', onclick: () => void post({ mode: 'system' }, () => 'Back to system time.') }, 'System time')));
  void refresh();
  return section;
}
