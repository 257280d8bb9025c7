import { CONFIG, type Config, type ConfigKey, type OptionSpec } from './schema.js';

export class ConfigError extends Error {}

/**
 * Resolves every option: flag, then environment variable, then default.
 * `only` limits which options a command takes (e.g. `seed` takes just --db).
 */
export function loadConfig(flags: Record<string, string | undefined>, env: NodeJS.ProcessEnv, only?: readonly ConfigKey[]): Config {
  const config = {} as Record<ConfigKey, unknown>;
  for (const key of Object.keys(CONFIG) as ConfigKey[]) {
    const spec = CONFIG[key] as OptionSpec<unknown>;
    const fromFlag = only === undefined || only.includes(key) ? flags[spec.flag] : undefined;
    const text = fromFlag ?? env[spec.env];
    if (text === undefined) {
      config[key] = spec.default;
      continue;
    }
    const parsed = spec.parse(text);
    if (typeof parsed === 'object' && parsed !== null && 'error' in parsed) {
      const source = fromFlag !== undefined ? `--${spec.flag}` : spec.env;
      throw new ConfigError(`${source}=${text}: ${(parsed as { error: string }).error}`);
    }
    config[key] = parsed;
  }
  return config as Config;
}

/** Help lines for the given options, from the schema. */
export function optionHelp(keys: readonly ConfigKey[]): string {
  return keys
    .map((key) => {
      const spec = CONFIG[key] as OptionSpec<unknown>;
      const flag = `  --${spec.flag} ${spec.value}`;
      const left = flag.length < 28 ? flag.padEnd(28) : `${flag}  `;
      return `${left}${spec.help} (env ${spec.env}, default ${spec.show(spec.default)})`;
    })
    .join('\n');
}

/** The README's configuration table, generated so it cannot drift (a test compares them). */
export function configTable(): string {
  const rows = (Object.keys(CONFIG) as ConfigKey[]).map((key) => {
    const spec = CONFIG[key] as OptionSpec<unknown>;
    return `| \`--${spec.flag}\` | \`${spec.env}\` | \`${spec.show(spec.default)}\` | ${spec.help} |`;
  });
  return ['| flag | environment | default | meaning |', '|---|---|---|---|', ...rows].join('\n');
}
