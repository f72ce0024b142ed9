// Your own loss with defineLoss: the article's log loss, J = −[y·log φ(z) + (1 − y)·log(1 − φ(z))],
// written from its formula with core ops on the logit z (stably: −log φ(z) = softplus(−z)), with a
// weight for the positive class as its own parameter. Autodiff, `reduction`, `weight` and the
// argument checks come with defineLoss; the loss then trains a model like any built-in one.
import { add, gradcheck, mul, neg, randn, softplus, sub, tensor } from '@entropic/core';
import { StandardScaler, loadBreastCancer, trainTestSplit } from '@entropic/data';
import { binaryCrossEntropyWithLogits, defineLoss } from '@entropic/loss';
import { LogisticRegression } from '@entropic/model';

export const weightedLogLoss = defineLoss({
  name: 'weightedLogLoss',
  // What it takes: raw scores z and 0/1 labels; a model feeds it its logits, no σ in between.
  meta: { input: 'logits', target: 'probabilities' },
  defaults: { positiveWeight: 1 },
  elementwise: (z, y, { positiveWeight }) =>
    // positiveWeight·y·(−log φ(z)) + (1 − y)·(−log(1 − φ(z)))
    add(mul(mul(y, positiveWeight), softplus(neg(z))), mul(sub(1, y), softplus(z))),
  validate: (_z, _y, { positiveWeight }) => {
    if (positiveWeight <= 0) throw new Error(`weightedLogLoss: expected positiveWeight > 0, got ${positiveWeight}`);
  },
});

// 1. It is the built-in loss (with posWeight) to rounding, on confident logits too.
const z = tensor([-30, -2, -0.5, 0, 0.5, 2, 30], { dtype: 'float64' });
const y = tensor([1, 0, 1, 0, 1, 0, 1], { dtype: 'float64' });
const mine = weightedLogLoss(z, y, { positiveWeight: 3 }).item();
const builtIn = binaryCrossEntropyWithLogits(z, y, { posWeight: tensor(3, { dtype: 'float64' }) }).item();
console.log('weightedLogLoss', mine.toFixed(10), 'binaryCrossEntropyWithLogits', builtIn.toFixed(10));

// 2. Its gradient by autodiff agrees with finite differences.
const logits = randn([6], { seed: 1, dtype: 'float64', requiresGrad: true });
const targets = tensor([0, 1, 1, 0, 1, 0], { dtype: 'float64' });
const check = gradcheck((t) => weightedLogLoss(t, targets, { positiveWeight: 2 }), [logits]);
console.log('gradcheck', check.ok ? 'ok' : 'FAILED', 'max abs error', check.maxAbsError.toExponential(1));

// 3. It trains a model: the same coefficients as with the built-in log loss.
const data = loadBreastCancer({ dtype: 'float64' });
const split = trainTestSplit(data.X, data.y, { testSize: 0.25, seed: 0, stratify: true });
const scaler = new StandardScaler().fit(split.XTrain);
const [XTrain, XTest] = [scaler.transform(split.XTrain), scaler.transform(split.XTest)];
const options = { solver: 'lbfgs' as const, l2: 1 / 426 };
const withMine = new LogisticRegression({ ...options, loss: weightedLogLoss }).fit(XTrain, split.yTrain);
const withBuiltIn = new LogisticRegression(options).fit(XTrain, split.yTrain);
const coefDiff = Math.max(...Array.from(withMine.coef.data, (v, i) => Math.abs(v - (withBuiltIn.coef.data[i] ?? 0))));
console.log('test accuracy', withMine.score(XTest, split.yTest), 'largest coefficient difference', coefDiff.toExponential(1));
