#!/usr/bin/env node
/** The `larkcal` command: serve, token, seed, demo, app events, deliveries, and the admin API's commands. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ADMIN_COMMANDS, ADMIN_FLAGS, adminCommand, DEFAULT_URL } from './cli/admin.js';
import { adminTokenCommand } from './cli/admin-token.js';
import { demoCommand } from './cli/demo.js';
import { APP_EVENTS_FLAGS, appEventsCommand } from './cli/app-events.js';
import { CALDAV_FLAGS, caldavCommand, caldavOptionsOf } from './cli/caldav.js';
import { DELIVERIES_FLAGS, deliveriesCommand, deliveriesOptionsOf } from './cli/deliveries.js';
import { JOURNAL_FLAGS, journalCommand, journalOptionsOf } from './cli/journal.js';
import { printUserToken } from './cli/token.js';
import { seedCommand } from './cli/seed.js';
import { importCommand } from './cli/import.js';
import { exportCommand } from './cli/export.js';
import { backupCommand, restoreCommand } from './cli/backup.js';
import { serve } from './cli/serve.js';
import { ConfigError, loadConfig, optionHelp } from './config/load.js';
import { CONFIG, type ConfigKey } from './config/schema.js';
import { DomainError } from './core/errors.js';

const SERVE_OPTIONS = Object.keys(CONFIG) as ConfigKey[];

const USAGE = `larkcal — a self-hosted server for the Feishu/Lark Calendar v4 Open API

Usage:
  larkcal serve [options]                      serve the API
  larkcal token --app APP_ID --user USER_ID    print a user_access_token (last line)
  larkcal seed FILE [--create]                 load a fixture file into a database that has tenants
                                               (--create: into a new one); prints every id loaded
  larkcal demo                                 print the demo tenant again: app_id and app_secret,
                                               users with emails and passwords, chats, rooms
  larkcal admin-token                          print the admin token the first serve generated
  larkcal import FILE.ics --calendar CAL_ID    load every VEVENT of an iCalendar file into a calendar, as
                                               its owner; UIDs are kept, so a second import updates
  larkcal export --calendar CAL_ID             write the calendar as one iCalendar document on stdout
  larkcal backup FILE                          a consistent copy of the SQLite database, taken while it serves
  larkcal restore FILE                         load a backup into a new SQLite database (--db names it)
  larkcal app events APP_ID [flags]            change (or, without flags, print) how an app receives
                                               change events, and print its verification token
      --delivery webhook|long_connection       long_connection for internal apps only
      --request-url URL|none                   http(s); a changed URL gets the URL-verification
                                               challenge from the running server
      --encrypt-key KEY|none                   encrypt and sign webhook bodies (never printed)
      --types T1,T2,…|none                     the event types it takes, e.g. calendar.calendar.event.changed_v4
  larkcal caldav list --user USER_ID           a user's CalDAV device credentials (never the passwords)
  larkcal caldav revoke --user USER_ID [--device NAME|ID]
                                               revoke one device's credential, or (no --device) all;
                                               --tenant TENANT_KEY when tenants share the user_id
  larkcal deliveries [flags]                   list the outbox, oldest first, each delivery with its attempts
      --app APP_ID                             one app's only
      --status pending|failed|delivered|exhausted
      --limit N                                only the N most recent
      --follow                                 then print new deliveries and changes until Ctrl-C
  larkcal journal --url URL --admin-token T    a running server's journal, oldest first (--app APP_ID,
                                               --limit N, --json; --follow: then new entries until Ctrl-C)
  larkcal help                                 this text

The admin API of a running server (--url URL, default ${DEFAULT_URL}, env LARKCAL_URL;
--admin-token TOKEN, env LARKCAL_ADMIN_TOKEN, else read from --db); each prints the JSON answer:
  larkcal clock [--set RFC3339|MS | --advance MS | --mode running|system]
                                               print, set (frozen), advance or run the virtual clock
  larkcal reset                                back to the state right after the seed
  larkcal snapshot save|restore|delete NAME    keep, bring back or drop the whole state
  larkcal snapshot list
  larkcal tenant create FILE|-                 add one fixture tenant object (- reads standard input)
  larkcal tenant delete TENANT_KEY             remove a tenant and all its data
  larkcal faults add FILE|- | list | delete ID inject Feishu's failures into the Open API
  larkcal admin METHOD PATH [JSON]             any admin route, e.g. admin GET /deliveries,
                                               admin POST /deliveries/ID/redeliver

Flags not given to app events keep their value; none clears one.

Options of serve:
${optionHelp(SERVE_OPTIONS)}

token, seed, demo, admin-token, import, export, backup, restore, app events, caldav and deliveries take --db (and LARKCAL_DB) too, and
refuse a database that does not exist or holds no tenants (seed --create excepted).`;

type Flags = NonNullable<ParseArgsConfig['options']>;
const HELP_FLAG = { help: { type: 'boolean', short: 'h' } } as const satisfies Flags;
const CONFIG_FLAGS: Flags = Object.fromEntries(SERVE_OPTIONS.map((k) => [CONFIG[k].flag, { type: 'string' as const }]));

/** The flags a command takes; serve, token and seed share theirs (token and seed read only --db of the configuration). */
function flagsOf(command: string): Flags {
  switch (command) {
    case 'app':
      return { db: { type: 'string' }, ...APP_EVENTS_FLAGS, ...HELP_FLAG };
    case 'deliveries':
      return { db: { type: 'string' }, ...DELIVERIES_FLAGS, ...HELP_FLAG };
    case 'caldav':
      return { db: { type: 'string' }, ...CALDAV_FLAGS, ...HELP_FLAG };
    case 'journal':
      return { ...JOURNAL_FLAGS, ...HELP_FLAG };
    case 'seed':
      return { db: { type: 'string' }, create: { type: 'boolean' }, ...HELP_FLAG };
    case 'import':
    case 'export':
      return { db: { type: 'string' }, calendar: { type: 'string' }, ...HELP_FLAG };
    case 'backup':
    case 'restore':
      return { db: { type: 'string' }, ...HELP_FLAG };
    case 'demo':
    case 'admin-token':
      return { db: { type: 'string' }, ...HELP_FLAG };
    default:
      if (ADMIN_COMMANDS.has(command)) return { ...ADMIN_FLAGS, ...HELP_FLAG };
      return { ...CONFIG_FLAGS, app: { type: 'string' }, user: { type: 'string' }, ...HELP_FLAG };
  }
}

async function main(argv: string[]): Promise<void> {
  const [command = 'help', ...rest] = argv;
  const { values, positionals } = parseCommandLine(rest, flagsOf(command));
  // No flag is `multiple`, so each is a string or a boolean.
  const given = values as Record<string, string | boolean | undefined>;
  const flags = values as Record<string, string | undefined>;
  if (values.help || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return;
  }
  switch (command) {
    case 'serve':
      return serve(loadConfig(flags, process.env));
    case 'token': {
      if (!flags.app || !flags.user) throw new ConfigError('token needs --app APP_ID and --user USER_ID');
      return printUserToken(loadConfig(flags, process.env, ['db']).db, flags.app, flags.user);
    }
    case 'seed': {
      const file = positionals[0];
      if (!file) throw new ConfigError('seed needs a fixture FILE');
      return seedCommand(loadConfig(flags, process.env, ['db']).db, file, { create: given.create === true });
    }
    case 'import': {
      const [file, ...extra] = positionals;
      if (!file || !flags.calendar) throw new ConfigError('import needs a FILE and --calendar CALENDAR_ID');
      if (extra.length > 0) throw new ConfigError(`import takes one FILE (got also "${extra.join(' ')}")`);
      return importCommand(loadConfig(flags, process.env, ['db']).db, file, flags.calendar);
    }
    case 'export': {
      if (!flags.calendar) throw new ConfigError('export needs --calendar CALENDAR_ID');
      if (positionals.length > 0) throw new ConfigError(`export takes no arguments (got "${positionals.join(' ')}")`);
      return exportCommand(loadConfig(flags, process.env, ['db']).db, flags.calendar);
    }
    case 'backup':
    case 'restore': {
      const [file, ...extra] = positionals;
      if (!file) throw new ConfigError(`${command} needs a FILE`);
      if (extra.length > 0) throw new ConfigError(`${command} takes one FILE (got also "${extra.join(' ')}")`);
      const { db } = loadConfig(flags, process.env, ['db']);
      return command === 'backup' ? backupCommand(db, file) : restoreCommand(db, file);
    }
    case 'demo':
    case 'admin-token': {
      if (positionals.length > 0) throw new ConfigError(`${command} takes no arguments (got "${positionals.join(' ')}")`);
      const { db } = loadConfig(flags, process.env, ['db']);
      return command === 'demo' ? demoCommand(db) : adminTokenCommand(db);
    }
    case 'app': {
      const [sub, appId, ...extra] = positionals;
      if (sub !== 'events') throw new ConfigError(`unknown command "app${sub ? ` ${sub}` : ''}"; larkcal app events APP_ID, see larkcal help`);
      if (!appId) throw new ConfigError('app events needs an APP_ID');
      if (extra.length > 0) throw new ConfigError(`app events takes one APP_ID (got also "${extra.join(' ')}")`);
      return appEventsCommand(loadConfig(flags, process.env, ['db']).db, appId, given);
    }
    case 'caldav': {
      const [sub, ...extra] = positionals;
      if (extra.length > 0) throw new ConfigError(`caldav ${sub} takes no arguments (got "${extra.join(' ')}")`);
      const { sub: command, options } = caldavOptionsOf(sub, given);
      return caldavCommand(loadConfig(flags, process.env, ['db']).db, command, options);
    }
    case 'deliveries': {
      if (positionals.length > 0) throw new ConfigError(`deliveries takes no arguments (got "${positionals.join(' ')}")`);
      const options = deliveriesOptionsOf(given);
      return deliveriesCommand(loadConfig(flags, process.env, ['db']).db, options);
    }
    case 'journal':
      if (positionals.length > 0) throw new ConfigError(`journal takes no arguments (got "${positionals.join(' ')}")`);
      return journalCommand(journalOptionsOf(given, process.env));
    default:
      if (ADMIN_COMMANDS.has(command)) return adminCommand(command, positionals, flags);
      throw new ConfigError(`unknown command "${command}"; see larkcal help`);
  }
}

/** parseArgs, its refusals said in larkcal's words: `unknown option --prot; see larkcal help`. */
function parseCommandLine(args: string[], options: Flags) {
  try {
    return parseArgs({ args, options, allowPositionals: true });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const message = (error as Error).message;
    const option = /'(-[^' ]+)/.exec(message)?.[1];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) throw new ConfigError(`unknown option ${option}; see larkcal help`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
      throw new ConfigError(options[option.replace(/^-+/, '')]?.type === 'boolean' ? `option ${option} takes no value; see larkcal help` : `option ${option} needs a value; see larkcal help`);
    }
    throw error;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof DomainError) {
    const v = error.violations[0];
    console.error(`larkcal: invalid fixture: ${v ? `${v.field} ${v.description}${v.value ? ` (got ${v.value})` : ''}` : error.key}`);
  } else {
    console.error(`larkcal: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
});
