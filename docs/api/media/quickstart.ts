// Run: node --conditions=@entropic/source --import tsx examples/quickstart.ts
import { log, sigmoid, tensor } from '@entropic/core';
import { CrossEntropyLoss, binaryCrossEntropy, binaryCrossEntropyWithLogits, crossEntropy, mseLoss, nllLoss } from '@entropic/loss';

// The article's three-class example: predicted p = [0.7, 0.2, 0.1].
const logProbs = log(tensor([[0.7, 0.2, 0.1]], { dtype: 'float64' }));
console.log(nllLoss(logProbs, tensor([0], { dtype: 'int32' })).item()); // −log 0.7 = 0.35667494393873245
console.log(nllLoss(logProbs, tensor([2], { dtype: 'int32' })).item()); // −log 0.1 = 2.3025850929940455

// Cross-entropy of logits: a fused, stable log-softmax + NLL whose gradient is softmax − onehot.
const logits = tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 3.0]], { dtype: 'float64', requiresGrad: true });
const labels = tensor([0, 2], { dtype: 'int32' });
const loss = crossEntropy(logits, labels); // mean over the batch
loss.backward();
console.log(loss.item(), logits.grad?.toArray());

// The same, configured once, as PyTorch's nn.CrossEntropyLoss (instances are callable).
const criterion = new CrossEntropyLoss({ labelSmoothing: 0.1, weight: tensor([1, 2, 1], { dtype: 'float64' }) });
console.log(criterion(logits, labels).item());

// Binary: on probabilities (log clamped at −100, as PyTorch) or, stably, on logits.
const z = tensor([-2, 0, 3], { dtype: 'float64' });
const y = tensor([0, 1, 1], { dtype: 'float64' });
console.log(binaryCrossEntropy(sigmoid(z), y).item(), binaryCrossEntropyWithLogits(z, y).item());

// Why not the squared error for a classifier: a confident wrong prediction (p = 0.01, y = 1).
const p = tensor([0.01], { dtype: 'float64', requiresGrad: true });
const ce = binaryCrossEntropy(p, tensor([1], { dtype: 'float64' }));
ce.backward();
const q = tensor([0.01], { dtype: 'float64', requiresGrad: true });
const mse = mseLoss(q, tensor([1], { dtype: 'float64' }));
mse.backward();
console.log(`cross-entropy ${ce.item().toFixed(3)} (slope ${p.grad?.item()}), MSE ${mse.item().toFixed(3)} (slope ${q.grad?.item()})`);
