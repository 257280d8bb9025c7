/** The admin API's sections, in one place: what the sandbox can be asked to do. */
import type { Store } from '../../core/ports.js';
import type { CaldavCredentialService } from '../../core/tenancy/caldav-credentials.js';
import type { ScryptCost } from '../../core/tenancy/secrets.js';
import type { SandboxClock } from '../../core/sandbox/clock.js';
import type { SandboxState } from '../../core/sandbox/state.js';
import type { FaultBook } from '../sandbox/fault-book.js';
import type { Journal } from '../sandbox/journal.js';
import { appSecretRoutes } from './app-secret-routes.js';
import { caldavRoutes } from './caldav-routes.js';
import { clockRoutes } from './clock-routes.js';
import { deliveryRoutes, type DeliveryControl } from './delivery-routes.js';
import { directoryRoutes } from './directory-routes.js';
import { faultRoutes } from './fault-routes.js';
import { journalRoutes } from './journal-routes.js';
import type { AdminSection } from './plugin.js';
import { stateRoutes } from './state-routes.js';

export interface SandboxDeps {
  store: Store;
  clock: SandboxClock;
  /** The journal, faults and deliveries (issue #12 §4). */
  observe: { journal: Journal; faults: FaultBook; delivery: DeliveryControl };
  /** Reset, snapshots and tenants (issue #12 §3). */
  state: SandboxState;
  /** The scrypt cost of a rotated app secret (the seed's); production's when unset. */
  hashCost?: ScryptCost;
  /** The one CalDAV credential service, shared with the CalDAV adapter (a revocation forgets its memo at once). */
  caldavCredentials: CaldavCredentialService;
}

export function adminSections(deps: SandboxDeps): AdminSection[] {
  return [
    clockRoutes(deps.clock),
    stateRoutes(deps.state),
    directoryRoutes(deps.store),
    appSecretRoutes(deps.store, deps.hashCost),
    caldavRoutes(deps.store, deps.caldavCredentials),
    journalRoutes(deps.observe.journal),
    faultRoutes(deps.observe.faults),
    deliveryRoutes(deps.store, deps.observe.delivery),
  ];
}
