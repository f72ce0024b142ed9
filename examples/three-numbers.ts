import { full, linspace, log, sigmoid, tensor } from '@entropic/core';
import { binaryCrossEntropy, crossEntropy } from '@entropic/loss';

const classA = tensor([0], { dtype: 'int32' }); // three classes A, B, C; the true one is A
const ce = (p: number[]) => crossEntropy(log(tensor([p], { dtype: 'float64' })), classA).item();
console.log(`[0.7, 0.2, 0.1] → −log 0.7 = ${ce([0.7, 0.2, 0.1]).toFixed(4)}   [0.1, 0.2, 0.7] → −log 0.1 = ${ce([0.1, 0.2, 0.7]).toFixed(4)}`);
const h = sigmoid(linspace(-10, 10, 201, { dtype: 'float64' })); // φ(z) for z = −10, −9.9, …, 10
const J = (y: number) => binaryCrossEntropy(h, full([201], y, { dtype: 'float64' }), { reduction: 'none' }).toArray() as number[];
const [H, J1, J0] = [h.toArray() as number[], J(1), J(0)];
for (const i of [50, 80, 100, 120, 150]) console.log(`z = ${(i - 100) / 10}  φ(z) = ${H[i]?.toFixed(4)}  J(w) if y=1: ${J1[i]?.toFixed(4)}  J(w) if y=0: ${J0[i]?.toFixed(4)}`);
