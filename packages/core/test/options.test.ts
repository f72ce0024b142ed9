import { describe, expect, it } from 'vitest';
import { EntropicError, describeValue, isEntropicError, opt, parseOptions, tensor, closestName } from '../src/index.js';

const SCHEMA = {
  lr: opt.number({ min: 0, required: true }),
  momentum: opt.number({ min: 0, default: 0 }),
  reduction: opt.oneOf(['mean', 'sum', 'none'] as const, { default: 'mean' }),
  weight: opt.tensor(),
};

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    expect(isEntropicError(e)).toBe(true);
    return (e as EntropicError).code;
  }
  return undefined;
}

describe('parseOptions', () => {
  it('fills defaults and keeps given values', () => {
    const w = tensor([1, 2]);
    expect(parseOptions('SGD', { lr: 0.1, weight: w }, SCHEMA)).toEqual({ lr: 0.1, momentum: 0, reduction: 'mean', weight: w });
  });
  it('names an unknown option and the closest known one', () => {
    expect(() => parseOptions('SGD', { lr: 1, momentun: 0.9 }, SCHEMA)).toThrow(
      "SGD: unknown option 'momentun' (did you mean 'momentum'?); known options: lr, momentum, reduction, weight",
    );
    expect(codeOf(() => parseOptions('SGD', { lr: 1, zzz: 1 }, SCHEMA))).toBe('OPTION');
  });
  it('refuses values outside the rule, saying what came', () => {
    expect(() => parseOptions('SGD', { lr: Number.NaN }, SCHEMA)).toThrow("SGD: expected option 'lr' to be a finite number >= 0, got number NaN");
    expect(() => parseOptions('SGD', { lr: 1, reduction: 'avg' }, SCHEMA)).toThrow(/one of "mean", "sum", "none", got "avg"/);
    expect(() => parseOptions('SGD', { lr: 1, weight: [1, 2] }, SCHEMA)).toThrow(/to be a Tensor, got an array of length 2/);
    expect(() => parseOptions('SGD', {}, SCHEMA)).toThrow("SGD: missing required option 'lr'");
    expect(() => parseOptions('SGD', 3, SCHEMA)).toThrow(/expected an options object/);
  });
  it('finds close names only when plausible', () => {
    expect(closestName('maxiter', ['maxIter', 'tol'])).toBe('maxIter');
    expect(closestName('batchsize', ['batchSize', 'epochs'])).toBe('batchSize');
    expect(closestName('zebra', ['lr', 'momentum'])).toBeUndefined();
  });
});

describe('EntropicError', () => {
  it('carries code, op and cause', () => {
    const cause = new Error('inner');
    const e = new EntropicError('FORMAT', 'loadModule', 'bad JSON', { cause });
    expect(e.message).toBe('loadModule: bad JSON');
    expect(e.code).toBe('FORMAT');
    expect(e.op).toBe('loadModule');
    expect(e.cause).toBe(cause);
    expect(e).toBeInstanceOf(Error);
  });
  it('describes values for messages', () => {
    expect(describeValue(tensor([[1, 2, 3]], { dtype: 'float64' }))).toBe('a float64 Tensor of shape [1, 3]');
    expect(describeValue(Number.NaN)).toBe('number NaN');
    expect(describeValue('sgdd')).toBe('"sgdd"');
    expect(describeValue(null)).toBe('null');
  });
});
