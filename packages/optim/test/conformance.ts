/** Loads the shared PyTorch reference vectors (../shared/conformance beside the repo) and builds their objectives. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Tensor, matmul, mean, mul, reshape, softplus, sub, sum, tensor } from '@entropic/core';

export interface JsonTensor {
  shape: number[];
  data: (number | string)[];
}

export type Problem =
  | { kind: 'quadratic'; A: number[][][]; b: number[][] }
  | { kind: 'logreg'; X: number[][]; y: number[] };

export interface OptimCase {
  name: string;
  optimizer: 'SGD' | 'Adam' | 'AdamW' | 'RMSprop' | 'Adagrad' | 'LBFGS';
  opts: Record<string, unknown>;
  params0: JsonTensor[];
  problem: Problem;
  steps: number;
  params: JsonTensor[][];
  lrs?: number[];
  scheduler?: { kind: 'StepLR' | 'ExponentialLR' | 'CosineAnnealingLR'; opts: Record<string, number> };
  closureCalls?: number[];
}

const here = dirname(fileURLToPath(import.meta.url));

/** The conformance folder: $ENTROPIC_CONFORMANCE, or shared/conformance next to the repository. */
export function conformanceDir(): string {
  const dir = process.env.ENTROPIC_CONFORMANCE ?? resolve(here, '../../../../shared/conformance');
  if (!existsSync(dir)) throw new Error(`conformance vectors not found at ${dir} (set ENTROPIC_CONFORMANCE)`);
  return dir;
}

export function loadCases<T>(file: string): T[] {
  const json = JSON.parse(readFileSync(join(conformanceDir(), file), 'utf8')) as { cases: T[] };
  return json.cases;
}

export function decode(v: number | string): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return Number.NaN;
  if (v === 'Infinity') return Number.POSITIVE_INFINITY;
  if (v === '-Infinity') return Number.NEGATIVE_INFINITY;
  throw new Error(`conformance: unexpected value ${JSON.stringify(v)}`);
}

export function fromJson(t: JsonTensor, requiresGrad = false): Tensor {
  return tensor(t.data.map(decode), { dtype: 'float64', shape: t.shape, requiresGrad });
}

/** |a − e| ≤ atol + rtol·|e| element-wise; returns a failure message or null. */
export function compare(actual: Tensor, expected: JsonTensor, atol: number, rtol: number): string | null {
  if (actual.shape.length !== expected.shape.length || actual.shape.some((d, i) => d !== expected.shape[i])) {
    return `shape [${actual.shape}] ≠ expected [${expected.shape}]`;
  }
  const a = actual.data;
  for (let i = 0; i < a.length; i++) {
    const e = decode(expected.data[i]!);
    const v = a[i]!;
    if (!(Math.abs(v - e) <= atol + rtol * Math.abs(e))) return `element ${i}: got ${v}, expected ${e}`;
  }
  return null;
}

/** The case's objective f(params) as a graph of core ops (README: quadratic or logistic regression). */
export function objective(problem: Problem): (params: Tensor[]) => Tensor {
  if (problem.kind === 'quadratic') {
    const A = problem.A.map((a) => tensor(a, { dtype: 'float64' }));
    const b = problem.b.map((v) => tensor(v, { dtype: 'float64' }));
    return (params) => {
      let total: Tensor | null = null;
      params.forEach((p, i) => {
        const x = reshape(p, [-1]);
        const term = sub(mul(sum(mul(x, matmul(A[i]!, x))), 0.5), sum(mul(b[i]!, x)));
        total = total === null ? term : total.add(term);
      });
      return total!;
    };
  }
  const X = tensor(problem.X, { dtype: 'float64' });
  const y = tensor(problem.y, { dtype: 'float64' });
  return ([w, b]) => {
    const z = matmul(X, w!).add(b!);
    return mean(sub(softplus(z), mul(y, z)));
  };
}
