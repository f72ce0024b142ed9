/** Every optimizer update computes through the active backend's kernels (the compute seam). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Backend, backend, kernelNames, setBackend, tensor } from '@entropic/core';
import { type KernelCounts, spyBackend } from '@entropic/conformance';
import { Adagrad, Adam, AdamW, GradientDescent, LBFGS, RMSprop, SGD } from '../src/index.js';

let previous: Backend;
let spy: KernelCounts;
beforeEach(() => {
  spy = spyBackend(backend(), kernelNames);
  previous = setBackend(spy);
});
afterEach(() => {
  setBackend(previous);
});

type Make = (params: ReturnType<typeof tensor>[]) => { step(): unknown };

const optimizers: [string, Make, string][] = [
  ['SGD', (p) => new SGD(p, { lr: 0.1, momentum: 0.9, nesterov: true }), 'sgdUpdate'],
  ['GradientDescent', (p) => new GradientDescent(p, { lr: 0.1 }), 'sgdUpdate'],
  ['Adam', (p) => new Adam(p, { amsgrad: true }), 'adamUpdate'],
  ['AdamW', (p) => new AdamW(p), 'adamUpdate'],
  ['RMSprop', (p) => new RMSprop(p, { centered: true, momentum: 0.5 }), 'rmspropUpdate'],
  ['Adagrad', (p) => new Adagrad(p, { lrDecay: 0.1 }), 'adagradUpdate'],
];

describe('optimizer steps reach their update kernels through backend()', () => {
  for (const [name, make, kernel] of optimizers) {
    it(`${name}.step calls ${kernel} once per parameter with a gradient`, () => {
      const w = tensor([[1, -2], [3, 0.5]], { requiresGrad: true });
      const b = tensor([0.25, -0.75], { requiresGrad: true });
      const frozen = tensor([1], { requiresGrad: true }); // no gradient: skipped
      const opt = make([w, b, frozen]);
      w.mul(w).sum().add(b.sum()).backward();
      const before = Array.from(w.data);
      opt.step();
      expect(spy.count(kernel)).toBe(2);
      opt.step();
      expect(spy.count(kernel)).toBe(4);
      expect(Array.from(w.data)).not.toEqual(before);
    });
  }

  it('L-BFGS: steps (axpy), the two-loop recursion (dot, axpy, scale) and the line search run on the vector kernels', () => {
    const target = tensor([0.5, 0.25, -1], { dtype: 'float64' });
    for (const lineSearch of [null, 'strongWolfe'] as const) {
      const w = tensor([1.5, -0.5, 2], { dtype: 'float64', requiresGrad: true });
      spy.reset();
      const opt = new LBFGS([w], { maxIter: 5, lineSearch });
      opt.step(() => {
        opt.zeroGrad();
        const l = w.sub(target).mul(w.sub(target)).sum();
        l.backward();
        return l;
      });
      expect(spy.count('axpy')).toBeGreaterThan(2);
      expect(spy.count('dot')).toBeGreaterThan(2);
      expect(spy.count('scale')).toBeGreaterThan(0);
      expect(Array.from(w.data).map((v) => Number(v.toFixed(6)))).toEqual([0.5, 0.25, -1]);
    }
  });

  it('a backend that replaces an update kernel changes the step', () => {
    const base = backend();
    const p = tensor([1, 2], { requiresGrad: true });
    p.sum().backward();
    const opt = new SGD([p], { lr: 0.5 });
    setBackend({ name: 'frozen', sgdUpdate: () => {} });
    opt.step();
    expect(Array.from(p.data)).toEqual([1, 2]);
    setBackend(base);
    opt.step();
    expect(Array.from(p.data)).toEqual([0.5, 1.5]);
  });

  it('state buffers are allocated through the backend', () => {
    const p = tensor([1, 2, 3], { requiresGrad: true });
    p.sum().backward();
    spy.reset();
    new Adam([p], { amsgrad: true }).step();
    expect(spy.count('allocate')).toBe(3);
  });
});
