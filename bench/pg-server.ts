/**
 * One larkcal process of the PostgreSQL bench (bench/postgres.ts): serves the
 * database named on the command line, already seeded, and prints its URL.
 */
import { systemClock } from '../src/core/ports.js';
import { buildServer } from '../src/server.js';
import { openStore } from '../src/storage/store.js';

const store = await openStore({ dialect: 'postgres', url: process.argv[2]! });
const server = await buildServer({ store, clock: systemClock, rateLimit: false, logLevel: 'silent' });
await server.listen({ port: 0, host: '127.0.0.1' });
const address = server.server.address();
if (typeof address !== 'object' || !address) throw new Error('no address');
console.log(`http://127.0.0.1:${address.port}`);
process.on('SIGTERM', () => {
  void server.close().then(() => store.close()).then(() => process.exit(0));
});
