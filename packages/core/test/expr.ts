/** Evaluates the reference vectors' expression trees: `{ op, args, opts? }` → `core[op](...args, opts)`. */
import * as core from '../src/index.js';

export interface Expr {
  op: string;
  args: unknown[];
  opts?: Record<string, unknown>;
}

/** A string is an input's name, a number stays a number, an array is evaluated element-wise. */
export function evaluate(node: unknown, inputs: Record<string, core.Tensor>): unknown {
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
