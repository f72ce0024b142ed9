/**
 * The compute seam: every number Entropic computes goes through a named kernel of the active
 * backend. A backend is an object with a `name` and any subset of the kernels in `kernels.ts`
 * (as methods); kernels can also be registered for a backend's name with `registerKernel`
 * (TensorFlow.js's registry, keyed by (kernel, backend)). Each kernel resolves, once per
 * `setBackend` / `registerKernel`, to the first of:
 *   1. the backend object's own kernel,
 *   2. the kernel registered for (kernel, backend name),
 *   3. the CPU kernel registered for (kernel, 'cpu'),
 * so a backend may start small. A kernel found nowhere throws an EntropicError when called.
 * Ops call `backend().<kernel>(…)`: the resolved set is a plain object, so a call is one
 * property load, as fast as before the registry existed.
 */
import { allocate, hold } from './storage.js';
import { allFinite } from './finite.js';
import { binary, cast, clamp, unary, unaryGrad, where } from './elementwise.js';
import { reduce } from './reduce.js';
import { addToSlice, gather, indexAdd, indexSelect, scatterAdd, slice, transpose } from './layout.js';
import { gemm } from './gemm.js';
import { biasAdd, columnSum } from './linear.js';
import { linearBceWithLogits } from './linear-bce.js';
import { bceBackward, bceForward, bceWithLogitsBackward, bceWithLogitsForward, mseBackward, mseForward } from './loss-pair.js';
import {
  crossEntropyBackward, crossEntropyForward, nllBackward, nllForward, softCrossEntropyBackward, softCrossEntropyForward,
} from './loss-classes.js';
import { adagradUpdate, adamUpdate, rmspropUpdate, sgdUpdate } from './optim.js';
import { axpy, dot, scale } from './blas1.js';
import type { KernelName, Kernels } from './kernels.js';
import { describeValue, fail } from '../errors.js';

export type * from './kernels.js';

/** A backend as written: a name and any subset of the kernels. */
export type Backend = {
  /** The backend's name, e.g. `'cpu'` or `'wasm'` (kernels are registered under it). */
  readonly name: string;
} & Partial<Kernels>;

/** What `backend()` returns: every kernel resolved (the backend's own, registered, or the CPU's). */
export type KernelSet = {
  /** The active backend's name. */
  readonly name: string;
} & Kernels;

/** Any kernel function (kernels registered under names of their own have any signature). */
// biome-ignore lint/suspicious/noExplicitAny: a registry holds kernels of every signature.
export type KernelFunc = (...args: any[]) => unknown;

/**
 * A kernel registered for one backend with {@link registerKernel}: the kernel's name, the backend's name and the function.
 */
export interface KernelConfig<K extends string = string> {
  /** The kernel's name: one of core's kernels, or a name of your own. */
  kernelName: K;
  /** The backend (its `name`) the kernel belongs to. */
  backendName: string;
  /** The implementation, with the kernel's signature. */
  kernelFunc: K extends KernelName ? Kernels[K] : KernelFunc;
}

/** The JavaScript kernels: synchronous, everywhere; every other backend falls back to them. */
export const cpuBackend: KernelSet = Object.freeze({
  name: 'cpu',
  allocate,
  hold,
  allFinite,
  cast,
  unary,
  unaryGrad,
  binary,
  clamp,
  where,
  reduce,
  gemm,
  transpose,
  slice,
  addToSlice,
  gather,
  scatterAdd,
  indexSelect,
  indexAdd,
  biasAdd,
  columnSum,
  bceForward,
  bceBackward,
  bceWithLogitsForward,
  bceWithLogitsBackward,
  linearBceWithLogits,
  mseForward,
  mseBackward,
  crossEntropyForward,
  crossEntropyBackward,
  softCrossEntropyForward,
  softCrossEntropyBackward,
  nllForward,
  nllBackward,
  dot,
  axpy,
  scale,
  sgdUpdate,
  adamUpdate,
  rmspropUpdate,
  adagradUpdate,
});

/** The name of every built-in kernel (what a complete backend provides). */
export const kernelNames: readonly KernelName[] = Object.freeze(
  Object.keys(cpuBackend).filter((k) => k !== 'name') as KernelName[],
);

/** backend name → kernel name → kernel. */
const registry = new Map<string, Map<string, KernelFunc>>();
/** The backend object as given to setBackend, and its resolved kernel set. */
let installed: Backend = cpuBackend;
let active: KernelSet = cpuBackend;

for (const name of kernelNames) registerKernel({ kernelName: name, backendName: 'cpu', kernelFunc: cpuBackend[name] });

/** The active kernel set: every op, loss, optimizer update and model computes through it. */
export function backend(): KernelSet {
  return active;
}

/**
 * Installs `next` (an object with a `name` and any subset of the kernels) and returns the
 * backend that was installed before, so `setBackend(previous)` restores it. Kernels `next` lacks
 * come from the registry for its name, then from the CPU backend.
 */
export function setBackend(next: Backend): Backend {
  checkBackend(next);
  const previous = installed;
  active = resolve(next);
  installed = next;
  return previous;
}

/**
 * Registers `kernelFunc` as kernel `kernelName` of the backend called `backendName`. Kernel
 * names outside the built-in set are allowed (reach them with `kernel(name)`). Registering a
 * (kernel, backend) pair twice throws; `unregisterKernel` first to replace one.
 */
export function registerKernel<K extends string>(config: KernelConfig<K>): void {
  const fn = 'registerKernel';
  if (typeof config !== 'object' || config === null) fail('TYPE', fn, `expected { kernelName, backendName, kernelFunc }, got ${describeValue(config)}`);
  const { kernelName, backendName, kernelFunc } = config;
  if (typeof kernelName !== 'string' || kernelName === '') fail('TYPE', fn, `expected kernelName to be a non-empty string, got ${describeValue(kernelName)}`);
  if (typeof backendName !== 'string' || backendName === '') fail('TYPE', fn, `expected backendName to be a non-empty string, got ${describeValue(backendName)}`);
  if (typeof kernelFunc !== 'function') fail('TYPE', fn, `expected kernelFunc to be a function, got ${describeValue(kernelFunc)}`);
  let kernels = registry.get(backendName);
  if (kernels === undefined) {
    kernels = new Map();
    registry.set(backendName, kernels);
  }
  if (kernels.has(kernelName)) {
    fail('STATE', fn, `expected a new (kernel, backend) pair, got '${kernelName}' for backend '${backendName}', which is already registered; call unregisterKernel first to replace it`);
  }
  kernels.set(kernelName, kernelFunc as KernelFunc);
  refresh();
}

/** Removes the kernel registered for (kernelName, backendName); throws if there is none. */
export function unregisterKernel(kernelName: string, backendName: string): void {
  const kernels = registry.get(backendName);
  if (kernels === undefined || !kernels.delete(kernelName)) {
    fail('STATE', 'unregisterKernel', `expected a registered kernel, got none named '${kernelName}' for backend '${backendName}'`);
  }
  refresh();
}

/**
 * The active backend's kernel `name`, resolved as ops resolve theirs (own, registered, CPU).
 * Throws an EntropicError (code STATE) naming the backend when no kernel of that name exists.
 */
export function kernel<K extends string>(name: K): K extends KernelName ? Kernels[K] : KernelFunc {
  const found = lookup(installed, name);
  if (found === undefined) missing(installed.name, name)();
  return found as K extends KernelName ? Kernels[K] : KernelFunc;
}

function lookup(b: Backend, name: string): KernelFunc | undefined {
  const own = (b as unknown as Record<string, unknown>)[name];
  if (typeof own === 'function') return own as KernelFunc;
  return registry.get(b.name)?.get(name) ?? registry.get('cpu')?.get(name);
}

function missing(backendName: string, name: string): KernelFunc {
  return () => {
    fail('STATE', name, `expected backend '${backendName}' or the CPU backend to provide kernel '${name}', got neither (register one with registerKernel)`);
  };
}

/**
 * The kernel set ops call: `b` itself when it provides every kernel (the CPU backend does), else
 * an object inheriting from `b` (so its other properties stay readable through `backend()`) with
 * every kernel: b's own bound to b (so `this`, private fields included, is b), the others from
 * the registry.
 */
function resolve(b: Backend): KernelSet {
  const own = b as unknown as Record<string, unknown>;
  if (kernelNames.every((name) => typeof own[name] === 'function')) return b as KernelSet;
  const view = Object.create(b) as Record<string, unknown>;
  for (const name of kernelNames) {
    const mine = own[name];
    view[name] = typeof mine === 'function' ? mine.bind(b) : (lookup(b, name) ?? missing(b.name, name));
  }
  return view as unknown as KernelSet;
}

function refresh(): void {
  active = resolve(installed);
}

function checkBackend(b: unknown): asserts b is Backend {
  const fn = 'setBackend';
  if (typeof b !== 'object' || b === null) fail('TYPE', fn, `expected a backend object { name, …kernels }, got ${describeValue(b)}`);
  const name = (b as { name?: unknown }).name;
  if (typeof name !== 'string' || name === '') fail('TYPE', fn, `expected the backend's name to be a non-empty string, got ${describeValue(name)}`);
  for (const k of kernelNames) {
    const v = (b as Record<string, unknown>)[k];
    if (v !== undefined && typeof v !== 'function') fail('TYPE', fn, `expected kernel '${k}' of backend '${name}' to be a function, got ${describeValue(v)}`);
  }
}
