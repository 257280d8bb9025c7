/** One section of the console page: a heading, a status line for results and errors, and its body. */
import type { AdminApi } from './api.js';
import { h } from './dom.js';

export interface Panel {
  section: HTMLElement;
  status: HTMLElement;
  body: HTMLElement;
}

export function panel(id: string, title: string, intro?: string): Panel {
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite', id: `${id}-status` });
  const body = h('div', { class: 'panel-body' });
  const section = h('section', { id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, title), intro ? h('p', { class: 'intro' }, intro) : null, status, body);
  return { section, status, body };
}

/** What the panels share: the API, and the app chosen in the directory. */
export interface ConsoleContext {
  api: AdminApi;
  /** Apps of the tenants opened so far, for the filters of other panels. */
  knownApps(): string[];
  selectApp(appId: string): void;
  onAppSelected(listener: (appId: string) => void): void;
  onDirectoryChanged(listener: () => void): void;
  directoryChanged(): void;
}

export function createContext(api: AdminApi, apps: () => string[]): ConsoleContext {
  const selected: Array<(appId: string) => void> = [];
  const changed: Array<() => void> = [];
  return {
    api,
    knownApps: apps,
    selectApp: (appId) => selected.forEach((l) => l(appId)),
    onAppSelected: (l) => void selected.push(l),
    onDirectoryChanged: (l) => void changed.push(l),
    directoryChanged: () => changed.forEach((l) => l()),
  };
}
