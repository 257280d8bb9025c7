/**
 * Child process for the durability test: commits one tenant, says so on
 * stdout, then waits to be killed with SIGKILL. Usage: commit-then-hang.ts FILE KEY
 */
import { openStore } from '../../../src/storage/store.js';

const [file, key] = process.argv.slice(2);
const store = await openStore({ dialect: 'sqlite', file: file! });
await store.transaction((repos) => repos.tenancy.insertTenant({ tenantKey: key!, name: 'Durable', domain: 'durable' }));
process.stdout.write('committed\n');
setInterval(() => {}, 1_000);
