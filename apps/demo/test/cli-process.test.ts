// Runs the built CLI (dist/cli.js) as a child process, as `pnpm demo` does: exit codes, one-line
// errors without stack traces, and a full run that writes every figure and the HTML report.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoRoot, expectFigure, repoRoot, tempDir } from './helpers.js';

const bin = (name: string) => join(repoRoot, 'node_modules', '.bin', name);
const packages = ['core', 'loss', 'optim', 'model', 'data'];

function run(args: string[]) {
  const env = { ...process.env };
  delete env.INIT_CWD;
  delete env.npm_lifecycle_event;
  const r = spawnSync(process.execPath, [join(demoRoot, 'dist', 'cli.js'), ...args], { cwd: demoRoot, env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  // `pnpm test` builds the packages first (turbo's ^build); a bare `vitest run` may not have.
  if (!packages.every((p) => existsSync(join(repoRoot, 'packages', p, 'dist', 'index.js')))) {
    const turbo = spawnSync(bin('turbo'), ['run', 'build', '--filter=@entropic/demo^...', '--output-logs=errors-only'], { cwd: repoRoot, encoding: 'utf8' });
    if (turbo.status !== 0) throw new Error(`building the packages failed:\n${turbo.stdout}\n${turbo.stderr}`);
  }
  const tsc = spawnSync(bin('tsc'), ['-p', 'tsconfig.build.json'], { cwd: demoRoot, encoding: 'utf8' });
  if (tsc.status !== 0) throw new Error(`tsc -p tsconfig.build.json failed:\n${tsc.stdout}\n${tsc.stderr}`);
}, 300_000);

describe('the built CLI as a process', () => {
  it('--help exits 0', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: pnpm demo [step] [options]');
  });

  it.each([
    [['train', '--lr', '0'], 'error: --lr must be a number > 0, got 0'],
    [['train', '--lr', '-0.5'], 'error: --lr must be a number > 0, got -0.5'],
    [['train', '--csv', 'no/such/file.csv', '--target', 'y'], /^error: no such file: .*no\/such\/file\.csv$/],
    [['train', '--epochs', 'ten'], "error: --epochs must be a number, got 'ten'"],
    [['frobnicate'], /^error: unknown step 'frobnicate'/],
    [['--nope'], /^error: Unknown option '--nope'/],
  ])('%j: exit code 2 and one line on stderr, no stack trace', (args, message) => {
    const r = run(args);
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('runs every step and writes all figures and the report', () => {
    const out = tempDir('cli-all');
    const r = run(['--out', out, '--no-progress']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/0\.3567/);
    expect(r.stdout).toMatch(/2\.3026/);
    expect(r.stdout).toMatch(/report: .*report\.html/);
    for (const name of ['curve', 'sigmoid', 'three-class', 'mse-vs-ce', 'loss-curve', 'roc']) expectFigure(out, name);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    for (const id of ['curve', 'three-class', 'mse-vs-ce', 'train']) expect(html).toContain(`<section id="${id}">`);
    expect((html.match(/<svg/g) ?? []).length).toBe(6);
    expect(html).toContain('φ(z)');
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results['three-class'].numbers['loss of [0.7, 0.2, 0.1]']).toBeCloseTo(0.3567, 4);
    expect(results.train.numbers['test accuracy']).toBeGreaterThanOrEqual(0.95);
  });
});
