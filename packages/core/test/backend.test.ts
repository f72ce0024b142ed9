/** The compute seam: kernel resolution, setBackend, the registry, and ops reaching their kernels. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spyBackend } from '@entropic/conformance';
import {
  type Backend, EntropicError, type Tensor, type TypedArray, add, backend, cpuBackend, gradients, indexSelect, kernel, kernelNames,
  matmul, registerKernel, relu, setBackend, sigmoid, sum, tanh, tensor, unregisterKernel,
} from '../src/index.js';

let outer: Backend;
beforeEach(() => {
  // Tests start from the CPU backend whatever the suite runs on, and put that one back after.
  outer = setBackend(cpuBackend);
});
afterEach(() => {
  setBackend(outer);
});

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(EntropicError);
    return (e as EntropicError).code;
  }
  return undefined;
}

describe('setBackend / backend()', () => {
  it('the suite runs on the backend ENTROPIC_BACKEND names (the shared setup file installs it)', () => {
    expect(outer.name).toBe(process.env.ENTROPIC_BACKEND || 'cpu');
  });

  it('the CPU backend is complete and is its own kernel set', () => {
    expect(cpuBackend.name).toBe('cpu');
    for (const k of kernelNames) expect(typeof cpuBackend[k], k).toBe('function');
    expect(backend()).toBe(cpuBackend);
  });

  it('returns the backend installed before, which restores it', () => {
    const spy = spyBackend(cpuBackend, kernelNames);
    const previous = setBackend(spy);
    expect(previous).toBe(cpuBackend);
    expect(backend().name).toBe('spy');
    expect(setBackend(previous)).toBe(spy);
    expect(backend()).toBe(cpuBackend);
  });

  it('fills the kernels a backend lacks from the CPU backend', () => {
    const seen: string[] = [];
    const partial = {
      name: 'partial',
      extra: 42,
      unary(op: string, x: TypedArray, out: TypedArray): void {
        seen.push(op);
        cpuBackend.unary(op as 'tanh', x, out);
      },
    };
    setBackend(partial);
    const b = backend();
    expect(b.name).toBe('partial');
    expect((b as unknown as { extra: number }).extra).toBe(42);
    expect(b.gemm).toBe(cpuBackend.gemm);
    const y = sum(tanh(add(tensor([0.5, -1, 2]), 1)));
    expect(y.item()).toBeCloseTo(Math.tanh(1.5) + Math.tanh(0) + Math.tanh(3), 6);
    expect(seen).toEqual(['tanh']);
  });

  it("calls a backend's own kernels with `this` = the backend (private fields included)", () => {
    class Counting {
      readonly name = 'counting';
      #calls = 0;
      get calls(): number {
        return this.#calls;
      }
      clamp(x: TypedArray, lo: number, hi: number, out: TypedArray): void {
        this.#calls++;
        cpuBackend.clamp(x, lo, hi, out);
      }
    }
    const b = new Counting();
    setBackend(b);
    expect(tensor([-2, 0.5, 3]).clamp({ min: -1, max: 1 }).toArray()).toEqual([-1, 0.5, 1]);
    expect(b.calls).toBe(1);
  });

  it('refuses what is not a backend (code TYPE)', () => {
    expect(code(() => setBackend(null as unknown as Backend))).toBe('TYPE');
    expect(code(() => setBackend({} as Backend))).toBe('TYPE');
    expect(code(() => setBackend({ name: '' }))).toBe('TYPE');
    expect(code(() => setBackend({ name: 'x', gemm: 3 } as unknown as Backend))).toBe('TYPE');
    expect(backend()).toBe(cpuBackend);
  });
});

describe('the kernel registry', () => {
  it('uses kernels registered for the backend name when the object lacks them; its own win', () => {
    let registered = 0;
    let own = 0;
    registerKernel({
      kernelName: 'unary', backendName: 'reg', kernelFunc: (op, x, out) => { registered++; cpuBackend.unary(op, x, out); },
    });
    registerKernel({
      kernelName: 'binary', backendName: 'reg',
      kernelFunc: () => { throw new Error('the own binary kernel should have been used'); },
    });
    try {
      setBackend({
        name: 'reg',
        binary: (...args: Parameters<typeof cpuBackend.binary>) => { own++; cpuBackend.binary(...args); },
      });
      expect(tanh(add(tensor([1, 2]), 1)).toArray()).toEqual([Math.fround(Math.tanh(2)), Math.fround(Math.tanh(3))]);
      expect([registered, own]).toEqual([1, 1]);
    } finally {
      setBackend(cpuBackend);
      unregisterKernel('unary', 'reg');
      unregisterKernel('binary', 'reg');
    }
  });

  it('refuses a second registration of the same pair, and unregistering what is not there (code STATE)', () => {
    expect(code(() => registerKernel({ kernelName: 'gemm', backendName: 'cpu', kernelFunc: cpuBackend.gemm }))).toBe('STATE');
    expect(code(() => unregisterKernel('noSuchKernel', 'cpu'))).toBe('STATE');
    expect(code(() => registerKernel({ kernelName: '', backendName: 'cpu', kernelFunc: () => 0 }))).toBe('TYPE');
    expect(code(() => registerKernel({ kernelName: 'k', backendName: 'cpu', kernelFunc: 1 as never }))).toBe('TYPE');
  });

  it('kernel(name) resolves kernels of any name, falling back to the CPU', () => {
    expect(kernel('gemm')).toBe(cpuBackend.gemm);
    registerKernel({ kernelName: 'double', backendName: 'cpu', kernelFunc: (v: number) => 2 * v });
    try {
      setBackend({ name: 'small' });
      expect((kernel('double') as (v: number) => number)(21)).toBe(42);
    } finally {
      unregisterKernel('double', 'cpu');
    }
  });

  it('fails loudly when neither the backend nor the CPU has the kernel', () => {
    registerKernel({ kernelName: 'onlyElsewhere', backendName: 'elsewhere', kernelFunc: () => 1 });
    try {
      const e = (() => {
        try {
          kernel('onlyElsewhere');
        } catch (err) {
          return err as EntropicError;
        }
        return null;
      })();
      expect(e).toBeInstanceOf(EntropicError);
      expect(e!.code).toBe('STATE');
      expect(e!.message).toContain("backend 'cpu'");
      expect(e!.message).toContain("'onlyElsewhere'");
    } finally {
      unregisterKernel('onlyElsewhere', 'elsewhere');
    }
  });

  it('an op whose kernel has no CPU fallback left fails with an EntropicError, not a TypeError', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    unregisterKernel('indexAdd', 'cpu');
    try {
      setBackend({ name: 'lacking' });
      const y = sum(indexSelect(x, tensor([2, 0], { dtype: 'int32' })));
      expect(y.item()).toBe(4);
      expect(code(() => y.backward())).toBe('STATE');
    } finally {
      registerKernel({ kernelName: 'indexAdd', backendName: 'cpu', kernelFunc: cpuBackend.indexAdd });
    }
    setBackend(cpuBackend);
    const y = sum(indexSelect(x, tensor([2, 0], { dtype: 'int32' })));
    y.backward();
    expect(x.grad!.toArray()).toEqual([1, 0, 1]);
  });
});

describe('ops compute through the active backend', () => {
  it('allocation, elementwise, reduction and gemm kernels are reached by name', () => {
    const spy = spyBackend(cpuBackend, kernelNames);
    setBackend(spy);
    const a = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    const s = sum(tanh(matmul(a, a)));
    s.backward();
    expect(spy.count('gemm')).toBeGreaterThanOrEqual(3);
    expect(spy.count('unary')).toBe(1);
    expect(spy.count('reduce')).toBeGreaterThanOrEqual(1);
    expect(spy.count('allocate')).toBeGreaterThanOrEqual(4);
  });

  it('a plain backward through tanh, sigmoid and relu takes one unaryGrad pass each; a recorded one takes none', () => {
    const spy = spyBackend(cpuBackend, kernelNames);
    setBackend(spy);
    const x = tensor([0.5, -1, 2, 0], { requiresGrad: true });
    const f = (v: Tensor) => sum(relu(sigmoid(tanh(v))));
    f(x).backward();
    expect(spy.count('unaryGrad')).toBe(3);
    spy.reset();
    f(x).backward(undefined, { createGraph: true });
    expect(spy.count('unaryGrad')).toBe(0);
  });

  it.each(['float32', 'float64'] as const)('the fused activation gradients equal the recorded ones bit for bit in %s', (dtype) => {
    const x = tensor([0.3, -1.7, 2.5, 0, -0.2, 40, -40, 0.1234567, -3.3e-3, 7.77], { dtype, requiresGrad: true });
    for (const f of [tanh, sigmoid, relu, (v: Tensor) => relu(sigmoid(tanh(v)))]) {
      const [plain] = gradients(sum(f(x)), [x]);
      const [recorded] = gradients(sum(f(x)), [x], { createGraph: true });
      expect(plain!.requiresGrad).toBe(false);
      expect(recorded!.requiresGrad).toBe(f !== relu); // relu'' = 0: nothing left to record
      expect(Array.from(plain!.data)).toEqual(Array.from(recorded!.data));
    }
  });

  it('storage comes from the backend: the arrays a backend allocates are the tensors\' data', () => {
    const made: TypedArray[] = [];
    setBackend({
      name: 'owning',
      allocate: (dtype, size) => {
        const a = cpuBackend.allocate(dtype, size);
        made.push(a);
        return a;
      },
    });
    const y = add(tensor([1, 2]), tensor([3, 4]));
    expect(made).toContain(y.data);
  });
});
