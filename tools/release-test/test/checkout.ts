/** Running commands for the release test, and a private copy of the checkout to release from. */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Allowed to fail: return the result instead of throwing. */
  allowFailure?: boolean;
}

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: readonly string[], opts: RunOptions): RunResult {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const result = { status: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? (r.error ? String(r.error) : '') };
  if (result.status !== 0 && !opts.allowFailure) throw failure(cmd, args, opts.cwd, result);
  return result;
}

function failure(cmd: string, args: readonly string[], cwd: string, r: RunResult): Error {
  const tail = (s: string) => s.split('\n').slice(-40).join('\n');
  return new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status}\n--- stdout\n${tail(r.stdout)}\n--- stderr\n${tail(r.stderr)}`);
}

/** `run` without blocking: several installs and examples proceed at once. */
export function runAsync(cmd: string, args: readonly string[], opts: RunOptions): Promise<RunResult> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      const result = { status: code ?? 1, stdout, stderr };
      if (result.status !== 0 && !opts.allowFailure) reject(failure(cmd, args, opts.cwd, result));
      else resolveRun(result);
    });
  });
}

/** pnpm's CLI script for `version` in npx's cache (~/.npm/_npx/<hash>/node_modules/pnpm), if there. */
function pnpmInNpxCache(version: string): string | null {
  const cache = join(process.env.npm_config_cache ?? join(homedir(), '.npm'), '_npx');
  if (!existsSync(cache)) return null;
  for (const hash of readdirSync(cache)) {
    const dir = join(cache, hash, 'node_modules', 'pnpm');
    try {
      if ((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version === version) return join(dir, 'bin', 'pnpm.cjs');
    } catch {
      // not this one
    }
  }
  return null;
}

/**
 * How to call pnpm without the network later on (the release's own npm settings point at the
 * local registry): the pnpm running this test (`npm_execpath` under `pnpm test`), else the
 * version the root package.json names, from npx's cache (fetched once with npx if needed).
 * Also writes a `pnpm` shim into `binDir`, for tools that spawn `pnpm` by name (`changeset publish`).
 */
export function pnpmCommand(root: string, binDir: string): { cmd: string; args: string[] } {
  const wanted = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { packageManager: string }).packageManager;
  const version = wanted.replace(/^pnpm@/, '');
  const execPath = process.env.npm_execpath;
  let script = execPath && /pnpm(\.c?js)?$/.test(execPath) ? execPath : pnpmInNpxCache(version);
  if (script === null) {
    run('npx', ['-y', wanted, '--version'], { cwd: root });
    script = pnpmInNpxCache(version);
  }
  if (script === null) throw new Error(`cannot find ${wanted}: run \`npx -y ${wanted} --version\` once`);
  mkdirSync(binDir, { recursive: true });
  const shim = join(binDir, 'pnpm');
  writeFileSync(shim, `#!/bin/sh\nexec '${process.execPath}' '${script}' "$@"\n`);
  chmodSync(shim, 0o755);
  return { cmd: process.execPath, args: [script] };
}

/** Copies the files of the checkout (what git tracks or would track; no node_modules, no dist). */
export function copyCheckout(root: string, dest: string): void {
  let files: string[] | null = null;
  try {
    files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
      .split('\0')
      .filter((f) => f !== '');
  } catch {
    files = null; // not a git checkout
  }
  if (files === null) {
    const skip = /(^|\/)(node_modules|dist|\.turbo|\.git|coverage)(\/|$)/;
    cpSync(root, dest, { recursive: true, filter: (src) => !skip.test(src.slice(root.length)) });
    return;
  }
  for (const file of files) {
    const from = join(root, file);
    if (!existsSync(from)) continue; // deleted in the working tree
    mkdirSync(dirname(join(dest, file)), { recursive: true });
    cpSync(from, join(dest, file));
  }
}
