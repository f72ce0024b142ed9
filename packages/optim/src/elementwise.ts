/**
 * The first-order optimizers' shared step: PyTorch's loop over parameters with a gradient,
 * calling a pure element-wise update on the parameter's own typed array. All checks (options,
 * every gradient finite and of the right shape) run before the first parameter is touched.
 */
import { EntropicError, type FloatArray, type Tensor, describeValue, enableGrad, markModified } from '@entropic/core';
import { type BaseOptions, type Closure, Optimizer, type ParamGroup, lossValue, zerosLike } from './optimizer.js';
import { type JsonValue, decodeArray, decodeNumber, encodeArray } from './serialize.js';
import { isPlainObject } from './validate.js';

/** How a state field is saved: a step count, a buffer of the parameter's size, or a buffer that may be null. */
export type FieldKind = 'count' | 'buffer' | 'buffer?';

/** A first-order optimizer's per-parameter state: step counts and typed-array buffers. */
export type BufferState = { [field: string]: number | FloatArray | null };

export abstract class ElementwiseOptimizer<O extends BaseOptions, S extends BufferState> extends Optimizer<O, S> {
  /** The state's fields and how each is saved. */
  protected abstract readonly fields: { readonly [K in keyof S]: FieldKind };

  /** Fresh state for a parameter (zeros of its dtype, step 0). */
  protected abstract initState(param: FloatArray, group: ParamGroup<O>): S;

  /** One update of one parameter, in place. */
  protected abstract update(param: FloatArray, grad: FloatArray, state: S, group: ParamGroup<O>): void;

  /**
   * One optimization step over every parameter that has a gradient (parameters whose `grad` is
   * null are skipped, as PyTorch). With a closure, calls it first and returns its loss.
   */
  step(closure?: Closure): Tensor | number | undefined {
    const fn = `${this.name}.step`;
    if (closure !== undefined && typeof closure !== 'function') {
      throw new EntropicError('TYPE', fn, `expected no argument or a closure () => loss, got ${describeValue(closure)}`);
    }
    // The closure records a graph even when step() runs inside noGrad, as PyTorch's enable_grad.
    const loss = closure === undefined ? undefined : enableGrad(closure);
    if (loss !== undefined) lossValue(fn, loss);
    this.checkGroups(fn);
    this.checkGradients(fn);
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        const g = p.grad;
        if (g === null) continue;
        const data = p.data as FloatArray;
        let s = this.state.get(p);
        if (s === undefined) {
          s = this.initState(data, group);
          this.state.set(p, s);
        }
        this.update(data, g.data as FloatArray, s, group);
        // A tracked in-place change: a graph recorded before the step refuses to backpropagate.
        markModified(p);
      }
    }
    return loss;
  }

  protected encodeState(state: S): { [field: string]: JsonValue } {
    const out: { [field: string]: JsonValue } = {};
    for (const key of Object.keys(this.fields)) {
      const v = state[key];
      out[key] = v === null || v === undefined ? null : typeof v === 'number' ? v : encodeArray(v);
    }
    return out;
  }

  protected decodeState(fn: string, where: string, json: unknown, param: Tensor): S {
    if (!isPlainObject(json)) throw new EntropicError('FORMAT', fn, `expected an object at ${where}, got ${describeValue(json)}`);
    const like = param.data as FloatArray;
    const out: BufferState = {};
    for (const [key, kind] of Object.entries(this.fields) as [string, FieldKind][]) {
      const v = json[key];
      const at = `${where}.${key}`;
      if (kind === 'count') {
        const n = decodeNumber(fn, at, v);
        if (!Number.isInteger(n) || n < 0) throw new EntropicError('FORMAT', fn, `expected a step count (an integer >= 0) at ${at}, got ${describeValue(v)}`);
        out[key] = n;
      } else if (kind === 'buffer?' && v === null) {
        out[key] = null;
      } else {
        out[key] = decodeArray(fn, at, v, like, like.length);
      }
    }
    for (const key of Object.keys(json)) {
      if (!(key in this.fields)) throw new EntropicError('FORMAT', fn, `unknown field '${key}' at ${where}; expected ${Object.keys(this.fields).join(', ')}`);
    }
    return out as S;
  }
}

export { zerosLike };
