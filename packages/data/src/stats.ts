/**
 * Tensor-free numerics: StandardScaler statistics (scikit-learn 1.2's algorithm) and the
 * index arithmetic of train/test splits and mini-batches.
 */
import { EntropicError, RandomGenerator } from '@entropic/core';

export interface ColumnStats {
  mean: Float64Array;
  var: Float64Array;
  /** Standard deviation, with 1 for constant columns (scikit-learn's `scale_`). */
  scale: Float64Array;
}

/**
 * Column means and population variances (ddof = 0) of a row-major `[n, d]` matrix, in float64,
 * computed as scikit-learn's `StandardScaler.fit` does: sequential column sums, then the
 * corrected two-pass variance `(Σ(x−m)² − (Σ(x−m))²/n) / n`. A column whose variance is within
 * rounding error of 0 (`var <= n·eps·var + (n·mean·eps)²`) gets scale 1, as scikit-learn.
 */
export function columnStats(x: ArrayLike<number>, n: number, d: number): ColumnStats {
  const sum = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) sum[j]! += x[o + j]!;
  }
  const mean = new Float64Array(d);
  for (let j = 0; j < d; j++) mean[j] = sum[j]! / n;
  const corr = new Float64Array(d);
  const sq = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) {
      const t = x[o + j]! - mean[j]!;
      corr[j]! += t;
      sq[j]! += t * t;
    }
  }
  const variance = new Float64Array(d);
  const scale = new Float64Array(d);
  const eps = Number.EPSILON;
  for (let j = 0; j < d; j++) {
    const v = (sq[j]! - (corr[j]! * corr[j]!) / n) / n;
    variance[j] = v;
    const bound = n * eps * v + (n * mean[j]! * eps) ** 2;
    scale[j] = v <= bound ? 1 : Math.sqrt(v);
  }
  return { mean, var: variance, scale };
}

/** Number of test samples for a fraction `testSize` of `n`: ceil, as scikit-learn (robust to 0.7·10 = 7.000000000000001). */
export function testCount(testSize: number, n: number): number {
  const x = testSize * n;
  const r = Math.round(x);
  return Math.abs(x - r) < 1e-9 * Math.max(1, n) ? r : Math.ceil(x);
}

export interface SplitIndices {
  train: Int32Array;
  test: Int32Array;
}

/**
 * scikit-learn's `_approximate_mode`: integer draws per class summing to `nDraws`, as close as
 * possible to the proportional `counts/total·nDraws`; the remainder goes to the largest
 * fractional parts, ties broken at random.
 */
export function approximateMode(counts: readonly number[], nDraws: number, rng: RandomGenerator): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const continuous = counts.map((c) => (c / total) * nDraws);
  const floored = continuous.map(Math.floor);
  let need = nDraws - floored.reduce((a, b) => a + b, 0);
  if (need > 0) {
    const remainder = continuous.map((c, i) => c - floored[i]!);
    const values = [...new Set(remainder)].sort((a, b) => b - a);
    for (const value of values) {
      const inds: number[] = [];
      remainder.forEach((r, i) => {
        if (r === value) inds.push(i);
      });
      const take = Math.min(inds.length, need);
      rng.shuffle(inds);
      for (let k = 0; k < take; k++) floored[inds[k]!]! += 1;
      need -= take;
      if (need === 0) break;
    }
  }
  return floored;
}

/**
 * Train/test indices. Without stratification: a seeded permutation, the first `nTest` are the
 * test set (scikit-learn's `ShuffleSplit`), or with `shuffle: false` the last `nTest` rows in
 * order. Stratified: per class, `approximateMode` counts, random members, both sets shuffled
 * (scikit-learn's `StratifiedShuffleSplit`). Assumes checked arguments.
 */
export function splitIndices(
  fn: string,
  n: number,
  nTest: number,
  opts: { shuffle: boolean; seed: number; stratify: ArrayLike<number> | null },
): SplitIndices {
  const nTrain = n - nTest;
  if (!opts.shuffle) {
    const train = new Int32Array(nTrain);
    for (let i = 0; i < nTrain; i++) train[i] = i;
    const test = new Int32Array(nTest);
    for (let i = 0; i < nTest; i++) test[i] = nTrain + i;
    return { train, test };
  }
  const rng = new RandomGenerator(opts.seed);
  const labels = opts.stratify;
  if (labels === null) {
    const p = rng.permutation(n);
    return { train: p.slice(nTest), test: p.slice(0, nTest) };
  }
  // Classes in ascending order, members in their original order (np.unique + mergesort).
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    let list = members.get(c);
    if (list === undefined) {
      list = [];
      members.set(c, list);
    }
    list.push(i);
  }
  const classes = [...members.keys()].sort((a, b) => a - b);
  const counts = classes.map((c) => members.get(c)!.length);
  const smallest = Math.min(...counts);
  if (smallest < 2) {
    const c = classes[counts.indexOf(smallest)];
    throw new EntropicError('VALUE', fn, `stratify: class ${c} has only 1 member; every class needs at least 2 (one for each side of the split)`);
  }
  if (nTrain < classes.length) {
    throw new EntropicError('VALUE', fn, `stratify: the train set (${nTrain} samples) is smaller than the number of classes (${classes.length})`);
  }
  if (nTest < classes.length) {
    throw new EntropicError('VALUE', fn, `stratify: the test set (${nTest} samples) is smaller than the number of classes (${classes.length})`);
  }
  const nI = approximateMode(counts, nTrain, rng);
  const tI = approximateMode(
    counts.map((c, i) => c - nI[i]!),
    nTest,
    rng,
  );
  const train: number[] = [];
  const test: number[] = [];
  classes.forEach((c, i) => {
    const m = members.get(c)!;
    const perm = rng.permutation(m.length);
    for (let k = 0; k < nI[i]!; k++) train.push(m[perm[k]!]!);
    for (let k = nI[i]!; k < nI[i]! + tI[i]!; k++) test.push(m[perm[k]!]!);
  });
  return { train: rng.shuffle(Int32Array.from(train)), test: rng.shuffle(Int32Array.from(test)) };
}
