import { EntropicError } from '@entropic/core';
import { WasmHeap } from '../memory.js';
import { type KernelExports, MAX_PAGES, kernelsModule } from '../module.js';
import { availableCores, workerSpawner } from '../platform.js';
import { ThreadPool, WORKER_KERNELS } from '../threads.js';

/** What every kernel adapter works with: the memory, the module's exports, the workers (if any). */
export interface Context {
  readonly heap: WasmHeap;
  readonly ex: KernelExports;
  readonly pool: ThreadPool | null;
  /** The exports the thread pool may run, in WORKER_KERNELS order (the calling thread's instance). */
  readonly threadKernels: readonly ((...args: number[]) => void)[];
}

/**
 * Compiles the kernels, lays out the memory and starts `threads − 1` workers (default: one per
 * available core, minus the calling thread). Falls back to one thread where workers or shared
 * memory are unavailable.
 */
export async function createContext(threads?: number): Promise<Context> {
  const requested = threads ?? (await availableCores());
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
  const count = shared ? requested : 1;
  const heap = new WasmHeap(memory, count, ex.gemmWorkBytes());
  const pool = shared && count > 1 ? await ThreadPool.start(module, memory, heap.control, count - 1, spawn) : null;
  const threadKernels = WORKER_KERNELS.map((k) => ex[k] as (...args: number[]) => void);
  return { heap, ex, pool, threadKernels };
}
