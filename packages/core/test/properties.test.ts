/** Property tests: broadcasting shapes and algebraic identities on random inputs. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as core from '../src/index.js';

const dim = fc.integer({ min: 1, max: 4 });
const shapeArb = fc.array(dim, { minLength: 0, maxLength: 4 });

/** A pair of shapes that broadcast: drop leading dims and set some to 1 on either side. */
const broadcastPair = shapeArb.chain((full) =>
  fc.tuple(
    fc.array(fc.boolean(), { minLength: full.length, maxLength: full.length }),
    fc.array(fc.boolean(), { minLength: full.length, maxLength: full.length }),
    fc.integer({ min: 0, max: full.length }),
  ).map(([onesA, onesB, drop]) => [
    full.map((d, i) => (onesA[i] ? 1 : d)),
    full.map((d, i) => (onesB[i] ? 1 : d)).slice(drop),
    full,
  ] as const),
);

const values = (n: number, seed: number) => core.randn([n], { dtype: 'float64', seed }).data;

describe('broadcasting', () => {
  it('add broadcasts to the NumPy shape and matches an element-wise reference', () => {
    fc.assert(fc.property(broadcastPair, fc.integer(), ([sa, sb], seed) => {
      const a = core.tensor(values(sa.reduce((p, d) => p * d, 1), seed), { dtype: 'float64', shape: sa });
      const b = core.tensor(values(sb.reduce((p, d) => p * d, 1), seed + 1), { dtype: 'float64', shape: sb });
      const out = core.add(a, b);
      const expected = core.broadcastShapes('test', sa, sb);
      expect(out.shape).toEqual(expected);
      // Reference: index each operand by the broadcast rule.
      const nd = expected.length;
      const idx = new Array(nd).fill(0);
      const at = (t: core.Tensor, ix: number[]) => {
        let off = 0;
        const off0 = nd - t.ndim;
        for (let d = 0; d < t.ndim; d++) off = off * t.shape[d]! + (t.shape[d] === 1 ? 0 : ix[off0 + d]!);
        return t.data[off]!;
      };
      for (let i = 0; i < out.size; i++) {
        let r = i;
        for (let d = nd - 1; d >= 0; d--) { idx[d] = r % expected[d]!; r = Math.floor(r / expected[d]!); }
        expect(out.data[i]).toBe(at(a, idx) + at(b, idx));
      }
    }));
  });

  it('broadcast gradients are reduced back to each input shape and equal ones summed', () => {
    fc.assert(fc.property(broadcastPair, ([sa, sb]) => {
      const a = core.ones(sa, { dtype: 'float64', requiresGrad: true });
      const b = core.ones(sb, { dtype: 'float64', requiresGrad: true });
      core.sum(core.mul(a, b)).backward();
      expect(a.grad!.shape).toEqual(sa);
      expect(b.grad!.shape).toEqual(sb);
      const total = core.broadcastShapes('test', sa, sb).reduce((p, d) => p * d, 1);
      expect(a.grad!.data[0]).toBe(total / a.size);
      expect(b.grad!.data[0]).toBe(total / b.size);
    }));
  });

  it('incompatible shapes throw an error naming the op and both shapes', () => {
    expect(() => core.add(core.zeros([2, 3]), core.zeros([4]))).toThrow(/add: shapes \[2, 3\] and \[4\] cannot be broadcast/);
  });
});

describe('identities', () => {
  it('grad(sum(a·b), a) = b', () => {
    fc.assert(fc.property(shapeArb, fc.integer(), (shape, seed) => {
      const a = core.randn(shape, { dtype: 'float64', seed });
      const b = core.randn(shape, { dtype: 'float64', seed: seed + 1 });
      const [ga] = core.grad((x, y) => core.sum(core.mul(x, y)))(a, b);
      expect(Array.from(ga!.data)).toEqual(Array.from(b.data));
    }));
  });

  it('softmax rows sum to 1 and logSoftmax = log(softmax)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 7 }), fc.double({ min: 0.1, max: 50, noNaN: true }), fc.integer(),
      (rows, cols, scale, seed) => {
        const x = core.mul(core.randn([rows, cols], { dtype: 'float64', seed }), scale);
        const p = core.softmax(x);
        const s = core.sum(p, { axis: -1 });
        for (const v of s.data) expect(v).toBeCloseTo(1, 12);
        const ls = core.logSoftmax(x);
        const lp = core.log(p);
        for (let i = 0; i < ls.size; i++) if (p.data[i]! > 1e-300) expect(ls.data[i]).toBeCloseTo(lp.data[i]!, 9);
      }));
  });

  it('logsumexp is stable at ±1e3 and gives −∞ entries weight 0', () => {
    const x = core.tensor([[1000, 1000, -1000], [-Infinity, 0, -Infinity]], { dtype: 'float64', requiresGrad: true });
    const l = core.logsumexp(x, { axis: 1 });
    expect(l.data[0]).toBeCloseTo(1000 + Math.log(2), 12);
    expect(l.data[1]).toBe(0);
    core.sum(l).backward();
    expect(Array.from(x.grad!.data)).toEqual([0.5, 0.5, 0, 0, 1, 0]);
  });

  it('matmul agrees with a sum of products along the inner axis', () => {
    fc.assert(fc.property(dim, dim, dim, fc.integer(), (m, k, n, seed) => {
      const a = core.randn([m, k], { dtype: 'float64', seed });
      const b = core.randn([k, n], { dtype: 'float64', seed: seed + 1 });
      const viaOps = core.sum(core.mul(core.reshape(a, [m, k, 1]), core.reshape(b, [1, k, n])), { axis: 1 });
      const c = core.matmul(a, b);
      for (let i = 0; i < c.size; i++) expect(c.data[i]).toBeCloseTo(viaOps.data[i]!, 12);
    }));
  });
});
