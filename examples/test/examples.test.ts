// Every example runs as a user runs it (`pnpm example <name>`, i.e. `node examples/run.mjs
// <name>` from the repository root) and prints what it promises.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const examples = join(import.meta.dirname, '..');
const root = join(examples, '..');

function run(name: string) {
  const r = spawnSync(process.execPath, [join(examples, 'run.mjs'), name], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The number after `label` in the output. */
function numberAfter(out: string, label: string): number {
  const m = new RegExp(`${label.replace(/[()[\]]/g, '\\$&')}\\s+(-?[\\d.e+-]+)`).exec(out);
  if (m === null) throw new Error(`no '${label}' in:\n${out}`);
  return Number(m[1]);
}

describe('the README example', () => {
  it('is examples/readme.ts, word for word', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block, 'a ```ts block in README.md').toBeTruthy();
    expect(readFileSync(join(examples, 'readme.ts'), 'utf8')).toBe(block);
  });

  it('runs from the repository root as the README says, and trains a good model', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain('npx -y pnpm@10.34.8 example readme');
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.example).toBe('node examples/run.mjs');
    const r = run('readme');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(numberAfter(r.out, 'test accuracy')).toBeGreaterThanOrEqual(0.95);
  });
});

describe('examples', () => {
  it('custom-loss: a defineLoss loss equals the built-in one, passes gradcheck and trains the same model', () => {
    const r = run('custom-loss');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const mine = numberAfter(r.out, 'weightedLogLoss');
    expect(mine).toBeCloseTo(numberAfter(r.out, 'binaryCrossEntropyWithLogits'), 9);
    // Checked by hand: positive weight 3 on z = −30, −0.5, 0.5, 30; log(1 + e^z) on the others.
    const z = [-30, -2, -0.5, 0, 0.5, 2, 30];
    const y = [1, 0, 1, 0, 1, 0, 1];
    const byHand = z.reduce((s, zi, i) => s + (y[i] === 1 ? 3 * Math.log1p(Math.exp(-zi)) : Math.log1p(Math.exp(zi))), 0) / z.length;
    expect(mine).toBeCloseTo(byHand, 9);
    expect(r.out).toMatch(/gradcheck ok/);
    expect(numberAfter(r.out, 'test accuracy')).toBeGreaterThanOrEqual(0.95);
    expect(numberAfter(r.out, 'largest coefficient difference')).toBeLessThan(1e-6);
  });

  it('iris-mlp: a 4-16-3 network classifies held-out flowers', () => {
    const r = run('iris-mlp');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(numberAfter(r.out, 'test accuracy')).toBeGreaterThanOrEqual(0.9);
    const matrix = r.out.split('\n').filter((l) => /^\d+ {2}\d+ {2}\d+$/.test(l)).map((l) => l.split(/\s+/).map(Number));
    expect(matrix).toHaveLength(3);
    expect(matrix.flat().reduce((a, b) => a + b, 0)).toBe(38); // a quarter of 150, rounded up
    const [first, last] = /first and last training loss (\S+) (\S+)/.exec(r.out)?.slice(1).map(Number) ?? [];
    expect(last).toBeLessThan((first ?? 0) / 10);
  });

  it('save-load: the loaded models predict exactly as the saved ones', () => {
    const r = run('save-load');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('logistic regression: identical probabilities true');
    expect(r.out).toContain('network: identical outputs true');
    expect(numberAfter(r.out, 'loaded test accuracy')).toBeGreaterThanOrEqual(0.95);
    const file = /saved (\S+)/.exec(r.out)?.[1] ?? '';
    expect(file).toMatch(/models\.json$/);
    expect(existsSync(file)).toBe(false); // it cleans up after itself
  });

  it('three-numbers: −log 0.7, −log 0.1 and the two log-loss curves, in ten lines', () => {
    const source = readFileSync(join(examples, 'three-numbers.ts'), 'utf8').trimEnd().split('\n');
    expect(source.length).toBeLessThanOrEqual(10);
    const r = run('three-numbers');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`−log 0.7 = ${(-Math.log(0.7)).toFixed(4)}`);
    expect(r.out).toContain('−log 0.7 = 0.3567');
    expect(r.out).toContain('−log 0.1 = 2.3026');
    for (const z of [-5, -2, 0, 2, 5]) {
      const h = 1 / (1 + Math.exp(-z));
      const line = `z = ${z}  φ(z) = ${h.toFixed(4)}  J(w) if y=1: ${(-Math.log(h)).toFixed(4)}  J(w) if y=0: ${(-Math.log(1 - h)).toFixed(4)}`;
      expect(r.out).toContain(line);
    }
  });

  it('an unknown name lists the examples and exits 2', () => {
    const r = run('nope');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: no example 'nope'; the examples are custom-loss, iris-mlp, readme, save-load, three-numbers, browser/);
  });
});
