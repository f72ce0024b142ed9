// Experiment: compare register-blocked micro-kernel shapes (MR×NR) for the packed gemm.
// Kernels are generated with `new Function` here only to try many shapes quickly; the shipped
// kernel in src/backend/gemm.ts is written out by hand.
type FloatArray = Float32Array | Float64Array;

const OR0 = process.env.OR0 === '1';
function makeKernel(MR: number, NR: number, U = Number(process.env.UNROLL ?? 1)): (kc: number, ap: Float64Array, aOff: number, bp: Float64Array, bOff: number, out: Float64Array) => void {
  const L: string[] = [];
  for (let i = 0; i < MR; i++) for (let j = 0; j < NR; j++) L.push(`let c${i}_${j} = 0;`);
  L.push(`let ai = aOff, bi = bOff;`);
  const body = (u: number) => {
    L.push(`{`);
    for (let i = 0; i < MR; i++) L.push(OR0 ? `  const a${i} = ap[(ai + ${u * MR + i}) | 0];` : `  const a${i} = ap[ai + ${u * MR + i}];`);
    for (let j = 0; j < NR; j++) {
      L.push(OR0 ? `  { const b = bp[(bi + ${u * NR + j}) | 0];` : `  { const b = bp[bi + ${u * NR + j}];`);
      for (let i = 0; i < MR; i++) L.push(`    c${i}_${j} += a${i} * b;`);
      L.push(`  }`);
    }
    L.push(`}`);
  };
  L.push(`let p = 0;`);
  L.push(`for (; p + ${U - 1} < kc; p += ${U}) {`);
  for (let u = 0; u < U; u++) body(u);
  L.push(OR0 ? `  ai = (ai + ${MR * U}) | 0; bi = (bi + ${NR * U}) | 0;` : `  ai += ${MR * U}; bi += ${NR * U};`);
  L.push(`}`);
  L.push(`for (; p < kc; p++) {`);
  body(0);
  L.push(`  ai += ${MR}; bi += ${NR};`);
  L.push(`}`);
  for (let i = 0; i < MR; i++) for (let j = 0; j < NR; j++) L.push(`out[${i * NR + j}] = c${i}_${j};`);
  return new Function('kc', 'ap', 'aOff', 'bp', 'bOff', 'out', L.join('\n')) as never;
}

function makeGemm(MR: number, NR: number, KC: number, MC: number, packT: 'f64' | 'f32') {
  const kernel = makeKernel(MR, NR);
  const out = new Float64Array(MR * NR);
  let ap = new Float64Array(0);
  let bp = new Float64Array(0);
  return function gemm(m: number, n: number, k: number, a: FloatArray, aOff: number, ars: number, acs: number,
    b: FloatArray, bOff: number, brs: number, bcs: number, c: FloatArray, cOff: number) {
    const nStrips = Math.ceil(n / NR);
    if (bp.length < nStrips * NR * KC) bp = new Float64Array(nStrips * NR * KC);
    if (ap.length < Math.ceil(MC / MR) * MR * KC) ap = new Float64Array(Math.ceil(MC / MR) * MR * KC);
    void packT;
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      // pack B
      for (let js = 0; js < nStrips; js++) {
        const j0 = js * NR; const base = js * NR * kc;
        for (let p = 0; p < kc; p++) {
          const src = bOff + (pc + p) * brs; const d = base + p * NR;
          for (let jj = 0; jj < NR; jj++) { const j = j0 + jj; bp[d + jj] = j < n ? b[src + j * bcs]! : 0; }
        }
      }
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        const mStrips = Math.ceil(mc / MR);
        for (let is = 0; is < mStrips; is++) {
          const i0 = ic + is * MR; const base = is * MR * kc;
          for (let ii = 0; ii < MR; ii++) {
            const i = i0 + ii;
            if (i < m) { const src = aOff + i * ars + pc * acs; for (let p = 0; p < kc; p++) ap[base + p * MR + ii] = a[src + p * acs]!; }
            else for (let p = 0; p < kc; p++) ap[base + p * MR + ii] = 0;
          }
        }
        for (let js = 0; js < nStrips; js++) {
          const j0 = js * NR; const nj = Math.min(NR, n - j0);
          for (let is = 0; is < mStrips; is++) {
            const i0 = ic + is * MR; const mi = Math.min(MR, m - i0);
            kernel(kc, ap, is * MR * kc, bp, js * NR * kc, out);
            for (let ii = 0; ii < mi; ii++) {
              const ci = cOff + (i0 + ii) * n + j0;
              if (pc === 0) for (let jj = 0; jj < nj; jj++) c[ci + jj] = out[ii * NR + jj]!;
              else for (let jj = 0; jj < nj; jj++) c[ci + jj] = c[ci + jj]! + out[ii * NR + jj]!;
            }
          }
        }
      }
    }
  };
}

function naiveIkj(n: number, a: Float32Array, b: Float32Array, c: Float32Array) {
  c.fill(0);
  for (let i = 0; i < n; i++) for (let p = 0; p < n; p++) { const x = a[i * n + p]!; const co = i * n, bo = p * n; for (let j = 0; j < n; j++) c[co + j] = c[co + j]! + x * b[bo + j]!; }
}

const sizes = (process.argv[2] ?? '256,512,1024').split(',').map(Number);
const shapes = (process.argv[3] ?? '4x4,2x8,2x4,4x2,3x4,4x3,2x6,1x8,4x8,8x2').split(',');
const KC = Number(process.argv[4] ?? 256), MC = Number(process.argv[5] ?? 64);
for (const n of sizes) {
  const a = new Float32Array(n * n).map(() => Math.random() - 0.5);
  const b = new Float32Array(n * n).map(() => Math.random() - 0.5);
  const c = new Float32Array(n * n);
  const flops = 2 * n * n * n;
  const reps = Math.max(1, Math.round(2e9 / flops));
  const row: string[] = [`n=${n}`];
  if (n <= 1024 && process.env.NAIVE) {
    let best = Infinity;
    for (let r = 0; r < 3; r++) { const t = performance.now(); naiveIkj(n, a, b, c); best = Math.min(best, performance.now() - t); }
    row.push(`naive ${(flops / best / 1e6).toFixed(2)}`);
  }
  for (const s of shapes) {
    const [mr, nr] = s.split('x').map(Number) as [number, number];
    const g = makeGemm(mr, nr, KC, MC, 'f64');
    let best = Infinity;
    for (let r = 0; r < 5; r++) {
      const t = performance.now();
      for (let q = 0; q < reps; q++) g(n, n, n, a, 0, n, 1, b, 0, n, 1, c, 0);
      best = Math.min(best, (performance.now() - t) / reps);
    }
    row.push(`${s} ${(flops / best / 1e6).toFixed(2)}`);
  }
  console.log(row.join(' | '));
}
