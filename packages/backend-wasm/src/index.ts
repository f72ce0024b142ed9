/**
 * @entropic/backend-wasm: WebAssembly SIMD kernels for Entropic, on worker threads where the
 * platform allows.
 *
 *   import { setBackend } from '@entropic/core';
 *   import { createWasmBackend } from '@entropic/backend-wasm';
 *   setBackend(await createWasmBackend());            // threads: the available cores
 */
import { EntropicError, opt, parseOptions } from '@entropic/core';
import { type WasmBackend, makeBackend } from './backend.js';
import { WasmHeap } from './memory.js';
import { type KernelExports, MAX_PAGES, kernelsModule } from './module.js';
import { availableCores, workerSpawner } from './platform.js';
import { ThreadPool } from './threads.js';

export type { WasmBackend, WasmKernels } from './backend.js';
export type { CrossEntropyCache, CrossEntropyTotals } from './ops/losses.js';
export type { SgdHyper, AdamHyper } from './ops/optim.js';

export interface WasmBackendOptions {
  /**
   * Threads to split large kernels over, the calling thread included (default: the available
   * cores). More than one needs worker threads: Node's worker_threads, or Web Workers inside a
   * cross-origin isolated browser worker; elsewhere the backend runs on one thread (see
   * `backend.threads`).
   */
  threads?: number;
  /**
   * Kernels on fewer elements than this (a matrix product: fewer multiply-adds) run on core's
   * CPU backend, where copying into WebAssembly would cost more than it saves. Default: the
   * crossovers measured for each kind of kernel (see the README). 0 sends every kernel that has a
   * WebAssembly version there, whatever its size (tests use it).
   */
  minSize?: number;
}

const schema = { threads: opt.number({ integer: true, min: 1, max: 256 }), minSize: opt.number({ integer: true, min: 0 }) };

/**
 * Loads the WebAssembly kernels (embedded in the package: no file or network access) and starts
 * the worker threads; `setBackend(await createWasmBackend())` makes every op compute with them.
 */
export async function createWasmBackend(options?: WasmBackendOptions): Promise<WasmBackend> {
  const o = parseOptions('createWasmBackend', options, schema);
  const requested = o.threads ?? (await availableCores());
  const spawn = requested > 1 ? await workerSpawner() : 'one thread was asked for';
  const shared = typeof spawn !== 'string';
  let memory: WebAssembly.Memory;
  let module: WebAssembly.Module;
  let instance: WebAssembly.Instance;
  try {
    module = await kernelsModule(shared);
    memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared });
    instance = await WebAssembly.instantiate(module, { env: { memory } });
  } catch (e) {
    throw new EntropicError('STATE', 'createWasmBackend', `expected a platform with WebAssembly SIMD, got an error compiling the kernels: ${String(e)}`, { cause: e });
  }
  const ex = instance.exports as unknown as KernelExports;
  const threads = shared ? requested : 1;
  const heap = new WasmHeap(memory, threads, ex.gemmWorkBytes());
  const pool = shared && threads > 1 ? await ThreadPool.start(module, memory, heap.control, threads - 1, spawn) : null;
  return makeBackend({ heap, ex, pool }, o.minSize);
}
