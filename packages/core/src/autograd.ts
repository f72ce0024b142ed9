/**
 * Reverse mode on a recorded graph (micrograd's engine, for tensors). Every op output that
 * depends on a tensor requiring gradients carries a `GradNode`: its inputs and a closure that
 * maps the output's gradient to the inputs' gradients. `runBackward` walks the graph once in
 * reverse topological order; leaves accumulate into `.grad` (PyTorch's `backward`), or the
 * gradients of chosen tensors are returned and nothing is written (`torch.autograd.grad`).
 *
 * Higher order: with `createGraph` the closures run with recording on, so the gradients are
 * themselves recorded and can be differentiated again. Core's ops write their backward with
 * recorded ops (`recordOp`); a hand-written backward registered through `record` is
 * once-differentiable unless it says otherwise, and differentiating its result throws.
 *
 * In-place safety: each node remembers the versions of the tensors its backward reads, and the
 * backward pass refuses to run a node when one of them was marked modified since (PyTorch's
 * "modified by an inplace operation").
 */
import type { Tensor } from './tensor.js';
import { EntropicError } from './errors.js';
import { sameShape, shapeToString } from './shape.js';

/**
 * The backward rule an op records: the gradient of the op's output in, one gradient per input out (null where an input needs none).
 */
export type BackwardFn = (grad: Tensor) => readonly (Tensor | null)[];

export interface GradNode {
  readonly op: string;
  readonly inputs: readonly Tensor[];
  readonly backward: BackwardFn;
  /** The backward is written with recorded ops, so it can be differentiated again (createGraph). */
  readonly higherOrder: boolean;
  /** The tensors whose values the backward reads, and their versions when the op ran. */
  readonly saved: readonly Tensor[];
  readonly versions: readonly number[];
}

/**
 * Options of {@link record}: which tensors the backward reads, and whether it can be differentiated again.
 */
export interface RecordOptions {
  /** The tensors the backward reads (default: the inputs and the output); checked for in-place changes. */
  saves?: readonly Tensor[];
  /**
   * The backward is written with core ops (no raw typed-array arithmetic), so its result can be
   * differentiated again under `createGraph`. Default false: the op is once-differentiable, and
   * differentiating its gradient throws an `AUTOGRAD` error instead of giving silent zeros.
   */
  higherOrder?: boolean;
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
  return withGrad(false, fn);
}

/** Runs `fn` with recording on, even inside `noGrad` (torch.enable_grad), e.g. an optimizer's closure. */
export function enableGrad<T>(fn: () => T): T {
  return withGrad(true, fn);
}

function withGrad<T>(enabled: boolean, fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = enabled;
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
 * This is the extension point for fused ops (e.g. a loss with a hand-written gradient).
 */
export function record(op: string, out: Tensor, inputs: readonly Tensor[], backward: BackwardFn, opts: RecordOptions = {}): Tensor {
  if (!gradEnabled) return out;
  for (const t of inputs) {
    if (t.requiresGrad) {
      const saved = opts.saves ?? [...inputs, out];
      out._node = { op, inputs, backward, higherOrder: opts.higherOrder === true, saved, versions: saved.map((s) => s.version) };
      return out;
    }
  }
  return out;
}

/** `record` for core's own ops, whose backward is always written with recorded ops. */
export function recordOp(op: string, out: Tensor, inputs: readonly Tensor[], backward: BackwardFn, saves?: readonly Tensor[]): Tensor {
  return record(op, out, inputs, backward, { saves, higherOrder: true });
}

// Set by ops/shape.ts and ops/binary.ts at load time; autograd needs them but must not import ops (cycle).
export const gradOps: {
  sumToShape: (g: Tensor, shape: readonly number[]) => Tensor;
  add: (a: Tensor, b: Tensor) => Tensor;
  cast: (x: Tensor, dtype: Tensor['dtype']) => Tensor;
  clone: (x: Tensor) => Tensor;
} = {
  sumToShape: () => { throw new EntropicError('STATE', 'autograd', 'ops not loaded'); },
  add: () => { throw new EntropicError('STATE', 'autograd', 'ops not loaded'); },
  cast: () => { throw new EntropicError('STATE', 'autograd', 'ops not loaded'); },
  clone: () => { throw new EntropicError('STATE', 'autograd', 'ops not loaded'); },
};

interface Plan {
  /** Recorded tensors on a path from the root to a sink, inputs before the outputs that use them. */
  order: Tensor[];
  /** Tensors with a path to a sink (the only ones whose gradient is needed). */
  needed: Set<Tensor>;
  /** Whether the graph reaches a leaf that requires grad and is not a sink (a captured tensor). */
  foreignLeaf: boolean;
}

/**
 * One iterative depth-first walk (deep graphs of 10k+ ops would overflow the JS stack
 * recursively). Sinks are the `targets`, or, without targets, every leaf that requires grad.
 */
function plan(root: Tensor, targets: ReadonlySet<Tensor> | null): Plan {
  const order: Tensor[] = [];
  const needed = new Set<Tensor>();
  const visited = new Set<Tensor>([root]);
  let foreignLeaf = false;
  const stack: [Tensor, number][] = [[root, 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const [t, i] = top;
    const inputs = t._node?.inputs ?? [];
    if (i < inputs.length) {
      top[1] = i + 1;
      const next = inputs[i]!;
      if (!visited.has(next)) {
        visited.add(next);
        stack.push([next, 0]);
      }
      continue;
    }
    stack.pop();
    const sink = targets === null ? t._node === null && t.requiresGrad : targets.has(t);
    if (t._node === null && t.requiresGrad && !sink) foreignLeaf = true;
    const feeds = inputs.some((x) => needed.has(x));
    if (sink || feeds) needed.add(t);
    if (feeds) order.push(t);
  }
  return { order, needed, foreignLeaf };
}

/**
 * Whether the graph of `root` reaches a tensor that requires grad other than through `targets`
 * (a captured parameter, an outer transform's variable): then gradients with respect to the
 * targets may depend on it and must be recorded for an outer derivative.
 */
export function dependsBeyond(root: Tensor, targets: readonly Tensor[]): boolean {
  return plan(root, new Set(targets)).foreignLeaf;
}

export interface BackwardRequest {
  /**
   * Record the backward pass so the gradients can be differentiated again. `'auto'`: record
   * when the graph reaches a tensor requiring grad other than the targets (the gradients then
   * depend on something an outer computation may differentiate).
   */
  createGraph: boolean | 'auto';
  /** Return the gradients of these tensors and write no `.grad`; without it, leaves accumulate. */
  targets?: readonly Tensor[];
}

/**
 * Backpropagates `seed` (the gradient of some scalar with respect to `root`). With `targets`
 * returns their gradients (null where the root does not depend on one); otherwise accumulates
 * into the `.grad` of every leaf that requires grad and returns an empty array.
 */
export function runBackward(root: Tensor, seed: Tensor, request: BackwardRequest): (Tensor | null)[] {
  const targets = request.targets === undefined ? null : new Set(request.targets);
  const { order, needed, foreignLeaf } = plan(root, targets);
  const createGraph = request.createGraph === 'auto' ? foreignLeaf : request.createGraph;
  const grads = new Map<Tensor, Tensor>([[root, seed]]);
  const pass = (): void => {
    for (let k = order.length - 1; k >= 0; k--) {
      const t = order[k]!;
      const node = t._node!;
      const g = grads.get(t);
      if (g === undefined) continue;
      if (targets === null || !targets.has(t)) grads.delete(t);
      checkVersions(node);
      const inputGrads = createGraph && !node.higherOrder ? onceDifferentiable(node, g) : node.backward(g);
      for (let i = 0; i < node.inputs.length; i++) {
        const input = node.inputs[i]!;
        let gi = inputGrads[i];
        if (!needed.has(input) || gi === null || gi === undefined) continue;
        if (!sameShape(gi.shape, input.shape)) gi = gradOps.sumToShape(gi, input.shape);
        if (gi.dtype !== input.dtype) gi = gradOps.cast(gi, input.dtype);
        if (!sameShape(gi.shape, input.shape)) {
          throw new EntropicError('SHAPE', 'backward', `op '${node.op}' produced a gradient of shape ${shapeToString(gi.shape)} for an input of shape ${shapeToString(input.shape)}`);
        }
        if (targets === null && input._node === null) {
          // A leaf: accumulate. The first gradient is copied so no two leaves share storage.
          input.grad = input.grad === null ? gradOps.clone(gi) : gradOps.add(input.grad, gi);
        } else {
          const prev = grads.get(input);
          grads.set(input, prev === undefined ? gi : gradOps.add(prev, gi));
        }
      }
    }
  };
  withGrad(createGraph, pass);
  return request.targets === undefined ? [] : request.targets.map((t) => grads.get(t) ?? null);
}

function checkVersions(node: GradNode): void {
  for (let i = 0; i < node.saved.length; i++) {
    const t = node.saved[i]!;
    const then = node.versions[i]!;
    if (t.version !== then) {
      throw new EntropicError(
        'STATE',
        'backward',
        `a ${t.dtype} tensor of shape ${shapeToString(t.shape)} that '${node.op}' saved for the gradient was modified in place after it was used (version ${then}, now ${t.version}); ` +
          'compute the graph again after the change (e.g. evaluate the loss after optimizer.step()), or change a clone() of it',
      );
    }
  }
}

/**
 * A hand-written (once-differentiable) backward under `createGraph`: its gradients are computed
 * without recording, then tied to what they depend on by a node that throws if an outer
 * derivative ever flows through it (PyTorch's `once_differentiable`): an error, never zeros.
 */
function onceDifferentiable(node: GradNode, g: Tensor): readonly (Tensor | null)[] {
  const grads = withGrad(false, () => node.backward(g));
  const sources = [g, ...node.inputs].filter((t) => t.requiresGrad);
  if (sources.length === 0) return grads;
  return grads.map((gi) => {
    if (gi === null || gi === undefined) return null;
    const tied = gi.detach();
    tied._node = {
      op: `${node.op} (gradient)`,
      inputs: sources,
      backward: () => {
        throw new EntropicError(
          'AUTOGRAD',
          'backward',
          `cannot differentiate the gradient of '${node.op}' (shape ${shapeToString(gi.shape)}): its backward is hand-written and once-differentiable; ` +
            'write it with core ops and record it with { higherOrder: true } to use it under createGraph (higher-order gradients, hessian, hvp)',
        );
      },
      higherOrder: true,
      saved: [],
      versions: [],
    };
    return tied;
  });
}
