/**
 * The real `larkcal` command in a child process (`node --import tsx src/main.ts …`),
 * for tests of the CLI and of what survives a crash.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Fixture } from '../../src/core/tenancy/fixture.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = join(ROOT, 'src', 'main.ts');
/** A generous bound on any one command, so a hung child fails its test instead of the run. */
const COMMAND_TIMEOUT_MS = 30_000;

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** An environment without the LARKCAL_* variables of whoever runs the tests, plus `env`. */
function environment(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LARKCAL_') || k === 'LARKCAL_TEST_PG_URL'));
  return { ...clean, ...env };
}

function launch(args: readonly string[], env?: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, env: environment(env), stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs a command to its end. */
export function larkcal(args: readonly string[], env?: Record<string, string>): Promise<Finished> {
  const child = launch(args, env);
  const out = collect(child);
  const timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_TIMEOUT_MS);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: out.stdout, stderr: out.stderr });
    });
  });
}

export interface Serving {
  url: string;
  child: ChildProcess;
  /** Everything printed so far. */
  output(): { stdout: string; stderr: string };
  /** Resolves when the process has exited. */
  exited: Promise<Finished>;
}

/** Starts `larkcal serve … --port 0` and waits for its "listening on" line. */
export async function serve(args: readonly string[], env?: Record<string, string>): Promise<Serving> {
  const child = launch(['serve', '--port', '0', '--host', '127.0.0.1', ...args], env);
  const out = collect(child);
  const exited = new Promise<Finished>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal, stdout: out.stdout, stderr: out.stderr }));
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not start:\n${out.stdout}\n${out.stderr}`));
    }, COMMAND_TIMEOUT_MS);
    const look = () => {
      const found = /listening on (http:\/\/[^\s]+)/.exec(out.stdout);
      if (!found) return;
      clearTimeout(timer);
      child.stdout!.off('data', look);
      resolve(found[1]!);
    };
    child.stdout!.on('data', look);
    void exited.then((f) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${f.code ?? f.signal} before listening:\n${f.stdout}\n${f.stderr}`));
    });
  });
  return { url, child, output: () => ({ ...out }), exited };
}

export interface Running {
  child: ChildProcess;
  /** Everything printed so far. */
  output(): { stdout: string; stderr: string };
  /** Resolves once `stream` matches `pattern`; rejects if the process exits first or takes too long. */
  waitFor(stream: 'stdout' | 'stderr', pattern: RegExp): Promise<void>;
  exited: Promise<Finished>;
}

/** Starts a command that runs until stopped (`deliveries --follow`). */
export function start(args: readonly string[], env?: Record<string, string>): Running {
  const child = launch(args, env);
  const out = collect(child);
  const timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_TIMEOUT_MS);
  const exited = new Promise<Finished>((resolve) => {
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: out.stdout, stderr: out.stderr });
    });
  });
  let closed = false;
  void exited.then(() => (closed = true));
  const waitFor = async (stream: 'stdout' | 'stderr', pattern: RegExp): Promise<void> => {
    const deadline = Date.now() + COMMAND_TIMEOUT_MS;
    while (!pattern.test(out[stream])) {
      if (closed) throw new Error(`exited before ${stream} matched ${pattern}:\n${out.stdout}\n${out.stderr}`);
      if (Date.now() > deadline) throw new Error(`${stream} never matched ${pattern}:\n${out.stdout}\n${out.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { child, output: () => ({ ...out }), waitFor, exited };
}

function collect(child: ChildProcess): { stdout: string; stderr: string } {
  const out = { stdout: '', stderr: '' };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out.stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (out.stderr += chunk));
  return out;
}

/** Writes a fixture (or any JSON) to `dir`/`name` and returns the path. */
export function writeFixture(dir: string, name: string, fixture: Fixture | unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(fixture, null, 2));
  return file;
}

/**
 * Runs a command on a real terminal: util-linux `script` gives it a pseudo-TTY,
 * so `process.stderr.isTTY` is true as on a user's terminal. What the terminal
 * showed (stdout and stderr together) comes back as `output`.
 */
export function larkcalOnTerminal(args: readonly string[], env?: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, '--import', 'tsx', MAIN, ...args].map(shellQuote).join(' ');
  const child = spawn('script', ['--quiet', '--return', '--command', command, '/dev/null'], { cwd: ROOT, env: environment(env), stdio: ['ignore', 'pipe', 'pipe'] });
  const out = collect(child);
  const timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_TIMEOUT_MS);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output: out.stdout + out.stderr });
    });
  });
}

function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
