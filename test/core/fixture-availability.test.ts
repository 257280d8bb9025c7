/** Fixture fields for availability and rooms: users' working_hours, rooms' city and room_level. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DomainError } from '../../src/core/errors.js';
import type { Clock, Store } from '../../src/core/ports.js';
import { validateFixture } from '../../src/core/tenancy/fixture.js';
import { loadFixture } from '../../src/core/tenancy/seed.js';
import { openStore } from '../../src/storage/store.js';
import { DIALECTS, freshDatabase, type TestDatabase } from '../support/database.js';

const clock: Clock = { now: () => 1_700_000_000_000 };

function badField(run: () => unknown): { field: string; description: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError && error.key === 'invalid') return error.violations[0]!;
    throw error;
  }
  assert.fail('expected a validation error');
}

const withUser = (extra: Record<string, unknown>) => ({ tenants: [{ name: 'Acme', users: [{ user_id: 'ann', name: 'Ann', email: 'ann@acme.example', ...extra }] }] });
const withRoom = (extra: Record<string, unknown>) => ({ tenants: [{ name: 'Acme', rooms: [{ name: 'Everest', ...extra }] }] });

describe('fixture validation: working_hours, city, room_level', () => {
  const cases: Array<[string, unknown, string]> = [
    ['working_hours that is no object', withUser({ working_hours: 'nine to five' }), 'tenants[0].users[0].working_hours'],
    ['working_hours without days', withUser({ working_hours: {} }), 'tenants[0].users[0].working_hours.days'],
    ['an unknown field', withUser({ working_hours: { days: {}, hours: 8 } }), 'tenants[0].users[0].working_hours.hours'],
    ['a misspelt day', withUser({ working_hours: { days: { monday: ['09:00', '17:00'] } } }), 'tenants[0].users[0].working_hours.days.monday'],
    ['a day that is no pair', withUser({ working_hours: { days: { mon: ['09:00'] } } }), 'tenants[0].users[0].working_hours.days.mon'],
    ['a time out of range', withUser({ working_hours: { days: { tue: ['09:00', '25:00'] } } }), 'tenants[0].users[0].working_hours.days.tue[1]'],
    ['a time without minutes', withUser({ working_hours: { days: { tue: ['9', '17:00'] } } }), 'tenants[0].users[0].working_hours.days.tue[0]'],
    ['an end before the start', withUser({ working_hours: { days: { wed: ['18:00', '09:00'] } } }), 'tenants[0].users[0].working_hours.days.wed[1]'],
    ['a bad zone', withUser({ working_hours: { timezone: 'Mars/Olympus', days: {} } }), 'tenants[0].users[0].working_hours.timezone'],
    ['an empty city', withRoom({ city: '' }), 'tenants[0].rooms[0].city'],
    ['a room_level with an empty level', withRoom({ room_level: 'HQ//3' }), 'tenants[0].rooms[0].room_level'],
    ['a room_level that is no string', withRoom({ room_level: ['HQ', '3'] }), 'tenants[0].rooms[0].room_level'],
  ];
  for (const [name, fixture, field] of cases) {
    test(name, () => assert.equal(badField(() => validateFixture(fixture)).field, field));
  }

  test('valid fields are kept; the zone is canonicalised; 24:00 ends a day', () => {
    const f = validateFixture(withUser({ working_hours: { timezone: 'asia/tokyo', days: { sat: ['10:00', '24:00'] } } }));
    assert.deepEqual(f.tenants[0]!.users![0]!.working_hours, { timezone: 'Asia/Tokyo', days: { sat: ['10:00', '24:00'] } });
    const r = validateFixture(withRoom({ city: 'Beijing', room_level: 'HQ/3' }));
    assert.deepEqual(r.tenants[0]!.rooms![0], { name: 'Everest', city: 'Beijing', room_level: 'HQ/3' });
  });
});

for (const dialect of DIALECTS) {
  describe(`fixture availability fields are stored (${dialect})`, () => {
    let database: TestDatabase;
    let store: Store;
    before(async () => {
      database = await freshDatabase(dialect);
      store = await openStore(database.url);
      await loadFixture(store, {
        tenants: [{
          tenant_key: 'acme', name: 'Acme',
          users: [
            { user_id: 'ann', name: 'Ann', email: 'ann@acme.example', timezone: 'Europe/Berlin' },
            { user_id: 'ben', name: 'Ben', email: 'ben@acme.example', timezone: 'Asia/Tokyo', working_hours: { days: { sat: ['10:00', '14:00'] } } },
            { user_id: 'cai', name: 'Cai', email: 'cai@acme.example', working_hours: { timezone: 'America/New_York', days: { mon: ['08:00', '16:30'] } } },
          ],
          rooms: [
            { room_id: 'omm_a1', name: 'Everest', building: 'HQ', floor: '3', city: 'Beijing' },
            { room_id: 'omm_a2', name: 'Fuji', room_level: 'Campus / Tower B/12', building: 'ignored' },
            { room_id: 'omm_a3', name: 'Alps' },
          ],
        }],
      }, clock);
    });
    after(async () => {
      await store.close();
      await database.drop();
    });

    const refOf = async (userId: string) => (await store.tenancy.findUserByUserId('acme', userId))!.ref;

    test('without working_hours: Monday–Friday 09:00–18:00 in the user\'s own zone', async () => {
      const day = ['09:00', '18:00'];
      assert.deepEqual(await store.tenancy.workingHoursOf(await refOf('ann')), {
        timezone: 'Europe/Berlin', days: { mon: day, tue: day, wed: day, thu: day, fri: day },
      });
    });

    test('working_hours as given; its zone defaults to the user\'s', async () => {
      assert.deepEqual(await store.tenancy.workingHoursOf(await refOf('ben')), { timezone: 'Asia/Tokyo', days: { sat: ['10:00', '14:00'] } });
      assert.deepEqual(await store.tenancy.workingHoursOf(await refOf('cai')), { timezone: 'America/New_York', days: { mon: ['08:00', '16:30'] } });
      assert.equal(await store.tenancy.workingHoursOf('usr_nobody'), undefined);
    });

    test('rooms keep city and level; the level defaults to building then floor', async () => {
      const rooms = new Map((await store.tenancy.listRooms('acme')).map((r) => [r.roomId, r]));
      assert.deepEqual([rooms.get('omm_a1')!.city, rooms.get('omm_a1')!.roomLevel], ['Beijing', ['HQ', '3']]);
      assert.deepEqual([rooms.get('omm_a2')!.city, rooms.get('omm_a2')!.roomLevel], ['', ['Campus', 'Tower B', '12']]);
      assert.deepEqual(rooms.get('omm_a3')!.roomLevel, []);
      assert.equal((await store.tenancy.getRoom('omm_a2'))!.building, 'ignored');
    });
  });
}
