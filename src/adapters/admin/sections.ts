/** The admin API's sections, in one place: what the sandbox can be asked to do. */
import type { Store } from '../../core/ports.js';
import type { SandboxClock } from '../../core/sandbox/clock.js';
import type { SandboxState } from '../../core/sandbox/state.js';
import { clockRoutes } from './clock-routes.js';
import type { AdminSection } from './plugin.js';
import { stateRoutes } from './state-routes.js';

export interface SandboxDeps {
  store: Store;
  clock: SandboxClock;
  state: SandboxState;
}

export function adminSections(deps: SandboxDeps): AdminSection[] {
  return [clockRoutes(deps.clock), stateRoutes(deps.state)];
}
