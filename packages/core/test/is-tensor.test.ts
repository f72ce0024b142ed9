// Tensors are recognised by their Symbol.for brand, so a second installed copy of core
// interoperates when it is the same release and fails with a clear error when it is not.
// A second copy is a fresh evaluation of core's modules (vi.resetModules), as npm nesting makes.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as core from '../src/index.js';

async function secondCopy(release?: string): Promise<typeof core> {
  vi.resetModules();
  if (release !== undefined) vi.doMock('../src/version.js', () => ({ VERSION: release }));
  return await import('../src/index.js');
}

afterEach(() => {
  vi.doUnmock('../src/version.js');
  vi.resetModules();
});

describe('isTensor', () => {
  it('recognises tensors and nothing else', () => {
    expect(core.isTensor(core.tensor([1, 2]))).toBe(true);
    expect(core.isTensor(core.zeros([2, 2], { dtype: 'float64' }))).toBe(true);
    for (const v of [null, undefined, 3, 'x', [1, 2], new Float32Array(2), { shape: [2], dtype: 'float32', data: new Float32Array(2) }]) {
      expect(core.isTensor(v)).toBe(false);
    }
  });

  it('`instanceof Tensor` is isTensor', () => {
    expect(core.tensor([1]) instanceof core.Tensor).toBe(true);
    expect(({ shape: [1] } as unknown) instanceof core.Tensor).toBe(false);
  });

  it('VERSION is the version in package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(core.VERSION).toBe(pkg.version);
  });
});

describe('two installed copies of core', () => {
  it('of the same release share tensors: ops, backward and grad work across them', async () => {
    const other = await secondCopy();
    expect(other.Tensor).not.toBe(core.Tensor); // really a second class
    const x = other.tensor([[1, -2], [3, 0.5]], { dtype: 'float64', requiresGrad: true });
    expect(core.isTensor(x)).toBe(true);
    expect(x instanceof core.Tensor).toBe(true);

    const loss = core.sum(core.mul(core.sigmoid(x), 2)); // this copy's ops on the other copy's tensor
    loss.backward();
    const s = (v: number) => 1 / (1 + Math.exp(-v));
    const expected = [1, -2, 3, 0.5].map((v) => 2 * s(v) * (1 - s(v)));
    expect(Array.from(x.grad!.data)).toEqual(expected.map((e) => expect.closeTo(e, 15)));

    const [g] = core.grad((v: core.Tensor) => core.sum(core.mul(v, v)))(x);
    expect(Array.from(g!.data)).toEqual([2, -4, 6, 1]);
  });

  it('of different releases fail with a TYPE error that says two copies are installed', async () => {
    const other = await secondCopy('9.9.9');
    const x = other.tensor([1, 2]);
    for (const call of [() => core.isTensor(x), () => core.add(x, 1), () => core.sum(x), () => core.matmul(x, x)]) {
      let error: unknown;
      try {
        call();
      } catch (e) {
        error = e;
      }
      expect(core.isEntropicError(error)).toBe(true);
      expect((error as core.EntropicError).code).toBe('TYPE');
      expect((error as Error).message).toMatch(/two copies of @entropic\/core are installed/);
      expect((error as Error).message).toContain('9.9.9');
    }
  });
});
