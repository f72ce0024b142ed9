// Where a W3 step spends its time on the WebAssembly backend: run with --cpu-prof.
import { setBackend } from '@entropic/core';
import { MLP } from '@entropic/model';
import { prototypeData } from '../../model/bench/data.js';
import * as ours from '../../model/bench/ours.js';
import { createWasmBackend } from '../src/index.js';

const be = await createWasmBackend({ threads: Number(process.env.THREADS ?? 1) });
setBackend(be);
const data = prototypeData(Number(process.env.N ?? 20_000), 784, 10, 2);
ours.w3(data, new MLP([784, 256, 10], { seed: 7 }), 128, 0.01, 42);
const t0 = performance.now();
const r = ours.w3(data, new MLP([784, 256, 10], { seed: 7 }), 128, 0.01, 42);
console.log(`${(data.n / ((performance.now() - t0) / 1000)).toFixed(0)} samples/s, loss ${r.finalLoss}`);
be.dispose();
