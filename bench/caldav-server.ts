/**
 * larkcal's process in the CalDAV bench (bench/caldav.ts): serves a fresh
 * SQLite file (the folder on the command line) with the test fixture, and
 * prints one JSON line with the CalDAV server's address and alice's device
 * credentials. A process of its own, as Radicale is, so that neither server
 * shares a thread with the client. Stops on SIGTERM (so that `--cpu-prof`,
 * passed on by the bench, writes its profile).
 */
import { join } from 'node:path';
import * as lark from '@larksuiteoapi/node-sdk';
import { loadConfig } from '../src/config/load.js';
import { TokenService } from '../src/core/tenancy/tokens.js';
import { launch } from '../src/launch.js';
import { APPS, testFixture } from '../test/support/fixture.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: caldav-server.ts DIR');
const config = { ...loadConfig({}, {}), port: 0, db: { dialect: 'sqlite' as const, file: join(dir, 'larkcal.db') }, rateLimit: false, logLevel: 'silent' as const };
const running = await launch(config, { fixture: testFixture() });
process.on('SIGTERM', () => {
  void running.stop().then(() => process.exit(0));
});
const app = (await running.store.tenancy.getApp(APPS.full.app_id))!;
const alice = (await running.store.tenancy.findUserByUserId(app.tenantKey, 'alice'))!;
const token = (await new TokenService(running.store, running.clock).issueUserToken(app, alice.ref, app.scopes)).accessToken.value;
const client = new lark.Client({ appId: APPS.full.app_id, appSecret: APPS.full.app_secret, domain: running.url, logger: { error() {}, warn() {}, info() {}, debug() {}, trace() {} } });
const conf = (await client.calendar.v4.setting.generateCaldavConf({ data: { device_name: 'bench' } }, lark.withUserAccessToken(token))).data!;
console.log(JSON.stringify({ server: conf.server_address, auth: `Basic ${Buffer.from(`${conf.user_name}:${conf.password}`).toString('base64')}` }));
