/**
 * The ROC curve's corner points from scores: thresholds at every distinct score, highest first,
 * tied scores taken together (as scikit-learn's `roc_curve` with `drop_intermediate=False`).
 * The AUC itself comes from `rocAuc` in @entropic/model; this only draws the curve.
 */
export function rocCurve(yTrue: readonly number[], scores: readonly number[]): { fpr: number; tpr: number }[] {
  if (yTrue.length !== scores.length) throw new Error(`rocCurve: ${yTrue.length} labels but ${scores.length} scores`);
  const order = scores.map((_, i) => i).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0));
  const positives = yTrue.filter((v) => v === 1).length;
  const negatives = yTrue.length - positives;
  const points = [{ fpr: 0, tpr: 0 }];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k] ?? 0;
    if (yTrue[i] === 1) tp++;
    else fp++;
    const next = order[k + 1];
    if (next === undefined || scores[next] !== scores[i]) {
      points.push({ fpr: negatives > 0 ? fp / negatives : 0, tpr: positives > 0 ? tp / positives : 0 });
    }
  }
  return points;
}
