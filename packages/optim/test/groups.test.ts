/** Parameter groups, lr, zeroGrad, the functional updates, float32, and the schedules' semantics. */
import { type Tensor, tensor } from '@entropic/core';
import { describe, expect, it } from 'vitest';
import {
  Adagrad, Adam, AdamW, type AdamState, CosineAnnealingLR, ExponentialLR, GradientDescent, LBFGS, RMSprop, SGD, StepLR,
  adam, adamState, adamw, sgd,
} from '../src/index.js';

const f64 = (values: number[]) => tensor(values, { dtype: 'float64', requiresGrad: true });

/** A fixed, non-trivial objective: Σ (x − c)² · w per parameter. */
function lossOf(params: Tensor[]): Tensor {
  let total = params[0]!.sub(0.5).pow(2).mul(1.5).sum();
  for (const p of params.slice(1)) total = total.add(p.sub(-0.25).pow(2).sum());
  return total;
}

function train(opt: { zeroGrad(): void; step(): unknown }, params: Tensor[], steps: number): void {
  for (let k = 0; k < steps; k++) {
    opt.zeroGrad();
    lossOf(params).backward();
    opt.step();
  }
}

describe('parameter groups', () => {
  it('each group uses its own options, others from the defaults (as two separate optimizers)', () => {
    const [w, b] = [f64([1, -2, 3]), f64([0.5])];
    const grouped = new AdamW([{ params: [w], lr: 0.05 }, { params: [b], weightDecay: 0, amsgrad: true }], { lr: 0.1, betas: [0.8, 0.99] });
    expect(grouped.paramGroups[1]).toMatchObject({ lr: 0.1, betas: [0.8, 0.99], weightDecay: 0, amsgrad: true, eps: 1e-8 });
    expect(grouped.paramGroups[0]).toMatchObject({ lr: 0.05, weightDecay: 1e-2, amsgrad: false });
    train(grouped, [w, b], 10);

    const [w2, b2] = [f64([1, -2, 3]), f64([0.5])];
    const a = new AdamW([w2], { lr: 0.05, betas: [0.8, 0.99] });
    const c = new AdamW([b2], { lr: 0.1, betas: [0.8, 0.99], weightDecay: 0, amsgrad: true });
    for (let k = 0; k < 10; k++) {
      a.zeroGrad();
      c.zeroGrad();
      lossOf([w2, b2]).backward();
      a.step();
      c.step();
    }
    expect(Array.from(w.data)).toEqual(Array.from(w2.data));
    expect(Array.from(b.data)).toEqual(Array.from(b2.data));
  });

  it('lr reads the first group and sets every group; addParamGroup adds one later', () => {
    const opt = new SGD([{ params: [f64([1])], lr: 0.1 }, { params: [f64([2])], lr: 0.2 }], { lr: 0.3 });
    expect(opt.lr).toBe(0.1);
    opt.lr = 0.05;
    expect(opt.paramGroups.map((g) => g.lr)).toEqual([0.05, 0.05]);
    opt.addParamGroup({ params: [f64([3])] });
    expect(opt.paramGroups[2]!.lr).toBe(0.3);
    expect(opt.parameters().length).toBe(3);
  });

  it('zeroGrad sets gradients to null, and a parameter without a gradient is skipped', () => {
    const [w, frozen] = [f64([1, 2]), f64([5])];
    const opt = new Adam([w, frozen], { lr: 0.1 });
    w.mul(w).sum().backward();
    opt.step();
    expect(Array.from(frozen.data)).toEqual([5]);
    expect(Object.keys(opt.stateDict().state)).toEqual(['0']);
    opt.zeroGrad();
    expect(w.grad).toBeNull();
    expect(frozen.grad).toBeNull();
  });

  it('step(closure) calls the closure first and returns its loss', () => {
    const w = f64([1, 2]);
    const opt = new SGD([w], { lr: 0.1 });
    const loss = opt.step(() => {
      opt.zeroGrad();
      const l = w.mul(w).sum();
      l.backward();
      return l;
    }) as Tensor;
    expect(loss.item()).toBe(5);
    expect(Array.from(w.data)).toEqual([1 - 0.1 * 2, 2 - 0.1 * 4]);
  });

  it('maximize ascends: the same trajectory as minimizing the negated objective', () => {
    const [a, b] = [f64([1, -1]), f64([1, -1])];
    const up = new SGD([a], { lr: 0.1, momentum: 0.9, maximize: true });
    const down = new SGD([b], { lr: 0.1, momentum: 0.9 });
    for (let k = 0; k < 5; k++) {
      up.zeroGrad();
      down.zeroGrad();
      lossOf([a]).neg().backward();
      lossOf([b]).backward();
      up.step();
      down.step();
    }
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
  });
});

describe('the functional updates', () => {
  it('adam/adamw on typed arrays reproduce the classes, in place, without new buffers', () => {
    for (const [Cls, fn] of [[Adam, adam], [AdamW, adamw]] as const) {
      const p = f64([1, -2, 3]);
      const opt = new Cls([p], { lr: 0.1, amsgrad: true, weightDecay: 0.1 });
      train(opt, [p], 6);
      const theta = new Float64Array([1, -2, 3]);
      const state: AdamState = adamState(theta, true);
      const buffers = [state.expAvg, state.expAvgSq, state.maxExpAvgSq];
      const o = { ...opt.defaults, lr: 0.1, amsgrad: true, weightDecay: 0.1 } as Parameters<typeof adam>[3];
      for (let k = 0; k < 6; k++) {
        const x = tensor(theta, { requiresGrad: true });
        lossOf([x]).backward();
        fn(theta, x.grad!.data as Float64Array, state, o);
      }
      expect(Array.from(theta)).toEqual(Array.from(p.data));
      expect([state.expAvg, state.expAvgSq, state.maxExpAvgSq]).toEqual(buffers);
      expect(state.expAvg).toBe(buffers[0]);
      expect(state.step).toBe(6);
    }
  });

  it('GradientDescent is exactly θ − η·∇J(θ), and SGD without momentum the same', () => {
    const [a, b] = [f64([0.3, -1.7]), f64([0.3, -1.7])];
    const gd = new GradientDescent([a], { lr: 0.1 });
    const plain = new SGD([b], { lr: 0.1 });
    for (let k = 0; k < 4; k++) {
      const expected = Array.from(a.data, (v) => v - 0.1 * (3 * (v - 0.5)));
      train(gd, [a], 1);
      train(plain, [b], 1);
      expect(Array.from(a.data)).toEqual(expected);
      expect(Array.from(b.data)).toEqual(expected);
    }
  });

  it('sgd allocates its momentum buffer once, as the first gradient', () => {
    const theta = new Float64Array([1, 2]);
    const state = { momentumBuffer: null as Float64Array | null };
    const o = { lr: 0.1, momentum: 0.9, dampening: 0.5, weightDecay: 0, nesterov: false, maximize: false };
    sgd(theta, new Float64Array([0.5, -1]), state, o);
    const buf = state.momentumBuffer!;
    expect(Array.from(buf)).toEqual([0.5, -1]); // no dampening on the first step
    sgd(theta, new Float64Array([1, 1]), state, o);
    expect(state.momentumBuffer).toBe(buf);
    expect(Array.from(buf)).toEqual([0.9 * 0.5 + 0.5 * 1, 0.9 * -1 + 0.5 * 1]);
  });
});

describe('float32 parameters', () => {
  for (const [name, make] of [
    ['SGD', (p: Tensor[]) => new SGD(p, { lr: 0.05, momentum: 0.9 })],
    ['Adam', (p: Tensor[]) => new Adam(p, { lr: 0.05, amsgrad: true })],
    ['RMSprop', (p: Tensor[]) => new RMSprop(p, { lr: 0.01, centered: true, momentum: 0.5 })],
    ['Adagrad', (p: Tensor[]) => new Adagrad(p, { lr: 0.3 })],
  ] as const) {
    it(`${name} keeps float32 state and tracks the float64 trajectory`, () => {
      const p32 = tensor([1, -2, 3], { dtype: 'float32', requiresGrad: true });
      const p64 = f64([1, -2, 3]);
      train(make([p32]), [p32], 20);
      const opt = make([p64]);
      train(opt, [p64], 20);
      const o32 = make([tensor([1], { requiresGrad: true })]);
      train(o32, o32.parameters(), 1);
      const state = (o32 as unknown as { state: Map<Tensor, Record<string, unknown>> }).state.values().next().value!;
      for (const v of Object.values(state)) if (ArrayBuffer.isView(v)) expect(v).toBeInstanceOf(Float32Array);
      expect(p32.data).toBeInstanceOf(Float32Array);
      p32.data.forEach((v, i) => {
        expect(Math.abs(v - p64.data[i]!)).toBeLessThan(1e-5);
      });
    });
  }
});

describe('schedules', () => {
  it('StepLR and ExponentialLR multiply by gamma on schedule, and follow an lr set by hand', () => {
    const opt = new SGD([f64([1])], { lr: 1 });
    const s = new StepLR(opt, { stepSize: 3, gamma: 0.5 });
    const seen: number[] = [];
    for (let k = 0; k < 7; k++) {
      seen.push(opt.lr);
      s.step();
    }
    expect(seen).toEqual([1, 1, 1, 0.5, 0.5, 0.5, 0.25]);
    expect(s.lr).toBe(0.25);
    const opt2 = new Adam([f64([1])], { lr: 0.2 });
    const e = new ExponentialLR(opt2, { gamma: 0.9 });
    e.step();
    expect(opt2.lr).toBe(0.2 * 0.9);
    opt2.lr = 0.05; // chainable: the schedule continues from the lr the group has now
    e.step();
    expect(opt2.lr).toBe(0.05 * 0.9);
    expect(e.lastEpoch).toBe(2);
  });

  it('CosineAnnealingLR follows the closed form per group, past tMax too', () => {
    const opt = new AdamW([{ params: [f64([1])], lr: 0.1 }, { params: [f64([2])], lr: 0.3 }]);
    const tMax = 7;
    const etaMin = 0.01;
    const s = new CosineAnnealingLR(opt, { tMax, etaMin });
    for (let t = 0; t <= 3 * tMax; t++) {
      [0.1, 0.3].forEach((base, i) => {
        const closed = etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * t) / tMax))) / 2;
        expect(Math.abs(opt.paramGroups[i]!.lr - closed)).toBeLessThan(1e-12);
      });
      s.step();
    }
  });

  it('works with every optimizer, L-BFGS included', () => {
    const makers = [
      (p: Tensor[]) => new SGD(p, { lr: 0.1 }), (p: Tensor[]) => new GradientDescent(p, { lr: 0.1 }),
      (p: Tensor[]) => new Adam(p, { lr: 0.1 }), (p: Tensor[]) => new AdamW(p, { lr: 0.1 }),
      (p: Tensor[]) => new RMSprop(p, { lr: 0.1 }), (p: Tensor[]) => new Adagrad(p, { lr: 0.1 }),
      (p: Tensor[]) => new LBFGS(p, { lr: 0.1 }),
    ];
    for (const make of makers) {
      const opt = make([f64([1])]);
      const s = new StepLR(opt, { stepSize: 1, gamma: 0.5 });
      s.step();
      s.step();
      expect(opt.lr).toBe(0.025);
      expect(s.lastLr).toEqual([0.025]);
    }
  });
});
