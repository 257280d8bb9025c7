#!/usr/bin/env node
/** The `larkcal` command: serve, token, seed. */
import { parseArgs } from 'node:util';
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
  larkcal help                                 this text

Options of serve:
${optionHelp(SERVE_OPTIONS)}

token and seed take --db (and LARKCAL_DB) too.`;

async function main(argv: string[]): Promise<void> {
  const [command = 'help', ...rest] = argv;
  const flagSpecs = Object.fromEntries(SERVE_OPTIONS.map((k) => [CONFIG[k].flag, { type: 'string' as const }]));
  const { values, positionals } = parseArgs({
    args: rest,
    options: { ...flagSpecs, app: { type: 'string' }, user: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
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
