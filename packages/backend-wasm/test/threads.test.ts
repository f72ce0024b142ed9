/**
 * The thread pool's hand-over between jobs, on the calling thread alone (no workers, JavaScript
 * kernels that record their chunks), with a late worker simulated at the worst moment.
 */
import { expect, it } from 'vitest';
import { type ChunkedJob, ThreadPool, WORKER_KERNELS } from '../src/threads.js';

const CLAIM = 1;
const TOTAL = 4;

function job(extent: number): ChunkedJob {
  // byRows, one row per chunk: the kernel's first argument is the chunk's first row.
  return { kernel: 'gemmF32', args: [0, 0, 0, 0], byRows: true, extent, step: 1, workBase: 0, workBytes: 0 };
}

it('a worker late from the last job cannot claim a chunk of the next one while that job is written', async () => {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
  const pool = await ThreadPool.start(null as never, memory, 0, 0, () => {
    throw new Error('no workers in this test');
  });
  const i32 = new Int32Array(memory.buffer, 0, 16);
  const ran: number[] = [];
  const kernels = WORKER_KERNELS.map(() => (...args: number[]) => void ran.push(args[0]!));

  pool.run(job(1), kernels);
  expect(ran).toEqual([0]);
  // A worker that ran the last chunk of that job reads the claim word (no chunk left), is
  // descheduled, and reads the chunk count only once the next, longer job has written its own.
  const stale = Atomics.load(i32, CLAIM);
  const store = Atomics.store;
  const swaps: number[] = [];
  Atomics.store = ((array: Int32Array, index: number, value: number) => {
    const r = store(array, index, value);
    if (array.buffer === memory.buffer && array.byteOffset === 0 && index === TOTAL) {
      // What the late worker sees: a chunk index below the new count, so it tries to claim it.
      expect(stale & 0xffff).toBeLessThan(Atomics.load(i32, TOTAL));
      swaps.push(Atomics.compareExchange(i32, CLAIM, stale, stale + 1));
    }
    return r;
  }) as typeof Atomics.store;
  try {
    pool.run(job(4), kernels);
  } finally {
    Atomics.store = store;
  }
  // The swap failed (the claim word had changed), and each chunk of the new job ran once.
  expect(swaps).toHaveLength(1);
  expect(swaps[0]).not.toBe(stale);
  expect(ran).toEqual([0, 0, 1, 2, 3]);
  pool.dispose();
});
