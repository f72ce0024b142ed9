/**
 * Losses a user of @entropic/loss writes with defineLoss: the README shows this file, and
 * test/define.test.ts checks each against hand-computed values and gradcheck.
 */
import { add, fail, gather, gt, mul, pow, relu, reshape, sigmoid, square, sub, sum, where } from '@entropic/core';
import { binaryCrossEntropyWithLogits, defineLoss } from '@entropic/loss';

/**
 * Focal loss (Lin et al., 2017) on logits: −α_t·(1 − p_t)^γ·log p_t, the cross-entropy with the
 * easy, well-classified examples down-weighted. γ = 0, α = ½ is half the plain log loss.
 */
export const focalLoss = defineLoss({
  name: 'focal',
  defaults: { gamma: 2, alpha: 0.25 },
  elementwise: (logits, y, { gamma, alpha }) => {
    const p = sigmoid(logits);
    const pt = add(mul(p, y), mul(sub(1, p), sub(1, y))); // the probability of the true label
    const alphaT = add(mul(y, alpha), mul(sub(1, y), 1 - alpha));
    // −log p_t from the stable form, not log(pt): finite for confident logits.
    const ce = binaryCrossEntropyWithLogits(logits, y, { reduction: 'none' });
    return mul(alphaT, mul(pow(sub(1, pt), gamma), ce));
  },
  validate: (_logits, _y, { gamma, alpha }) => {
    if (gamma < 0) fail('VALUE', 'focal', `expected gamma ≥ 0, got ${gamma}`);
    if (alpha < 0 || alpha > 1) fail('VALUE', 'focal', `expected alpha in [0, 1], got ${alpha}`);
  },
});

/**
 * Multi-class hinge loss (PyTorch's MultiMarginLoss): Σ_{c ≠ y} max(0, margin − x_y + x_c) / C
 * per sample, for scores [N, C] and int32 class indices [N].
 */
export const multiHingeLoss = defineLoss({
  name: 'multiHinge',
  defaults: { margin: 1 },
  perSample: (scores, y, { margin }) => {
    const [n, c] = scores.shape as [number, number];
    const trueScore = gather(scores, reshape(y, [n, 1]), { axis: 1 }); // x_y, [N, 1]
    const hinge = relu(add(sub(scores, trueScore), margin)); // [N, C]; the c = y term is relu(margin) = margin
    return mul(sub(sum(hinge, { axis: 1 }), margin), 1 / c);
  },
  validate: (scores, _y, { margin }) => {
    if (scores.ndim !== 2) fail('SHAPE', 'multiHinge', `expected scores of shape [N, C], got ${scores.ndim} dimension(s)`);
    if (margin < 0) fail('VALUE', 'multiHinge', `expected margin ≥ 0, got ${margin}`);
  },
});

/**
 * Squared hinge loss for ±1 labels (a linear SVM's L2 loss): max(0, margin − y·x)² per element.
 * The mask comes from a comparison (`gt`, a bool tensor) inside `where`: no loop over `.data`, and
 * the gradient, −2y·(margin − y·x) inside the margin and 0 outside, comes from the ops.
 */
export const squaredHingeLoss = defineLoss({
  name: 'squaredHinge',
  meta: { input: 'logits', target: 'values' },
  defaults: { margin: 1 },
  elementwise: (scores, y, { margin }) => {
    const slack = sub(margin, mul(y, scores));
    return where(gt(slack, 0), square(slack), 0);
  },
});
