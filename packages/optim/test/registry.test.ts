import { describe, expect, it } from 'vitest';
import { tensor } from '@entropic/core';
import { Adam, LBFGS, NewtonCG, SGD, getOptimizer, hasOptimizer, optimizerNames, registerOptimizer, unregisterOptimizer } from '../src/index.js';

const param = () => tensor([1, 2], { dtype: 'float64', requiresGrad: true });

describe('optimizer registry', () => {
  it('holds the built-in optimizers by name', () => {
    expect(optimizerNames()).toEqual(['sgd', 'gd', 'adam', 'adamw', 'rmsprop', 'adagrad', 'lbfgs', 'newton-cg']);
    expect(getOptimizer('newton-cg')([param()])).toBeInstanceOf(NewtonCG);
    expect(getOptimizer('adam')([param()], { lr: 0.1 })).toBeInstanceOf(Adam);
    expect(getOptimizer('sgd')([param()], { lr: 0.1, momentum: 0.9 })).toBeInstanceOf(SGD);
    expect(getOptimizer('lbfgs')([param()])).toBeInstanceOf(LBFGS);
    expect(getOptimizer('adam')([param()], { lr: 0.5 }).lr).toBe(0.5);
  });

  it('an unknown name throws VALUE naming the closest registered one', () => {
    expect(() => getOptimizer('adma')).toThrow(expect.objectContaining({ code: 'VALUE', message: expect.stringContaining("(did you mean 'adam'?)") }));
    expect(() => getOptimizer('' as string)).toThrow(expect.objectContaining({ code: 'TYPE' }));
  });

  it('registers, refuses to replace silently, overrides on request, unregisters', () => {
    const make = (params: readonly ReturnType<typeof param>[], o?: { lr?: number }) => new SGD(params, { lr: o?.lr ?? 0.3 });
    registerOptimizer('mySgd', make);
    registerOptimizer('mySgd', make); // the same factory again: a no-op
    expect(hasOptimizer('mySgd')).toBe(true);
    expect(getOptimizer('mySgd')([param()]).lr).toBe(0.3);
    const other = (params: readonly ReturnType<typeof param>[]) => new SGD(params, { lr: 1 });
    expect(() => registerOptimizer('mySgd', other)).toThrow(expect.objectContaining({ code: 'VALUE', message: expect.stringContaining('{ override: true }') }));
    registerOptimizer('mySgd', other, { override: true });
    expect(getOptimizer('mySgd')([param()]).lr).toBe(1);
    expect(() => registerOptimizer('adam', other, { override: true })).toThrow(expect.objectContaining({ code: 'VALUE' }));
    expect(() => registerOptimizer('x', other, { overide: true } as never)).toThrow(expect.objectContaining({ code: 'OPTION', message: expect.stringContaining("did you mean 'override'") }));
    expect(() => registerOptimizer('x', 3 as never)).toThrow(expect.objectContaining({ code: 'TYPE' }));
    expect(unregisterOptimizer('mySgd')).toBe(true);
    expect(hasOptimizer('mySgd')).toBe(false);
    expect(() => unregisterOptimizer('sgd')).toThrow(expect.objectContaining({ code: 'VALUE' }));
  });
});
