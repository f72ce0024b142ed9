// The article's point, seen: a logistic regression on a 2-D toy data set trained by gradient
// descent on either the mean squared error of σ(z) or the cross-entropy, from the same start.
// Started confidently wrong (every point on the wrong side, far from the boundary), MSE's
// gradient through the sigmoid, 2(p − y)·p(1 − p), has all but vanished and the boundary creeps;
// cross-entropy's, p − y, is largest exactly there and the boundary swings round at once.
// Browser-safe: the web page trains it live; the tests train it in Node.
import { type Tensor, add, matmul, randn, sigmoid, tensor } from '@entropic/core';
import { binaryCrossEntropyWithLogits, mseLoss } from '@entropic/loss';
import { GradientDescent } from '@entropic/optim';
import { numbers } from './util.js';

export type ToyLoss = 'crossEntropy' | 'mse';
export type ToyStart = 'wrong' | 'zero';

export const TOY_LOSS_NAMES: Record<ToyLoss, string> = { crossEntropy: 'cross-entropy', mse: 'MSE' };

export interface ToyData {
  /** [n, 2] float64 */
  X: Tensor;
  /** [n] float64, 0 or 1 */
  y: Tensor;
  points: { x1: number; x2: number; y: number }[];
}

/** Class centres: class 0 lower left, class 1 upper right. */
const CENTRES = [
  [-1, -0.5],
  [1, 0.5],
] as const;
const SPREAD = 0.75;

/** Two overlapping Gaussian blobs, `perClass` points each, the same for the same seed. */
export function makeToyData(opts: { perClass?: number; seed?: number } = {}): ToyData {
  const perClass = opts.perClass ?? 100;
  const noise = numbers(randn([2 * perClass, 2], { seed: opts.seed ?? 7, dtype: 'float64' }));
  const points: ToyData['points'] = [];
  for (let i = 0; i < 2 * perClass; i++) {
    const cls = i % 2;
    const [cx, cy] = CENTRES[cls] ?? [0, 0];
    points.push({ x1: cx + SPREAD * (noise[2 * i] ?? 0), x2: cy + SPREAD * (noise[2 * i + 1] ?? 0), y: cls });
  }
  return {
    X: tensor(points.map((p) => [p.x1, p.x2]), { dtype: 'float64' }),
    y: tensor(points.map((p) => p.y), { dtype: 'float64' }),
    points,
  };
}

/**
 * The confidently wrong start: the right boundary's direction, reversed and scaled so that a
 * typical point has |z| ≈ 5, i.e. P ≈ 0.007 for its own class.
 */
export const WRONG_START = { w: [-4, -2], b: 0 };

export interface ToyEpoch {
  /** updates done so far */
  epoch: number;
  /** the training loss (the chosen one) at the current weights */
  loss: number;
  /** training accuracy at the current weights */
  accuracy: number;
}

export class ToyTrainer {
  readonly w: Tensor;
  readonly b: Tensor;
  private readonly optimizer: GradientDescent;
  epoch = 0;

  constructor(
    readonly data: ToyData,
    readonly opts: { loss: ToyLoss; start: ToyStart; lr: number },
  ) {
    const start = opts.start === 'wrong' ? WRONG_START : { w: [0, 0], b: 0 };
    this.w = tensor(start.w, { dtype: 'float64', requiresGrad: true });
    this.b = tensor(start.b, { dtype: 'float64', requiresGrad: true });
    this.optimizer = new GradientDescent([this.w, this.b], { lr: opts.lr });
  }

  private logits(X: Tensor): Tensor {
    return add(matmul(X, this.w), this.b);
  }

  private lossAt(): Tensor {
    const z = this.logits(this.data.X);
    return this.opts.loss === 'crossEntropy' ? binaryCrossEntropyWithLogits(z, this.data.y) : mseLoss(sigmoid(z), this.data.y);
  }

  /** Loss and accuracy at the current weights (no update). */
  measure(): ToyEpoch {
    const loss = this.lossAt().item();
    const z = numbers(this.logits(this.data.X).detach());
    const y = numbers(this.data.y);
    let right = 0;
    for (let i = 0; i < z.length; i++) if ((z[i] ?? 0) > 0 === (y[i] === 1)) right++;
    return { epoch: this.epoch, loss, accuracy: right / z.length };
  }

  /** One full-batch gradient-descent update; returns the state after it. */
  step(): ToyEpoch {
    this.optimizer.zeroGrad();
    this.lossAt().backward();
    this.optimizer.step();
    this.epoch++;
    return this.measure();
  }

  /** The boundary w1·x1 + w2·x2 + b = 0 and the weights. */
  weights(): { w1: number; w2: number; b: number } {
    const [w1 = 0, w2 = 0] = numbers(this.w.detach());
    return { w1, w2, b: this.b.detach().item() };
  }

  /** P(class 1) at each of `points` ([m, 2] rows). */
  probabilities(points: Tensor): number[] {
    return numbers(sigmoid(this.logits(points)).detach());
  }
}

/** Trains from scratch and returns every epoch (epoch 0 is the start). */
export function trainToy(data: ToyData, opts: { loss: ToyLoss; start: ToyStart; lr: number; epochs: number }): ToyEpoch[] {
  const t = new ToyTrainer(data, opts);
  const out = [t.measure()];
  for (let e = 0; e < opts.epochs; e++) out.push(t.step());
  return out;
}

/** The first epoch at which the accuracy reaches `level`, or undefined. */
export function epochsToAccuracy(run: readonly ToyEpoch[], level: number): number | undefined {
  return run.find((r) => r.accuracy >= level)?.epoch;
}

/** The grid of points where the page evaluates P(class 1) for the boundary's background. */
export function toyGrid(extent: { min: number; max: number }, cells: number): Tensor {
  const rows: number[][] = [];
  const step = (extent.max - extent.min) / cells;
  for (let r = 0; r < cells; r++) {
    for (let c = 0; c < cells; c++) rows.push([extent.min + (c + 0.5) * step, extent.max - (r + 0.5) * step]);
  }
  return tensor(rows, { dtype: 'float64' });
}
