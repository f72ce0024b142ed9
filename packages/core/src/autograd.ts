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

/**
 * The backward rule of a core op, which also receives its node: a rule that reads the node's
 * `inputs` and `saved` instead of capturing them can be one function for every call of the op,
 * so a graph of 10k small ops holds no closure per op. Any `BackwardFn` is one.
 */
export type OpBackward = (grad: Tensor, node: GradNode) => readonly (Tensor | null)[];

/**
 * What a recorded op leaves on its output. A class with every field set in the constructor, so
 * all nodes share one hidden class (the backward pass reads them in a tight loop).
 */
export class GradNode {
  /** Scratch of `plan`: the id of the last walk that visited this node. */
  visit = 0;
  /** Scratch of `plan`: this node's gradient slot in that walk, −1 when its gradient is not needed. */
  slot = -1;
  constructor(
    readonly op: string,
    readonly inputs: readonly Tensor[],
    readonly backward: OpBackward,
    /** The backward is written with recorded ops, so it can be differentiated again (createGraph). */
    readonly higherOrder: boolean,
    /** The tensors whose values the backward reads. */
    readonly saved: readonly Tensor[],
    /** Their versions when the op ran; null when every one was 0 (the usual case, no array kept). */
    readonly versions: readonly number[] | null,
  ) {}
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
  return attach(op, out, inputs, backward, opts.higherOrder === true, opts.saves ?? [...inputs, out]);
}

/** `record` for core's own ops, whose backward is always written with recorded ops. */
export function recordOp(op: string, out: Tensor, inputs: readonly Tensor[], backward: OpBackward, saves?: readonly Tensor[]): Tensor {
  if (!gradEnabled) return out;
  return attach(op, out, inputs, backward, true, saves ?? [...inputs, out]);
}

/**
 * Whether an op on `a` (and `b`) records a node: recording is on and an input requires grad.
 * Small ops ask first, so that without a graph (inference, a backward pass) they build no
 * arrays of inputs and saved tensors only to drop them.
 */
export function recording(a: Tensor, b?: Tensor): boolean {
  return gradEnabled && (a.requiresGrad || b?.requiresGrad === true);
}

/** Shared by every node that saves nothing. */
const NOTHING: readonly Tensor[] = Object.freeze([]);

function attach(op: string, out: Tensor, inputs: readonly Tensor[], backward: OpBackward, higherOrder: boolean, saves: readonly Tensor[]): Tensor {
  for (let i = 0; i < inputs.length; i++) {
    if (inputs[i]!.requiresGrad) {
      // A graph of 10k small ops lives until backward: keep one array where two hold the same tensors.
      const saved = saves.length === 0 ? NOTHING : sameTensors(saves, inputs) ? inputs : saves;
      out._node = new GradNode(op, inputs, backward, higherOrder, saved, versionsOf(saved));
      return out;
    }
  }
  return out;
}

function sameTensors(a: readonly Tensor[], b: readonly Tensor[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The versions of `saved`, or null when all are 0 (then `checkVersions` expects 0 of each). */
function versionsOf(saved: readonly Tensor[]): number[] | null {
  for (let i = 0; i < saved.length; i++) {
    if (saved[i]!.version !== 0) return saved.map((t) => t.version);
  }
  return null;
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
  /** The gradient slot of each tensor of `order` (an index into the pass's array of gradients). */
  slots: number[];
  /**
   * The slots of the inputs of every tensor of `order`, in order (−1 where an input's gradient is
   * not needed): order[k]'s inputs follow those of order[k − 1], so the pass, walking `order`
   * backwards, finds them by counting down from the end.
   */
  edges: number[];
  /** How many slots: every tensor whose gradient is needed (sinks and the tensors that feed them). */
  slotCount: number;
  /** The root's slot (−1 when no sink is reachable), and each target's (−1 where the root does not depend on it). */
  rootSlot: number;
  targetSlots: number[];
  /** Whether the graph reaches a leaf that requires grad and is not a sink (a captured tensor). */
  foreignLeaf: boolean;
  /** The targets as a set (null without targets). */
  targetSet: ReadonlySet<Tensor> | null;
}

/** Numbers the walks of `plan`, so that a node's `visit` mark from an earlier walk is stale. */
let walks = 0;

/**
 * The marks of one walk of `plan`. Recorded tensors are marked on their node (no Set over 10k
 * tensors); leaves, few, in a Map. The marks are read only during the walk, so a backward that
 * runs another backward cannot disturb a pass.
 */
class Walk {
  readonly id = ++walks;
  readonly leafSlots = new Map<Tensor, number>();
  constructor(readonly targets: ReadonlySet<Tensor> | null) {}

  /**
   * Marks `t` visited; false if it already was, or if it is a leaf that needs no visit: one that
   * does not require grad is never a sink of `backward()` (without targets), nor foreign.
   */
  enter(t: Tensor): boolean {
    const node = t._node;
    if (node !== null) {
      if (node.visit === this.id) return false;
      node.visit = this.id;
      node.slot = -1;
      return true;
    }
    if ((this.targets === null && !t.requiresGrad) || this.leafSlots.has(t)) return false;
    this.leafSlots.set(t, -1);
    return true;
  }

  visited(t: Tensor): boolean {
    return t._node !== null ? t._node.visit === this.id : this.leafSlots.has(t);
  }

  /** The gradient slot of a finished tensor (−1: its gradient is not needed). */
  slotOf(t: Tensor): number {
    if (t._node !== null) return t._node.slot;
    if (this.targets === null && !t.requiresGrad) return -1; // never entered: skip the Map
    return this.leafSlots.get(t) ?? -1;
  }

  setSlot(t: Tensor, slot: number): void {
    if (t._node !== null) t._node.slot = slot;
    else this.leafSlots.set(t, slot);
  }
}

/**
 * The walk's stack: tensor being visited, and index of its next input to visit. Kept between
 * walks (a walk runs no user code, so walks never nest): a 10k-op chain's 10k-deep stack is not
 * grown again on every backward. Emptied after each walk, so it keeps no graph alive.
 */
const stack: (Tensor | null)[] = [];
const next: number[] = [];

/**
 * One iterative depth-first walk (deep graphs of 10k+ ops would overflow the JS stack
 * recursively). Sinks are the `targets`, or, without targets, every leaf that requires grad.
 */
function plan(root: Tensor, targetList: readonly Tensor[] | undefined): Plan {
  const targets = targetList === undefined ? null : new Set(targetList);
  const walk = new Walk(targets);
  const order: Tensor[] = [];
  const slots: number[] = [];
  const edges: number[] = [];
  let slotCount = 0;
  let foreignLeaf = false;
  let top = 0;
  let depth = 0;
  if (walk.enter(root)) {
    stack[top] = root;
    next[top++] = 0;
  }
  while (top > 0) {
    const t = stack[top - 1]!;
    const node = t._node;
    const i = next[top - 1]!;
    if (node !== null && i < node.inputs.length) {
      next[top - 1] = i + 1;
      const input = node.inputs[i]!;
      if (walk.enter(input)) {
        stack[top] = input;
        next[top++] = 0;
        if (top > depth) depth = top;
      }
      continue;
    }
    top--;
    // Every input is finished by now (the graph is acyclic), so their slots are final.
    const sink = targets === null ? node === null && t.requiresGrad : targets.has(t);
    if (node === null && t.requiresGrad && !sink) foreignLeaf = true;
    let feeds = false;
    if (node !== null) for (let k = 0; k < node.inputs.length && !feeds; k++) feeds = walk.slotOf(node.inputs[k]!) >= 0;
    if (!sink && !feeds) continue;
    const slot = slotCount++;
    walk.setSlot(t, slot);
    if (node !== null && feeds) {
      order.push(t);
      slots.push(slot);
      for (let k = 0; k < node.inputs.length; k++) edges.push(walk.slotOf(node.inputs[k]!));
    }
  }
  stack.fill(null, 0, Math.max(depth, 1));
  const targetSlots = targetList === undefined ? [] : targetList.map((t) => (walk.visited(t) ? walk.slotOf(t) : -1));
  return { order, slots, edges, slotCount, rootSlot: walk.slotOf(root), targetSlots, foreignLeaf, targetSet: targets };
}

/**
 * Whether the graph of `root` reaches a tensor that requires grad other than through `targets`
 * (a captured parameter, an outer transform's variable): then gradients with respect to the
 * targets may depend on it and must be recorded for an outer derivative.
 */
export function dependsBeyond(root: Tensor, targets: readonly Tensor[]): boolean {
  return plan(root, targets).foreignLeaf;
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
  const { order, slots, edges, slotCount, rootSlot, targetSlots, foreignLeaf, targetSet: targets } = plan(root, request.targets);
  const createGraph = request.createGraph === 'auto' ? foreignLeaf : request.createGraph;
  // grads[slot]: the gradient accumulated so far for the tensor of that slot.
  const grads = new Array<Tensor | undefined>(slotCount).fill(undefined);
  if (rootSlot >= 0) grads[rootSlot] = seed;
  const pass = (): void => {
    let e = edges.length;
    for (let k = order.length - 1; k >= 0; k--) {
      const t = order[k]!;
      const node = t._node!;
      e -= node.inputs.length;
      const g = grads[slots[k]!];
      if (g === undefined) continue;
      if (targets === null || !targets.has(t)) grads[slots[k]!] = undefined;
      checkVersions(node);
      const inputGrads = createGraph && !node.higherOrder ? onceDifferentiable(node, g) : node.backward(g, node);
      for (let i = 0; i < node.inputs.length; i++) {
        const slot = edges[e + i]!;
        let gi = inputGrads[i];
        if (slot < 0 || gi === null || gi === undefined) continue;
        const input = node.inputs[i]!;
        if (!sameShape(gi.shape, input.shape)) gi = gradOps.sumToShape(gi, input.shape);
        if (gi.dtype !== input.dtype) gi = gradOps.cast(gi, input.dtype);
        if (!sameShape(gi.shape, input.shape)) {
          throw new EntropicError('SHAPE', 'backward', `op '${node.op}' produced a gradient of shape ${shapeToString(gi.shape)} for an input of shape ${shapeToString(input.shape)}`);
        }
        if (targets === null && input._node === null) {
          // A leaf: accumulate. The first gradient is copied so no two leaves share storage.
          input.grad = input.grad === null ? gradOps.clone(gi) : gradOps.add(input.grad, gi);
        } else {
          const prev = grads[slot];
          grads[slot] = prev === undefined ? gi : gradOps.add(prev, gi);
        }
      }
    }
  };
  withGrad(createGraph, pass);
  return targetSlots.map((slot) => (slot < 0 ? null : (grads[slot] ?? null)));
}

function checkVersions(node: GradNode): void {
  const { saved, versions } = node;
  for (let i = 0; i < saved.length; i++) {
    const t = saved[i]!;
    const then = versions === null ? 0 : versions[i]!;
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
  const grads = withGrad(false, () => node.backward(g, node));
  const sources = [g, ...node.inputs].filter((t) => t.requiresGrad);
  if (sources.length === 0) return grads;
  return grads.map((gi) => {
    if (gi === null || gi === undefined) return null;
    const tied = gi.detach();
    tied._node = new GradNode(`${node.op} (gradient)`, sources, () => {
      throw new EntropicError(
        'AUTOGRAD',
        'backward',
        `cannot differentiate the gradient of '${node.op}' (shape ${shapeToString(gi.shape)}): its backward is hand-written and once-differentiable; ` +
          'write it with core ops and record it with { higherOrder: true } to use it under createGraph (higher-order gradients, hessian, hvp)',
      );
    }, true, NOTHING, null);
    return tied;
  });
}
