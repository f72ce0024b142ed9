// Where a W1 iteration spends its time on the WebAssembly backend: run with --cpu-prof.
import { setBackend } from '@entropic/core';
import { logisticData } from '../../model/bench/data.js';
import * as ours from '../../model/bench/ours.js';
import { createWasmBackend } from '../src/index.js';

const be = await createWasmBackend({ threads: Number(process.env.THREADS ?? 1) });
setBackend(be);
const data = logisticData(200_000, 100, 1);
ours.w1(data, 3, 0.5);
const t0 = performance.now();
const r = ours.w1(data, 20, 0.5);
console.log(`${((performance.now() - t0) / 20).toFixed(1)} ms/iter, loss ${r.finalLoss}`);
be.dispose();
