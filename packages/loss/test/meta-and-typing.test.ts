/**
 * Loss metadata on every loss, class and defineLoss result; defineLoss's option typing in strict
 * TypeScript (this file is type-checked by `tsc -p tsconfig.json`: the `expectTypeOf` lines and
 * `@ts-expect-error` comments fail the typecheck if the types regress); `override`.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type Tensor, square, sub } from '@entropic/core';
import {
  BCELoss, CrossEntropyLoss, type DefinedLossOptions, type LossMeta, LossModule, MSELoss, NLLLoss, PLAIN_LOSS_META,
  binaryCrossEntropy, crossEntropy, defineLoss, getLoss, hasLoss, lossMeta, lossNames,
  mseLoss, nllLoss, unregisterLoss,
} from '../src/index.js';
import { expectError, f64, i32 } from './helpers.js';

const x = f64([0.5, -1, 2], [3]);
const y = f64([1, 0, 1.5], [3]);

describe('LossMeta', () => {
  it('every built-in loss declares what it takes (as the README table says)', () => {
    const logits = (target: LossMeta['target']): LossMeta => ({ input: 'logits', target });
    const values: LossMeta = { input: 'values', target: 'values' };
    const expected: Record<string, LossMeta> = {
      binaryCrossEntropy: { input: 'probabilities', target: 'probabilities' },
      binaryCrossEntropyWithLogits: logits('probabilities'),
      crossEntropy: logits('classIndex'),
      nllLoss: { input: 'logProbabilities', target: 'classIndex' },
      mseLoss: values,
      klDiv: { input: 'logProbabilities', target: 'probabilities' },
      l1Loss: values,
      smoothL1Loss: values,
      huberLoss: values,
      softMarginLoss: logits('values'),
      multiMarginLoss: logits('classIndex'),
      multilabelSoftMarginLoss: logits('probabilities'),
      poissonNllLoss: values,
      gaussianNllLoss: values,
      sigmoidFocalLoss: logits('probabilities'),
    };
    expect(lossNames().slice(0, 15)).toEqual(Object.keys(expected));
    for (const [name, meta] of Object.entries(expected)) expect(getLoss(name).meta, name).toEqual(meta);
    expect(binaryCrossEntropy.meta).toBe(getLoss('binaryCrossEntropy').meta);
  });

  it('is readonly and frozen', () => {
    expect(() => {
      (crossEntropy as { meta: LossMeta }).meta = { input: 'values', target: 'values' };
    }).toThrow(TypeError);
    expect(Object.isFrozen(crossEntropy.meta)).toBe(true);
    expectTypeOf(crossEntropy.meta).toEqualTypeOf<LossMeta>();
  });

  it('the classes carry their loss\'s meta; a plain function wrapped in LossModule takes the raw outputs', () => {
    expect(new CrossEntropyLoss().meta).toBe(crossEntropy.meta);
    expect(new NLLLoss().meta).toBe(nllLoss.meta);
    expect(new BCELoss().meta).toBe(binaryCrossEntropy.meta);
    expect(new MSELoss().meta).toBe(mseLoss.meta);
    expect(new LossModule((a: Tensor, b: Tensor) => mseLoss(a, b)).meta).toBe(PLAIN_LOSS_META);
    expect(lossMeta((a: Tensor) => a)).toEqual({ input: 'values', target: 'values' });
    expect(lossMeta(crossEntropy)).toBe(crossEntropy.meta);
  });

  it('defineLoss: an option, with a default that says "the raw outputs"', () => {
    const elementwise = defineLoss({ name: 'metaDefaultA', register: false, elementwise: (a, b) => square(sub(a, b)) });
    expect(elementwise.meta).toEqual({ input: 'values', target: 'values' });
    const perSample = defineLoss({ name: 'metaDefaultB', register: false, perSample: (s) => s.sum({ axis: 1 }) });
    expect(perSample.meta).toEqual({ input: 'logits', target: 'classIndex' });
    const declared = defineLoss({
      name: 'metaDeclared', register: false, meta: { input: 'probabilities', target: 'probabilities' },
      elementwise: (p, t) => square(sub(p, t)),
    });
    expect(declared.meta).toEqual({ input: 'probabilities', target: 'probabilities' });
    expect(new declared.Class().meta).toBe(declared.meta);
    expectError(() => defineLoss({ name: 'badMeta', register: false, meta: { input: 'scores' } as never, elementwise: (a) => a }), 'OPTION',
      "defineLoss: expected option 'meta' to be { input: 'logits' | 'probabilities' | 'logProbabilities' | 'values', target: 'classIndex' | 'probabilities' | 'values' }");
  });
});

describe('defineLoss typing (strict TypeScript)', () => {
  const plain = defineLoss({ name: 'typingPlain', register: false, elementwise: (a, b) => square(sub(a, b)) });

  it('accepts { reduction } and { weight } without defaults', () => {
    expectTypeOf(plain).parameter(2).toEqualTypeOf<DefinedLossOptions | undefined>();
    expect(plain(x, y, { reduction: 'sum' }).item()).toBeCloseTo(0.25 + 1 + 0.25, 14);
    expect(plain(x, y, { weight: f64([2, 0, 0], [3]), reduction: 'sum' }).item()).toBeCloseTo(0.5, 14);
    expect(new plain.Class({ reduction: 'none' })(x, y).shape).toEqual([3]);
    // @ts-expect-error: an unknown option is a type error as well as a run-time one
    expectError(() => plain(x, y, { reductoin: 'sum' }), 'OPTION', "typingPlain: unknown option 'reductoin' (did you mean 'reduction'?)");
  });

  it('types the parameters from defaults', () => {
    const scaled = defineLoss({
      name: 'typingScaled', register: false, defaults: { scale: 2 },
      elementwise: (a, b, { scale }) => {
        expectTypeOf(scale).toEqualTypeOf<number>();
        return square(sub(a, b)).mul(scale);
      },
    });
    expect(scaled(x, y, { scale: 3, reduction: 'sum', weight: f64([1, 1, 1], [3]) }).item()).toBeCloseTo(3 * 1.5, 14);
    // @ts-expect-error: scale is a number
    expectError(() => scaled(x, y, { scale: 'big' }), 'OPTION', "typingScaled: expected option 'scale' to be a finite number");
  });
});

describe('defineLoss override', () => {
  it('redefining a registered name is refused unless { override: true }, which LossDefinition accepts', () => {
    const first = defineLoss({ name: 'redefined', elementwise: (a, b) => square(sub(a, b)) });
    expect(getLoss('redefined')).toBe(first);
    expectError(() => defineLoss({ name: 'redefined', elementwise: (a, b) => sub(a, b).abs() }), 'STATE',
      "defineLoss: a different loss is already registered as 'redefined'; pass { override: true } to replace it");
    const second = defineLoss({ name: 'redefined', override: true, elementwise: (a, b) => sub(a, b).abs() });
    expect(getLoss('redefined')).toBe(second);
    expect(second(x, y, { reduction: 'sum' }).item()).toBeCloseTo(0.5 + 1 + 0.5, 14);
    expectError(() => defineLoss({ name: 'crossEntropy', override: true, elementwise: (a) => a }), 'VALUE', "'crossEntropy' is a built-in loss");
    expect(unregisterLoss('redefined')).toBe(true);
    expect(hasLoss('redefined')).toBe(false);
  });

  it('class-index targets are checked for perSample losses', () => {
    const hinge = defineLoss({ name: 'typingHinge', register: false, perSample: (s) => s.sum({ axis: 1 }) });
    expectError(() => hinge(f64([1, 2, 3, 4], [2, 2]), i32([0, 2])), 'VALUE', 'typingHinge: target[1] = 2 is out of range for 2 classes');
  });
});
