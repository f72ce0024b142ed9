/**
 * @entropic/backend-wasm: WebAssembly SIMD kernels for Entropic, on worker threads where the
 * platform allows.
 *
 *   import { setBackend } from '@entropic/core';
 *   import { createWasmBackend } from '@entropic/backend-wasm';
 *   setBackend(await createWasmBackend());            // threads: the available cores
 */
import { opt, parseOptions } from '@entropic/core';
import { type WasmBackend, makeBackend } from './backend.js';
import { createContext } from './ops/context.js';

export type { WasmBackend } from './backend.js';

/** Options of {@link createWasmBackend}. */
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
  return makeBackend(await createContext(o.threads), o.minSize);
}
