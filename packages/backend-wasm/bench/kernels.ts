/**
 * Per-kernel crossovers: the CPU kernel against the WebAssembly one (forced with minSize 0, one
 * thread) on the same arguments, interleaved, best of several runs. The routing thresholds in
 * src/backend.ts come from this.   node --conditions=@entropic/source --import tsx bench/kernels.ts
 */
import { cpuBackend } from '@entropic/core';
import { createWasmBackend } from '../src/index.js';

const be = await createWasmBackend({ threads: 1, minSize: 0 });
const be2 = await createWasmBackend({ threads: 2, minSize: 0 });

function best(fn: () => void, reps: number): number {
  let t = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) fn();
    t = Math.min(t, (performance.now() - t0) / reps);
  }
  return t * 1000;
}

function row(label: string, cpu: () => void, wasm: () => void, wasm2?: () => void): void {
  const reps = 20;
  for (let w = 0; w < 3; w++) {
    cpu();
    wasm();
    wasm2?.();
  }
  const c = best(cpu, reps);
  const w = best(wasm, reps);
  const w2 = wasm2 ? best(wasm2, reps) : Number.NaN;
  console.log(`${label.padEnd(34)} cpu ${c.toFixed(1).padStart(8)} µs   wasm ${w.toFixed(1).padStart(8)} µs   wasm×2 ${Number.isNaN(w2) ? '     —' : w2.toFixed(1).padStart(8)} µs   cpu/wasm ${(c / w).toFixed(2)}`);
}

const rnd = (n: number) => Float32Array.from({ length: n }, () => Math.random() - 0.5);
for (const n of [16, 64, 256, 4096, 65536, 1 << 20]) {
  const x = rnd(n);
  const o = new Float32Array(n);
  row(`exp f32 n=${n}`, () => cpuBackend.unary('exp', x, o), () => be.unary('exp', x, o));
}
for (const n of [1024, 4096, 32768, 1 << 20]) {
  const a = rnd(n);
  const b = rnd(n);
  const o = new Float32Array(n);
  row(`add f32 n=${n}`, () => cpuBackend.binary('add', a, [n], b, [n], o, [n]), () => be.binary('add', a, [n], b, [n], o, [n]));
}
for (const [r, c] of [[128, 10], [128, 256], [1024, 256]] as const) {
  const x = rnd(r * c);
  const bias = rnd(c);
  const o = new Float32Array(c);
  row(`biasAdd f32 ${r}×${c}`, () => cpuBackend.biasAdd(x, r, c, bias), () => be.biasAdd(x, r, c, bias));
  row(`columnSum f32 ${r}×${c}`, () => cpuBackend.columnSum(x, r, c, o), () => be.columnSum(x, r, c, o));
  const s = new Float32Array(r);
  row(`sum rows f32 ${r}×${c}`, () => cpuBackend.reduce('sum', x, [r, c], [1], s), () => be.reduce('sum', x, [r, c], [1], s));
}
for (const n of [8, 16, 32, 64, 128]) {
  const a = rnd(n * n);
  const b = rnd(n * n);
  const c = new Float32Array(n * n);
  row(`gemm f32 ${n}³`, () => cpuBackend.gemm(n, n, n, a, 0, n, 1, b, 0, n, 1, c, 0), () => be.gemm(n, n, n, a, 0, n, 1, b, 0, n, 1, c, 0));
}
for (const [m, n, k] of [[128, 256, 784], [256, 784, 128], [128, 10, 784], [10, 784, 128], [128, 784, 256]] as const) {
  const a = rnd(m * k);
  const b = rnd(k * n);
  const c = new Float32Array(m * n);
  row(`gemm f32 ${m}×${k}·${k}×${n}`, () => cpuBackend.gemm(m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0), () => be.gemm(m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0), () => be2.gemm(m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0));
}
for (const n of [1000, 10000, 200000]) {
  const input = rnd(n).map((v) => v * 10);
  const target = Float32Array.from({ length: n }, () => (Math.random() < 0.5 ? 0 : 1));
  const cache = new Float32Array(n);
  const args = { input, target, weight: null, posWeight: null, out: null, cache };
  row(`bceWithLogitsForward f32 n=${n}`, () => cpuBackend.bceWithLogitsForward(args), () => be.bceWithLogitsForward(args));
  const gx = new Float32Array(n);
  const bargs = { input, target, weight: null, posWeight: null, cache, gradOut: null, gradScale: 1 / n, gradInput: gx, gradTarget: null };
  row(`bceWithLogitsBackward f32 n=${n}`, () => cpuBackend.bceWithLogitsBackward(bargs), () => be.bceWithLogitsBackward(bargs));
}
for (const [n, c] of [[128, 10], [1024, 10]] as const) {
  const input = rnd(n * c).map((v) => v * 8);
  const target = Int32Array.from({ length: n }, () => Math.floor(Math.random() * c));
  const stats = { max: new Float64Array(n), rest: new Float64Array(n), argmax: new Int32Array(n), exp: new Float32Array(n * c) };
  const args = { input, n, c, d: 1, weight: null, target, ignoreIndex: -100, smoothing: 0, stats, out: null };
  row(`crossEntropyForward f32 ${n}×${c}`, () => cpuBackend.crossEntropyForward(args), () => be.crossEntropyForward(args));
  const gradInput = new Float32Array(n * c);
  const bargs = { n, c, d: 1, weight: null, target, ignoreIndex: -100, smoothing: 0, stats, gradOut: null, gradScale: 1 / n, gradInput };
  row(`crossEntropyBackward f32 ${n}×${c}`, () => cpuBackend.crossEntropyBackward(bargs), () => be.crossEntropyBackward(bargs));
}
for (const n of [7850, 203530]) {
  const param = rnd(n);
  const grad = rnd(n);
  const args = { param, grad, lr: 0.01, weightDecay: 0, maximize: false, momentumBuffer: null, firstStep: false, momentum: 0, dampening: 0, nesterov: false };
  row(`sgdUpdate f32 n=${n}`, () => cpuBackend.sgdUpdate(args), () => be.sgdUpdate(args));
  const adam = { param, grad, lr: 1e-3, weightDecay: 0, maximize: false, expAvg: new Float32Array(n), expAvgSq: new Float32Array(n), maxExpAvgSq: null, step: 3, beta1: 0.9, beta2: 0.999, eps: 1e-8, amsgrad: false, decoupled: false };
  row(`adamUpdate f32 n=${n}`, () => cpuBackend.adamUpdate(adam), () => be.adamUpdate(adam));
}
be.dispose();
be2.dispose();
