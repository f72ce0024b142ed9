/** The shared reference-vector loader (@entropic/conformance), plus Tensor construction. */
import * as core from '../src/index.js';
import { type Tensor, tensor } from '../src/index.js';
import { type JsonTensor, decodeTensor } from '@entropic/conformance';

export { type JsonTensor, compare, decode, loadCases, maxAbsDiff } from '@entropic/conformance';

/** A conformance tensor as a Tensor: float64 (with requiresGrad when asked) or int32. */
export function fromJson(t: JsonTensor, requiresGrad = false): Tensor {
  const { values, shape, dtype } = decodeTensor(t);
  return tensor(values, { dtype, shape, requiresGrad: requiresGrad && dtype === 'float64' });
}

/** A core.json expression tree: `{ op, args, opts? }`. */
export interface Expr {
  op: string;
  args: unknown[];
  opts?: Record<string, unknown>;
}

/** Evaluates an expression tree: a string is an input, a number a number, an array element-wise. */
export function evaluate(node: unknown, inputs: Record<string, Tensor>): unknown {
  if (typeof node === 'number') return node;
  if (typeof node === 'string') {
    const t = inputs[node];
    if (t === undefined) throw new Error(`unknown input ${node}`);
    return t;
  }
  if (Array.isArray(node)) return node.map((n) => evaluate(n, inputs));
  const { op, args, opts } = node as Expr;
  const fn = (core as unknown as Record<string, (...a: unknown[]) => unknown>)[op];
  if (typeof fn !== 'function') throw new Error(`core has no op ${op}`);
  const evaluated = args.map((a) => evaluate(a, inputs));
  return opts === undefined ? fn(...evaluated) : fn(...evaluated, opts);
}
