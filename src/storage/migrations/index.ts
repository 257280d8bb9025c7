import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './0001-initial.js';
import { events } from './0002-events.js';
import { files } from './0003-files.js';
import { eventTombstones } from './0004-event-tombstones.js';
import { timeoffRooms } from './0005-timeoff-rooms.js';
import { attendeeLookups } from './0006-attendee-lookups.js';
import { freeBusyReads } from './0007-free-busy-reads.js';
import { changeFeed } from './0008-change-feed.js';
import { eventUid } from './0009-event-uid.js';
import { delivery } from './0010-delivery.js';
import { settings } from './0011-settings.js';
import { roomSettlement } from './0012-room-settlement.js';
import { exchange } from './0020-exchange.js';
import { sealedTokens } from './0022-sealed-tokens.js';
import { rateCounters } from './0023-rate-counters.js';
import { caldavCredentials } from './0024-caldav-credentials.js';
import { changesByTenant } from './0025-changes-by-tenant.js';
import { caldavObjectNames } from './0026-caldav-object-names.js';
import { liveEventUid } from './0027-live-event-uid.js';

/** Migrations in order; their names are recorded in the database and must never change. */
export function migrationProvider(dialect: 'sqlite' | 'postgres'): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      return {
        '0001-initial': initial(dialect),
        '0002-events': events(dialect),
        '0003-files': files(dialect),
        '0004-event-tombstones': eventTombstones(dialect),
        '0005-timeoff-rooms': timeoffRooms(dialect),
        '0006-attendee-lookups': attendeeLookups(dialect),
        '0007-free-busy-reads': freeBusyReads(dialect),
        '0008-change-feed': changeFeed(dialect),
        '0009-event-uid': eventUid(dialect),
        '0010-delivery': delivery(dialect),
        '0011-settings': settings(dialect),
        '0012-room-settlement': roomSettlement(dialect),
        '0020-exchange': exchange(dialect),
        '0022-sealed-tokens': sealedTokens(dialect),
        '0023-rate-counters': rateCounters(),
        '0024-caldav-credentials': caldavCredentials(),
        '0025-changes-by-tenant': changesByTenant(),
        '0026-caldav-object-names': caldavObjectNames(),
        '0027-live-event-uid': liveEventUid(),
      };
    },
  };
}
