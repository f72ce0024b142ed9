import type { WasmHeap } from '../memory.js';
import type { KernelExports } from '../module.js';
import type { ThreadPool } from '../threads.js';

/** What every kernel adapter works with: the memory, the module's exports, the workers (if any). */
export interface Context {
  readonly heap: WasmHeap;
  readonly ex: KernelExports;
  readonly pool: ThreadPool | null;
}
