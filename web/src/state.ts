/** What the screens share: who is signed in, the calendars, which are shown, the zone, and the status line. */
import type { Calendar } from './feishu.js';

export interface Me {
  openId: string;
  name: string;
  tenantName: string;
}

export const state = {
  me: { openId: '', name: '', tenantName: '' } as Me,
  calendars: [] as Calendar[],
  hidden: new Set<string>(JSON.parse(localStorage.getItem('larkcal.hidden') ?? '[]') as string[]),
  zone: localStorage.getItem('larkcal.zone') ?? '',
  /** Colleagues whose free/busy is overlaid. */
  overlays: [] as Array<{ openId: string; name: string }>,
};

export function saveHidden(): void {
  localStorage.setItem('larkcal.hidden', JSON.stringify([...state.hidden]));
}

export function saveZone(zone: string): void {
  state.zone = zone;
  localStorage.setItem('larkcal.zone', zone);
}

export const canWrite = (calendar: Calendar | undefined): boolean => calendar?.role === 'writer' || calendar?.role === 'owner';

export const primary = (): Calendar | undefined => state.calendars.find((c) => c.type === 'primary' && c.role === 'owner');

/** The status line of the open dialog, else of the page: a message is never hidden behind a modal. */
function statusLine(): HTMLElement {
  const dialog = document.querySelector<HTMLDialogElement>('dialog[open]');
  if (!dialog) return document.getElementById('status')!;
  let line = dialog.querySelector<HTMLElement>(':scope > .status, form > .status');
  if (!line) {
    line = el('div', { className: 'status', role: 'alert' });
    (dialog.querySelector('form') ?? dialog).prepend(line);
  }
  return line;
}

export function showStatus(text: string, kind: 'error' | 'info' = 'error'): void {
  const status = statusLine();
  status.textContent = text;
  status.className = `status ${kind}`;
  status.hidden = false;
}

export function clearStatus(): void {
  for (const line of document.querySelectorAll<HTMLElement>('.status')) line.hidden = true;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> & { dataset?: Record<string, string> } = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  const { dataset, ...rest } = props;
  Object.assign(node, rest);
  if (dataset) Object.assign(node.dataset, dataset);
  node.append(...children);
  return node;
}
