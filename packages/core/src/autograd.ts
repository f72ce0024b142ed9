/**
 * Reverse mode on a recorded graph (micrograd's engine, for tensors). Every op output that
 * depends on a tensor requiring gradients carries a `GradNode`: its inputs and a closure that
 * maps the output's gradient to the inputs' gradients. `backward` walks the graph once in
 * reverse topological order; leaves accumulate into `.grad`, as PyTorch.
 */
import type { Tensor } from './tensor.js';
import { shapeToString, sameShape } from './shape.js';

/**
 * The backward rule an op records: the gradient of the op's output in, one gradient per input out (null where an input needs none).
 */
export type BackwardFn = (grad: Tensor) => readonly (Tensor | null)[];

export interface GradNode {
  readonly op: string;
  readonly inputs: readonly Tensor[];
  readonly backward: BackwardFn;
}

let gradEnabled = true;

/**
 * Whether ops record a graph right now: false inside {@link noGrad} (unless re-enabled by {@link enableGrad}).
 */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs `fn` without recording a graph (inference, parameter updates). */
export function noGrad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/** Runs `fn` with recording on, even inside `noGrad` (torch.enable_grad), e.g. an optimizer's closure. */
export function enableGrad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = true;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/**
 * Attaches a graph node to `out` when recording is on and any input requires gradients.
 * `backward` returns one gradient per input (or null); a gradient may have the broadcast
 * shape of the output: the tape reduces it to the input's shape (see `sumToShape`).
 * This is also the extension point for fused ops (e.g. a loss with a hand-written gradient).
 */
export function record(op: string, out: Tensor, inputs: readonly Tensor[], backward: BackwardFn): Tensor {
  if (!gradEnabled) return out;
  for (const t of inputs) {
    if (t.requiresGrad) {
      out._node = { op, inputs, backward };
      return out;
    }
  }
  return out;
}

// Set by ops/shape.ts and ops/binary.ts at load time; autograd needs them but must not import ops (cycle).
export const gradOps: {
  sumToShape: (g: Tensor, shape: readonly number[]) => Tensor;
  add: (a: Tensor, b: Tensor) => Tensor;
  cast: (x: Tensor, dtype: Tensor['dtype']) => Tensor;
  clone: (x: Tensor) => Tensor;
} = {
  sumToShape: () => { throw new Error('autograd: ops not loaded'); },
  add: () => { throw new Error('autograd: ops not loaded'); },
  cast: () => { throw new Error('autograd: ops not loaded'); },
  clone: () => { throw new Error('autograd: ops not loaded'); },
};

/** Nodes reachable from `root`, inputs before the outputs that use them. */
function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  // Iterative DFS: deep graphs (10k+ ops) would overflow the JS stack recursively.
  const stack: [Tensor, number][] = [[root, 0]];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const [t, i] = top;
    const inputs = t._node?.inputs ?? [];
    if (i < inputs.length) {
      top[1] = i + 1;
      const next = inputs[i]!;
      if (next._node !== null && !visited.has(next)) {
        visited.add(next);
        stack.push([next, 0]);
      }
    } else {
      order.push(t);
      stack.pop();
    }
  }
  return order;
}

export function runBackward(root: Tensor, seed: Tensor): void {
  const grads = new Map<Tensor, Tensor>();
  grads.set(root, seed);
  const order = topologicalOrder(root);
  noGrad(() => {
    for (let k = order.length - 1; k >= 0; k--) {
      const t = order[k]!;
      const node = t._node!;
      const g = grads.get(t);
      if (g === undefined) continue;
      grads.delete(t);
      const inputGrads = node.backward(g);
      for (let i = 0; i < node.inputs.length; i++) {
        const input = node.inputs[i]!;
        let gi = inputGrads[i];
        if (!input.requiresGrad || gi === null || gi === undefined) continue;
        if (!sameShape(gi.shape, input.shape)) gi = gradOps.sumToShape(gi, input.shape);
        if (gi.dtype !== input.dtype) gi = gradOps.cast(gi, input.dtype);
        if (!sameShape(gi.shape, input.shape)) {
          throw new Error(`backward: op '${node.op}' produced a gradient of shape ${shapeToString(gi.shape)} for an input of shape ${shapeToString(input.shape)}`);
        }
        if (input._node === null) {
          // A leaf: accumulate. The first gradient is copied so no two leaves share storage.
          input.grad = input.grad === null ? gradOps.clone(gi) : gradOps.add(input.grad, gi);
        } else {
          const prev = grads.get(input);
          grads.set(input, prev === undefined ? gi : gradOps.add(prev, gi));
        }
      }
    }
  });
}
