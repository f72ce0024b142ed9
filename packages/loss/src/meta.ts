/**
 * What a loss takes, declared on the loss itself (`loss.meta`), so that a model picks its output
 * head from it (σ or softmax for 'probabilities', logSoftmax for 'logProbabilities', nothing for
 * 'logits' and 'values') rather than from the loss's name.
 */

export interface LossMeta {
  /**
   * What the input must be: raw scores (`'logits'`), probabilities, log-probabilities, or plain
   * values compared with the target (regression, log-rates, ±1 margins).
   */
  readonly input: 'logits' | 'probabilities' | 'logProbabilities' | 'values';
  /** What the target must be: int32 class indices, probabilities (0/1 labels included), or values. */
  readonly target: 'classIndex' | 'probabilities' | 'values';
}

/** A loss function carrying its metadata. */
export type WithMeta<F> = F & {
  /** What the loss takes as input and target. */
  readonly meta: LossMeta;
};

const INPUTS: readonly LossMeta['input'][] = ['logits', 'probabilities', 'logProbabilities', 'values'];
const TARGETS: readonly LossMeta['target'][] = ['classIndex', 'probabilities', 'values'];

/**
 * Whether `v` is a valid {@link LossMeta}: exactly `{ input, target }` with one of the allowed values each.
 */
export function isLossMeta(v: unknown): v is LossMeta {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  return INPUTS.includes(m.input as LossMeta['input']) && TARGETS.includes(m.target as LossMeta['target']) && Object.keys(m).length === 2;
}

/** What `isLossMeta` accepts, as messages say it. */
export const LOSS_META_EXPECTED = `{ input: ${INPUTS.map((s) => `'${s}'`).join(' | ')}, target: ${TARGETS.map((s) => `'${s}'`).join(' | ')} }`;

/** Attaches `meta` to `fn` as a readonly, frozen property. */
export function withMeta<F extends (...args: never[]) => unknown>(fn: F, meta: LossMeta): WithMeta<F> {
  Object.defineProperty(fn, 'meta', { value: Object.freeze({ input: meta.input, target: meta.target }), enumerable: true });
  return fn as WithMeta<F>;
}

/**
 * What a loss without metadata (a plain function) is taken to want: the model's raw outputs and
 * the targets as they are, `{ input: 'values', target: 'values' }`.
 */
export const PLAIN_LOSS_META: LossMeta = Object.freeze({ input: 'values', target: 'values' });

/** A loss's `meta`, or `PLAIN_LOSS_META` for a function that declares none. */
export function lossMeta(loss: unknown): LossMeta {
  const meta = (loss as { meta?: unknown } | null)?.meta;
  return isLossMeta(meta) ? meta : PLAIN_LOSS_META;
}
