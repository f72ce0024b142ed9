// Runs the built CLI (dist/cli.js) as a child process, as `pnpm demo` does: exit codes, one-line
// errors without stack traces, and a full run that writes every figure and the HTML report.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoRoot, expectFigure, repoRoot, tempDir } from './helpers.js';

const packages = ['core', 'loss', 'optim', 'data', 'model'];

function run(args: string[]) {
  const env = { ...process.env };
  delete env.INIT_CWD;
  delete env.npm_lifecycle_event;
  const r = spawnSync(process.execPath, [join(demoRoot, 'dist', 'cli.js'), ...args], { cwd: demoRoot, env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Newest modification time under `dir` (0 when missing). */
function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** `tsc -p tsconfig.build.json` in `dir`; type errors are fatal only when `strict`. */
function tsc(dir: string, strict: boolean): void {
  const r = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: dir, encoding: 'utf8' });
  if (r.status === 0) return;
  const message = `tsc -p tsconfig.build.json in ${dir} failed:\n${r.stdout}\n${r.stderr}`;
  // A sibling package's type errors are its own tests' business: tsc still emits its JS.
  if (strict || !existsSync(join(dir, 'dist', 'index.js'))) throw new Error(message);
  console.warn(message);
}

beforeAll(() => {
  // \`pnpm test\` and \`pnpm demo\` build the packages first (turbo's ^build); a bare \`vitest run\`
  // may find them unbuilt or stale: build those whose sources are newer than their dist, in
  // dependency order, then the demo itself.
  for (const p of packages) {
    const dir = join(repoRoot, 'packages', p);
    const built = join(dir, 'dist', 'index.js');
    if (!existsSync(built) || newest(join(dir, 'src')) > statSync(built).mtimeMs) tsc(dir, false);
  }
  tsc(demoRoot, true);
}, 300_000);

describe('the built CLI as a process', () => {
  it('--help exits 0', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: pnpm demo [step] [options]');
  });

  it.each([
    [['train', '--lr', '0'], 'error: --lr must be a number > 0, got 0'],
    [['--lr', '0'], 'error: --lr must be a number > 0, got 0'],
    [['--csv', 'no/such/file.csv', '--target', 'y'], /^error: no such file: .*no\/such\/file\.csv$/],
    [['train', '--lr', '-0.5'], 'error: --lr must be a number > 0, got -0.5'],
    [['train', '--csv', 'no/such/file.csv', '--target', 'y'], /^error: no such file: .*no\/such\/file\.csv$/],
    [['train', '--epochs', 'ten'], "error: --epochs must be a number, got 'ten'"],
    [['frobnicate'], /^error: unknown step 'frobnicate'/],
    [['--nope'], /^error: Unknown option '--nope'/],
    [['train', '--test-size', '0.001'], 'error: --test-size 0.001 holds out 1 of 569 rows; the test set needs one row of each class: use a larger fraction'],
    [['--out', '/dev/null/x'], 'error: --out /dev/null/x: cannot create the folder: /dev/null is a file, not a folder'],
    [['predict'], 'error: predict needs --model <file> (written by: pnpm demo train --save <file>)'],
    [['predict', '--model', '/nonexistent/model.json'], 'error: no such file: /nonexistent/model.json'],
  ])('%j: exit code 2 and one line on stderr, no stack trace', (args, message) => {
    const r = run(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(''); // nothing runs before the input is checked
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('saves a model with train --save and classifies with predict --model', () => {
    const out = tempDir('cli-predict');
    const model = join(out, 'model.json');
    const t = run(['train', '--save', model, '--out', out, '--no-progress', '--epochs', '50']);
    expect(t.stderr).toBe('');
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('classes malignant → 0, benign → 1');
    const p = run(['predict', '--model', model, '--out', out]);
    expect(p.stderr).toBe('');
    expect(p.code).toBe(0);
    expect(Number(/accuracy (\d\.\d+)/.exec(p.stdout)?.[1])).toBeGreaterThan(0.95);
    expect(readFileSync(join(out, 'predictions.csv'), 'utf8').split('\n')).toHaveLength(571);
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
