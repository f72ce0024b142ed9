/** The options every CSV reader shares, checked once with core's `parseOptions`. */
import { EntropicError, type OptionSchema, type ParsedOptions, opt, parseOptions } from '@entropic/core';

/** A column given by its header name or by its 0-based index (negative counts from the end). */
export type ColumnRef = string | number;
/** Element type of a feature matrix. */
export type FloatDType = 'float32' | 'float64';
/** Element type of a target vector. */
export type DType = FloatDType | 'int32';

/** How CSV text is read: header, delimiter, target column, labels, dtype and missing values. */
export interface CSVOptions {
  /** The first non-blank row holds the column names (default `true`). */
  header?: boolean;
  /**
   * The target column, by name or index (negative counts from the end); default the last
   * column. `null`: no target, every selected column is a feature.
   */
  target?: ColumnRef | null;
  /** The feature columns, in this order (default: every column but the target). */
  columns?: readonly ColumnRef[];
  /** dtype of `X` (default `'float32'`, the library's default). */
  dtype?: FloatDType;
  /**
   * dtype of `y` (default `'int32'`: class indices, every target must be an integer).
   * Use `'float32'` / `'float64'` for a real-valued (regression) target.
   */
  targetDtype?: DType;
  /**
   * The target column holds text class labels: `'auto'` maps the distinct labels, sorted, to
   * 0 … K-1 (as scikit-learn's `LabelEncoder`); an array gives the labels in index order and
   * any other label is an error. `y` is then int32 and `targetNames` holds the labels.
   */
  labels?: readonly string[] | 'auto';
  /** Field delimiter (default `','`). */
  delimiter?: string;
  /** Empty feature cells: `'error'` (default) or `'nan'` (read as NaN). */
  missing?: 'error' | 'nan';
}

const isColumnRef = (c: unknown): c is ColumnRef => typeof c === 'string' || (typeof c === 'number' && Number.isInteger(c));

export const CSV_OPTIONS = {
  header: opt.boolean({ default: true }),
  target: opt.custom('a column (a header name or an integer index) or null', (v): v is ColumnRef | null => v === null || isColumnRef(v)),
  columns: opt.custom('an array of columns (header names or integer indices)', (v): v is readonly ColumnRef[] => Array.isArray(v) && v.every(isColumnRef)),
  dtype: opt.oneOf(['float32', 'float64'] as const, { default: 'float32' }),
  targetDtype: opt.oneOf(['int32', 'float32', 'float64'] as const, { default: 'int32' }),
  labels: opt.custom(
    "'auto' or a non-empty array of strings",
    (v): v is readonly string[] | 'auto' => v === 'auto' || (Array.isArray(v) && v.length > 0 && v.every((l) => typeof l === 'string')),
  ),
  delimiter: opt.custom(
    'a non-empty string without quotes or line breaks',
    (v): v is string => typeof v === 'string' && v.length > 0 && !/["\r\n\ufeff]/.test(v),
    { default: ',' },
  ),
  missing: opt.oneOf(['error', 'nan'] as const, { default: 'error' }),
};

export type ResolvedCSVOptions = ParsedOptions<typeof CSV_OPTIONS>;

/** Checks the options shared by every CSV reader, with `extra` the reader's own (streamCSV's `batchSize`). */
export function resolveCSVOptions<E extends OptionSchema = Record<string, never>>(
  fn: string,
  opts: unknown,
  extra?: E,
): ResolvedCSVOptions & ParsedOptions<E> {
  const o = parseOptions(fn, opts, { ...CSV_OPTIONS, ...(extra ?? {}) } as typeof CSV_OPTIONS & E) as ResolvedCSVOptions & ParsedOptions<E>;
  if (Array.isArray(o.labels)) {
    const seen = new Set<string>();
    for (const l of o.labels) {
      if (seen.has(l)) throw new EntropicError('OPTION', fn, `expected distinct labels, got ${JSON.stringify(l)} twice`);
      seen.add(l);
    }
  }
  if (o.labels !== undefined && o.targetDtype !== 'int32') {
    throw new EntropicError('OPTION', fn, `labels give int32 class indices, so targetDtype must be 'int32', got ${JSON.stringify(o.targetDtype)}`);
  }
  if (o.labels !== undefined && o.target === null) throw new EntropicError('OPTION', fn, 'labels needs a target column, but target is null');
  return o;
}
