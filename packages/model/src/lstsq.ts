/**
 * Least squares and ridge regression, exactly: min ‖A·B − Y‖² + α‖B‖² for A [m, d], Y [m, t].
 * A Householder QR reduces A to R [d, d] (when m ≥ d), a one-sided Jacobi SVD (Hestenes) of R
 * gives R·V = U·Σ, and B = V·diag(φ(σ))·Uᵀ·(Qᵀ·Y) with φ(σ) = 1/σ (least squares; singular
 * values below eps·σmax count as 0, giving the minimum-norm solution, as LAPACK's gelsd) or
 * σ/(σ² + α) (ridge). Column-major Float64Arrays throughout; everything in float64.
 */

const EPS = 2.220446049250313e-16;

/** Columns of a matrix: `cols[j]` has `rows` entries. */
type Columns = Float64Array[];

/** In place: A ← Qᵀ·A for the first `d` columns (R in their upper triangle) and Y ← Qᵀ·Y. */
function householderQR(a: Columns, y: Columns, rows: number): void {
  const d = a.length;
  for (let k = 0; k < Math.min(d, rows - 1); k++) {
    const col = a[k]!;
    let norm = 0;
    for (let i = k; i < rows; i++) norm += col[i]! * col[i]!;
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    // v = x − α·e1 with α = −sign(x0)·‖x‖: no cancellation in v0.
    const alpha = col[k]! > 0 ? -norm : norm;
    const v = new Float64Array(rows - k);
    for (let i = k; i < rows; i++) v[i - k] = col[i]!;
    v[0] = v[0]! - alpha;
    let vv = 0;
    for (let i = 0; i < v.length; i++) vv += v[i]! * v[i]!;
    if (vv === 0) continue;
    const reflect = (c: Float64Array) => {
      let dot = 0;
      for (let i = k; i < rows; i++) dot += v[i - k]! * c[i]!;
      const f = (2 * dot) / vv;
      for (let i = k; i < rows; i++) c[i] = c[i]! - f * v[i - k]!;
    };
    for (let j = k; j < d; j++) reflect(a[j]!);
    for (const c of y) reflect(c);
  }
}

/**
 * One-sided Jacobi on the columns of A [rows, d]: rotates pairs of columns until all are
 * orthogonal; then A = U·Σ and the rotations make V. Returns V's columns.
 */
function jacobiSVD(a: Columns, rows: number): Columns {
  const d = a.length;
  const v: Columns = Array.from({ length: d }, (_, j) => {
    const c = new Float64Array(d);
    c[j] = 1;
    return c;
  });
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < d - 1; p++) {
      for (let q = p + 1; q < d; q++) {
        const ap = a[p]!;
        const aq = a[q]!;
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < rows; i++) {
          alpha += ap[i]! * ap[i]!;
          beta += aq[i]! * aq[i]!;
          gamma += ap[i]! * aq[i]!;
        }
        if (gamma === 0 || Math.abs(gamma) <= EPS * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (const [x, y, n] of [[ap, aq, rows], [v[p]!, v[q]!, d]] as const) {
          for (let i = 0; i < n; i++) {
            const xi = x[i]!;
            const yi = y[i]!;
            x[i] = c * xi - s * yi;
            y[i] = s * xi + c * yi;
          }
        }
      }
    }
    if (!rotated) break;
  }
  return v;
}

export interface LstsqResult {
  /** B [d, t], column-major (one column per target). */
  coef: Columns;
  /** Singular values of A, in no particular order. */
  singular: number[];
  /** Singular values above the cut-off (least squares) or all non-zero ones (ridge). */
  rank: number;
}

/** min ‖A·B − Y‖² + alpha·‖B‖², A given by its columns (length `rows`), Y by its columns. Both are overwritten. */
export function solveLeastSquares(a: Columns, y: Columns, rows: number, alpha: number): LstsqResult {
  const d = a.length;
  let m = rows;
  if (rows > d) {
    householderQR(a, y, rows);
    // Keep R (the top d rows) and the top d entries of Qᵀ·Y; the rest is the residual.
    for (let j = 0; j < d; j++) a[j] = a[j]!.slice(0, d).map((x, i) => (i <= j ? x : 0));
    for (let j = 0; j < y.length; j++) y[j] = y[j]!.slice(0, d);
    m = d;
  }
  const v = jacobiSVD(a, m);
  const sigma = a.map((c) => Math.sqrt(c.reduce((s, x) => s + x * x, 0)));
  const sMax = Math.max(0, ...sigma);
  const cutoff = alpha > 0 ? 0 : EPS * sMax;
  let rank = 0;
  const coef = y.map(() => new Float64Array(d));
  for (let k = 0; k < d; k++) {
    const s = sigma[k]!;
    if (!(s > cutoff) || s === 0) continue;
    rank++;
    // a_k = u_k·σ_k, so uᵀ·y = a_kᵀ·y / σ_k and the factor of v_k is φ(σ)/σ · a_kᵀ·y.
    const factor = alpha > 0 ? 1 / (s * s + alpha) : 1 / (s * s);
    const ak = a[k]!;
    const vk = v[k]!;
    y.forEach((col, t) => {
      let dot = 0;
      for (let i = 0; i < m; i++) dot += ak[i]! * col[i]!;
      const f = dot * factor;
      const out = coef[t]!;
      for (let j = 0; j < d; j++) out[j] = out[j]! + f * vk[j]!;
    });
  }
  return { coef, singular: sigma, rank };
}
