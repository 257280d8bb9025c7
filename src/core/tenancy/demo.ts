/** The tenant `npm start` creates on an empty database, so the SDK has something to talk to. */
import { newIds, randomHex, randomIds } from '../ids.js';
import type { Fixture } from './fixture.js';
import { ALL_DEMO_SCOPES } from './scopes.js';

export function demoFixture(): Fixture {
  return {
    tenants: [
      {
        tenant_key: randomHex(8),
        name: 'Larkcal Demo',
        domain: 'demo',
        users: [
          { user_id: 'alice', name: 'Alice Wang', email: 'alice@demo.example', password: 'alice-password', timezone: 'Asia/Shanghai' },
          { user_id: 'bob', name: 'Bob Li', email: 'bob@demo.example', password: 'bob-password', timezone: 'Asia/Shanghai' },
          { user_id: 'carol', name: 'Carol Chen', email: 'carol@demo.example', password: 'carol-password', timezone: 'Europe/Berlin' },
          { user_id: 'dave', name: 'Dave Zhao', email: 'dave@demo.example', password: 'dave-password', timezone: 'America/New_York' },
        ],
        chats: [{ name: 'Platform team', members: ['alice', 'bob', 'carol'] }],
        rooms: [
          { name: 'Everest', capacity: 10, building: 'HQ', floor: '3' },
          { name: 'Kilimanjaro', capacity: 4, building: 'HQ', floor: '5' },
        ],
        apps: [
          {
            app_id: randomIds.appId(), app_secret: newIds.appSecret(), name: 'Larkcal Demo App', bot: true,
            scopes: [...ALL_DEMO_SCOPES], redirect_uris: ['http://127.0.0.1:9000/callback', 'http://localhost:9000/callback'],
          },
        ],
      },
    ],
  };
}
