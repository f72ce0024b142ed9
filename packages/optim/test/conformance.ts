/** The shared reference-vector loader (@entropic/conformance), and the objectives of optim.json's problems. */
import { type Tensor, matmul, mean, mul, reshape, softplus, sub, sum, tensor } from '@entropic/core';

import { type JsonTensor, decodeTensor } from '@entropic/conformance';

export { type JsonTensor, compare, decode, loadCases } from '@entropic/conformance';

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

export function fromJson(t: JsonTensor, requiresGrad = false): Tensor {
  const { values, shape } = decodeTensor(t);
  return tensor(values, { dtype: 'float64', shape, requiresGrad });
}

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
