/**
 * Worker threads that share the kernels' WebAssembly memory, driven synchronously.
 *
 * A parallel kernel is cut into chunks (ranges of rows or of columns of its output). The calling
 * thread writes the job into the control block, bumps a generation counter, `Atomics.notify`s,
 * and then claims chunks itself like any worker; when none are left it waits (polling briefly,
 * then `Atomics.wait`) until every claimed chunk is done. Chunks are claimed one at a time with a
 * compare-and-swap, so a worker that the OS schedules late (a loaded machine) just finds nothing
 * left: the job never waits for a thread that has not started. Ops stay synchronous, with no
 * promise anywhere.
 *
 * Control block (Int32 words from `control`):
 *   [0] generation   [1] claim = (generation & 0xffff) << 16 | next chunk   [2] chunks done
 *   [3] shutdown     [4] chunk count   [5] kernel index   [6] 1: chunks are rows, 0: columns
 *   [7] chunk size   [8] extent (rows or columns in all)   [9] work base   [10] work bytes per thread
 *   [11] argument count
 *   f64 from byte 64: the kernel's arguments (for a chunked job, the gemm signature: see WorkerKernel).
 */
import { CONTROL_BYTES } from './memory.js';

const GENERATION = 0;
const CLAIM = 1;
const DONE = 2;
const SHUTDOWN = 3;
const TOTAL = 4;
const KERNEL = 5;
const BY_ROWS = 6;
const STEP = 7;
const EXTENT = 8;
const WORK_BASE = 9;
const WORK_BYTES = 10;
const ARG_COUNT = 11;
const ARGS = 64 / 8;
/** Most arguments a kernel may take. */
const MAX_ARGS = 16;
/**
 * How long a thread polls (Atomics.load) before it blocks in Atomics.wait, in ms. A wake-up from
 * a futex costs tens of µs, but on a machine with more runnable threads than cores, polling
 * longer takes time slices from the calling thread itself (1 ms was measured slower there).
 */
const SPIN_MS = 0.2;
/** Polls between two looks at the clock. */
const POLLS = 1024;

/**
 * The exports a worker may run. The gemms (signature m0, m1, n0, n1, …, work: the work area is
 * the last argument) are cut into chunks, each setting m0..m1 or n0..n1 and its thread's work
 * area; the streamed skinny products run as single tasks (`post`), overlapping the next copy, or,
 * over a held X, as row ranges cut the same way (m0, m1 first, work last).
 */
export const WORKER_KERNELS = ['gemmF32', 'gemmF64', 'dotRowsF32', 'streamRowsF32', 'dotRowsRangeF32', 'streamRowsRangeF32', 'linearBceWithLogitsF32'] as const;
export type WorkerKernel = (typeof WORKER_KERNELS)[number];

/**
 * Claims and runs chunks of the current job until none are left; shared by the workers (as
 * source text) and the calling thread. `self` is the thread's index (0: the calling thread).
 */
function runChunks(i32: Int32Array, f64: Float64Array, kernels: ((...args: number[]) => void)[], self: number, gen: number): void {
  const args: number[] = [];
  for (;;) {
    const w = Atomics.load(i32, 1);
    if (w >>> 16 !== (gen & 0xffff)) return;
    const chunk = w & 0xffff;
    if (chunk >= Atomics.load(i32, 4)) return;
    if (Atomics.compareExchange(i32, 1, w, w + 1) !== w) continue;
    // The chunk is ours: the job's descriptor stays put until every chunk is done.
    args.length = 0;
    const count = i32[11]!;
    for (let a = 0; a < count; a++) args.push(f64[8 + a]!);
    const step = i32[7]!;
    // step 0: a single task, its arguments as given; else a gemm range and this thread's work area.
    if (step > 0) {
      const lo = chunk * step;
      const hi = Math.min(i32[8]!, lo + step);
      if (i32[6] === 1) {
        args[0] = lo;
        args[1] = hi;
      } else {
        args[2] = lo;
        args[3] = hi;
      }
      args[count - 1] = i32[9]! + self * i32[10]!;
    }
    try {
      kernels[i32[5]!]!(...args);
    } finally {
      // Always count the chunk, so that a failure cannot leave the calling thread waiting.
      if (Atomics.add(i32, 2, 1) + 1 === i32[4]) Atomics.notify(i32, 2);
    }
  }
}

/**
 * The worker's program, as source text (it runs from a string in Node's `eval` mode or from a
 * Blob URL in a browser, so the package ships no separate worker file). `start(module, memory,
 * control, index, names, post)` instantiates the kernels on the shared memory and serves jobs
 * until the shutdown word is set.
 */
export const WORKER_SOURCE = `
// Bound to a name here rather than relying on the function's own name, which a minifier renames.
const runChunks = (${runChunks.toString()});
function start(module, memory, control, index, names, post) {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const kernels = names.map((n) => instance.exports[n]);
  const i32 = new Int32Array(memory.buffer, control, ${CONTROL_BYTES / 4});
  const f64 = new Float64Array(memory.buffer, control, ${CONTROL_BYTES / 8});
  let seen = Atomics.load(i32, ${GENERATION});
  post('ready');
  for (;;) {
    const t0 = performance.now();
    let polls = 0;
    while (Atomics.load(i32, ${GENERATION}) === seen) {
      if (++polls % ${POLLS} === 0 && performance.now() - t0 > ${SPIN_MS}) Atomics.wait(i32, ${GENERATION}, seen);
    }
    seen = Atomics.load(i32, ${GENERATION});
    if (Atomics.load(i32, ${SHUTDOWN}) !== 0) return;
    runChunks(i32, f64, kernels, index + 1, seen);
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

/** A range-splittable kernel call: the gemm arguments, and how to cut them. */
export interface ChunkedJob {
  kernel: WorkerKernel;
  /** The arguments; m0..m1 / n0..n1 and work (the last) are set per chunk. */
  args: readonly number[];
  byRows: boolean;
  /** Rows (byRows) or columns in all. */
  extent: number;
  /** Rows or columns per chunk. */
  step: number;
  workBase: number;
  workBytes: number;
}

export class ThreadPool {
  private readonly i32: Int32Array;
  private readonly f64: Float64Array;
  private readonly workers: WorkerHandle[];
  private generation = 0;
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

  /** Runs `job`'s chunks on the workers and the calling thread (`kernels`: the calling thread's exports in WORKER_KERNELS order); returns when all are done. */
  run(job: ChunkedJob, kernels: readonly ((...args: number[]) => void)[]): void {
    this.begin(job.kernel, job.args, Math.ceil(job.extent / job.step), job);
    this.finish(kernels);
  }

  /**
   * Hands one task (`kernel` with `args`) to the workers and returns at once; `finish()` waits
   * for it, running it on the calling thread if no worker has taken it by then.
   */
  post(kernel: WorkerKernel, args: readonly number[]): void {
    this.begin(kernel, args, 1, null);
  }

  /** Claims what is left of the current job, then waits until all of it is done. */
  finish(kernels: readonly ((...args: number[]) => void)[]): void {
    const { i32, f64 } = this;
    const total = i32[TOTAL]!;
    try {
      runChunks(i32, f64, kernels as ((...args: number[]) => void)[], 0, this.generation);
    } finally {
      const t0 = performance.now();
      let polls = 0;
      for (;;) {
        const done = Atomics.load(i32, DONE);
        if (done >= total) break;
        if (++polls % POLLS === 0 && performance.now() - t0 > SPIN_MS) Atomics.wait(i32, DONE, done);
      }
    }
  }

  private begin(kernel: WorkerKernel, args: readonly number[], total: number, cut: ChunkedJob | null): void {
    const { i32, f64 } = this;
    if (total > 0xffff) throw new RangeError(`backend-wasm: at most 65535 chunks, got ${total}`);
    if (args.length > MAX_ARGS) throw new RangeError(`backend-wasm: at most ${MAX_ARGS} kernel arguments, got ${args.length}`);
    this.generation = (this.generation + 1) | 0;
    const gen = this.generation;
    // Race trap: a worker may still sit in runChunks for the last job, holding an old claim word
    // it has not yet tried to swap. Close the claim word (new tag, chunk 0xffff ≥ any total)
    // before the job's words change, so such a swap fails instead of claiming a chunk of this
    // job against the old count, which would let `finish` return before that chunk is written.
    Atomics.store(i32, CLAIM, ((gen & 0xffff) << 16) | 0xffff);
    for (let a = 0; a < args.length; a++) f64[ARGS + a] = args[a]!;
    i32[ARG_COUNT] = args.length;
    i32[KERNEL] = WORKER_KERNELS.indexOf(kernel);
    i32[BY_ROWS] = cut?.byRows ? 1 : 0;
    i32[STEP] = cut?.step ?? 0;
    i32[EXTENT] = cut?.extent ?? 0;
    i32[WORK_BASE] = cut?.workBase ?? 0;
    i32[WORK_BYTES] = cut?.workBytes ?? 0;
    Atomics.store(i32, TOTAL, total);
    Atomics.store(i32, DONE, 0);
    // Open: chunk 0 of this job, now that every word of it is written.
    Atomics.store(i32, CLAIM, (gen & 0xffff) << 16);
    Atomics.store(i32, GENERATION, gen);
    Atomics.notify(i32, GENERATION);
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
