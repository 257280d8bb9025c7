#!/usr/bin/env node
/** The `larkcal` command: serve, token, seed, app events, deliveries. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { APP_EVENTS_FLAGS, appEventsCommand } from './cli/app-events.js';
import { DELIVERIES_FLAGS, deliveriesCommand, deliveriesOptionsOf } from './cli/deliveries.js';
import { JOURNAL_FLAGS, journalCommand, journalOptionsOf } from './cli/journal.js';
import { printUserToken } from './cli/token.js';
import { seedCommand } from './cli/seed.js';
import { serve } from './cli/serve.js';
import { ConfigError, loadConfig, optionHelp } from './config/load.js';
import { CONFIG, type ConfigKey } from './config/schema.js';
import { DomainError } from './core/errors.js';

const SERVE_OPTIONS = Object.keys(CONFIG) as ConfigKey[];

const USAGE = `larkcal — a self-hosted server for the Feishu/Lark Calendar v4 Open API

Usage:
  larkcal serve [options]                      serve the API
  larkcal token --app APP_ID --user USER_ID    print a user_access_token (last line)
  larkcal seed FILE                            load a fixture file into the database
  larkcal app events APP_ID [flags]            change (or, without flags, print) how an app receives
                                               change events, and print its verification token
      --delivery webhook|long_connection       long_connection for internal apps only
      --request-url URL|none                   http(s); a changed URL gets the URL-verification
                                               challenge from the running server
      --encrypt-key KEY|none                   encrypt and sign webhook bodies (never printed)
      --types T1,T2,…|none                     the event types it takes, e.g. calendar.calendar.event.changed_v4
  larkcal deliveries [flags]                   list the outbox, oldest first, each delivery with its attempts
      --app APP_ID                             one app's only
      --status pending|failed|delivered|exhausted
      --limit N                                only the N most recent
      --follow                                 then print new deliveries and changes until Ctrl-C
  larkcal journal --url URL --admin-token T    a running server's journal, oldest first (--app APP_ID,
                                               --limit N, --json; --follow: then new entries until Ctrl-C)
  larkcal help                                 this text

Flags not given to app events keep their value; none clears one.

Options of serve:
${optionHelp(SERVE_OPTIONS)}

token, seed, app events and deliveries take --db (and LARKCAL_DB) too.`;

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
    case 'journal':
      return { ...JOURNAL_FLAGS, ...HELP_FLAG };
    default:
      return { ...CONFIG_FLAGS, app: { type: 'string' }, user: { type: 'string' }, ...HELP_FLAG };
  }
}

async function main(argv: string[]): Promise<void> {
  const [command = 'help', ...rest] = argv;
  const { values, positionals } = parseArgs({ args: rest, options: flagsOf(command), allowPositionals: true });
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
      return seedCommand(loadConfig(flags, process.env, ['db']).db, file);
    }
    case 'app': {
      const [sub, appId, ...extra] = positionals;
      if (sub !== 'events') throw new ConfigError(`unknown command "app${sub ? ` ${sub}` : ''}"; larkcal app events APP_ID, see larkcal help`);
      if (!appId) throw new ConfigError('app events needs an APP_ID');
      if (extra.length > 0) throw new ConfigError(`app events takes one APP_ID (got also "${extra.join(' ')}")`);
      return appEventsCommand(loadConfig(flags, process.env, ['db']).db, appId, given);
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
      throw new ConfigError(`unknown command "${command}"; see larkcal help`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof DomainError) {
    const v = error.violations[0];
    console.error(`larkcal: invalid fixture: ${v ? `${v.field} ${v.description}${v.value ? ` (got ${v.value})` : ''}` : error.key}`);
  } else if (error instanceof ConfigError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
    console.error(`larkcal: ${error.message}`);
  } else {
    console.error(`larkcal: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
});
