/**
 * Worker threads that share the kernels' WebAssembly memory, driven synchronously.
 *
 * The calling thread writes each worker's share of a kernel (export name and arguments) into a
 * slot of the control block, bumps a generation counter and `Atomics.notify`s, computes its own
 * share, then waits (spinning briefly, then `Atomics.wait`) until the workers have counted the
 * `remaining` word down to zero. Ops therefore stay synchronous, with no promise anywhere.
 *
 * Control block (Int32 words from `control`):
 *   [0] generation  [1] remaining  [2] shutdown
 *   slot t at control + SLOT0 + t·SLOT_BYTES: [0] kernel index (−1: nothing to do), [1] argc,
 *   then up to MAX_ARGS f64 arguments from byte 8.
 */
import { CONTROL_BYTES } from './memory.js';

const GENERATION = 0;
const REMAINING = 1;
const SHUTDOWN = 2;
const SLOT0 = 64;
const SLOT_BYTES = 256;
const MAX_ARGS = (SLOT_BYTES - 8) / 8;
/** Spins (Atomics.load polls, ~10 ns each) before a thread blocks in Atomics.wait: a wake-up from a futex costs tens of µs. */
const SPINS = 20_000;

/** The names of the exports a worker may run, in slot-index order. */
export const WORKER_KERNELS = ['gemmF32', 'gemmF64'] as const;
export type WorkerKernel = (typeof WORKER_KERNELS)[number];

/** One share of a kernel: which export, with which arguments. */
export interface Share {
  kernel: WorkerKernel;
  args: readonly number[];
}

/**
 * The worker's program, as source text (it runs from a string in Node's `eval` mode or from a
 * Blob URL in a browser, so the package ships no separate worker file). `start(module, memory,
 * control, index, names, post)` instantiates the kernels on the shared memory and serves jobs
 * until the shutdown word is set.
 */
export const WORKER_SOURCE = `
function start(module, memory, control, index, names, post) {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const kernels = names.map((n) => instance.exports[n]);
  const i32 = new Int32Array(memory.buffer, control, ${CONTROL_BYTES / 4});
  const f64 = new Float64Array(memory.buffer, control, ${CONTROL_BYTES / 8});
  const slot = (${SLOT0} + index * ${SLOT_BYTES}) / 4;
  let seen = Atomics.load(i32, ${GENERATION});
  post('ready');
  for (;;) {
    let spins = 0;
    while (Atomics.load(i32, ${GENERATION}) === seen) {
      if (++spins > ${SPINS}) Atomics.wait(i32, ${GENERATION}, seen);
    }
    seen = Atomics.load(i32, ${GENERATION});
    if (Atomics.load(i32, ${SHUTDOWN}) !== 0) return;
    const k = i32[slot];
    try {
      if (k >= 0) {
        const argc = i32[slot + 1];
        const args = [];
        for (let a = 0; a < argc; a++) args.push(f64[slot / 2 + 1 + a]);
        kernels[k](...args);
      }
    } finally {
      // Always count down, so that a failing share cannot leave the calling thread waiting.
      if (Atomics.sub(i32, ${REMAINING}, 1) === 1) Atomics.notify(i32, ${REMAINING});
    }
  }
}
`;

/** What a platform must provide to start a worker running WORKER_SOURCE. */
export interface WorkerHandle {
  /** Resolves once the worker has instantiated the module and waits for jobs. */
  ready: Promise<void>;
  terminate(): void;
}

export type SpawnWorker = (module: WebAssembly.Module, memory: WebAssembly.Memory, control: number, index: number) => WorkerHandle;

export class ThreadPool {
  private readonly i32: Int32Array;
  private readonly f64: Float64Array;
  private readonly workers: WorkerHandle[];
  private disposed = false;

  private constructor(memory: WebAssembly.Memory, control: number, workers: WorkerHandle[]) {
    this.i32 = new Int32Array(memory.buffer, control, CONTROL_BYTES / 4);
    this.f64 = new Float64Array(memory.buffer, control, CONTROL_BYTES / 8);
    this.workers = workers;
  }

  /** Starts `count` workers on `memory` and waits until each one is ready. */
  static async start(module: WebAssembly.Module, memory: WebAssembly.Memory, control: number, count: number, spawn: SpawnWorker): Promise<ThreadPool> {
    const workers: WorkerHandle[] = [];
    try {
      for (let i = 0; i < count; i++) workers.push(spawn(module, memory, control, i));
      await Promise.all(workers.map((w) => w.ready));
    } catch (e) {
      for (const w of workers) w.terminate();
      throw e;
    }
    return new ThreadPool(memory, control, workers);
  }

  /** Number of worker threads (the calling thread is not counted). */
  get size(): number {
    return this.disposed ? 0 : this.workers.length;
  }

  /**
   * Runs `shares[t]` on worker t (a missing share: the worker idles) while `own()` runs on the
   * calling thread; returns when all are done.
   */
  run(shares: readonly (Share | null)[], own: () => void): void {
    const i32 = this.i32;
    const n = this.workers.length;
    for (let t = 0; t < n; t++) {
      const s = shares[t] ?? null;
      const slot = (SLOT0 + t * SLOT_BYTES) / 4;
      if (s === null) {
        i32[slot] = -1;
        continue;
      }
      if (s.args.length > MAX_ARGS) throw new RangeError(`backend-wasm: at most ${MAX_ARGS} kernel arguments, got ${s.args.length}`);
      i32[slot] = WORKER_KERNELS.indexOf(s.kernel);
      i32[slot + 1] = s.args.length;
      const f = slot / 2 + 1;
      for (let a = 0; a < s.args.length; a++) this.f64[f + a] = s.args[a]!;
    }
    Atomics.store(i32, REMAINING, n);
    Atomics.add(i32, GENERATION, 1);
    Atomics.notify(i32, GENERATION);
    try {
      own();
    } finally {
      let spins = 0;
      for (;;) {
        const left = Atomics.load(i32, REMAINING);
        if (left === 0) break;
        if (++spins > SPINS) Atomics.wait(i32, REMAINING, left);
      }
    }
  }

  /** Stops the workers (their memory stays valid for the calling thread). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    Atomics.store(this.i32, SHUTDOWN, 1);
    Atomics.add(this.i32, GENERATION, 1);
    Atomics.notify(this.i32, GENERATION);
    for (const w of this.workers) w.terminate();
  }
}
