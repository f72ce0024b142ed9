/**
 * Saving and loading any Module as versioned JSON: its class (by registered name), the
 * constructor arguments that rebuild it (`getConfig()`), the extra state of every module in
 * its tree (`getExtraState()`) and its parameters. `loadModule` validates the whole document
 * and builds a new module, so a truncated, foreign or inconsistent file throws (code FORMAT)
 * and nothing is half-loaded.
 */
import { EntropicError, Tensor, describeValue, opt, parseOptions, shapeToString } from '@entropic/core';
import { Module } from './module.js';

/** The `format` tag of every saved model. */
export const FORMAT = 'entropic-model';
/** The only version this release reads and writes. */
export const VERSION = 2;

/** A tensor as `Tensor.toJSON()` writes it. */
export interface TensorJSON {
  /** The tensor's dtype. */
  dtype: string;
  /** The tensor's shape. */
  shape: number[];
  /** Row-major values; non-finite ones as the strings "NaN", "Infinity", "-Infinity". */
  data: (number | string)[];
}

/** A module in a saved document: its registered class name and constructor arguments. */
export interface ModuleNode {
  /** The registered class name. */
  class: string;
  /** The constructor arguments. */
  args: unknown[];
}

/** The versioned JSON document {@link saveModule} makes and {@link loadModule} reads. */
export interface SavedModule {
  /** Identifies the document. */
  format: typeof FORMAT;
  /** Format version. */
  version: typeof VERSION;
  /** What the document holds. */
  kind: 'module';
  /** The module tree: classes and constructor arguments. */
  module: ModuleNode;
  /** Each module's `getExtraState()`, by dotted path (`''` is the root). */
  extraState: Record<string, unknown>;
  /** Every parameter and buffer, by dotted name. */
  state: Record<string, TensorJSON>;
}

/** The saved form of any model (the name earlier releases used). */
export type SavedModel = SavedModule;

/** A warning raised while saving (a loss given as an unregistered function is left out). */
export type OnSaveWarning = (message: string) => void;

// biome-ignore lint/suspicious/noExplicitAny: module classes take any constructor arguments
type ModuleClass = new (...args: any[]) => Module;

const classesByName = new Map<string, ModuleClass>();
const namesByClass = new Map<ModuleClass, string>();

/**
 * Lets `saveModule`/`loadModule` save and rebuild modules of class `cls` under `name` (default:
 * the class's own name; give one explicitly if your bundler renames classes). Rebuilding calls
 * `new cls(...module.getConfig())`, then loads the extra state and the parameters.
 */
export function registerModuleClass(cls: ModuleClass, name: string = cls.name): void {
  const fn = 'registerModuleClass';
  if (typeof cls !== 'function') throw new EntropicError('TYPE', fn, `expected a Module class, got ${describeValue(cls)}`);
  if (typeof name !== 'string' || name === '') throw new EntropicError('VALUE', fn, `expected a non-empty class name, got ${describeValue(name)}`);
  const taken = classesByName.get(name);
  if (taken !== undefined && taken !== cls) throw new EntropicError('VALUE', fn, `another class is already registered as '${name}'; pass a different name`);
  const old = namesByClass.get(cls);
  if (old !== undefined && old !== name) classesByName.delete(old);
  classesByName.set(name, cls);
  namesByClass.set(cls, name);
}

/** Names of the registered module classes. */
export function moduleClassNames(): string[] {
  return [...classesByName.keys()];
}

let activeWarnings: string[] | null = null;

/** Reports a problem found while saving (to `saveModule`'s `onWarning`). */
export function warnWhileSaving(message: string): void {
  if (activeWarnings !== null) activeWarnings.push(message);
  else defaultWarn(message);
}

function defaultWarn(message: string): void {
  (globalThis as { console?: { warn(m: string): void } }).console?.warn(message);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function nodeOf(fn: string, m: Module, path: string): ModuleNode {
  const cls = m.constructor as ModuleClass;
  const name = namesByClass.get(cls);
  if (name === undefined) {
    throw new EntropicError('STATE', fn, `cannot save ${path === '' ? 'the module' : `module '${path}'`}: its class ${cls.name} is not registered; call registerModuleClass(${cls.name}) (before saving and before loading)`);
  }
  return { class: name, args: encode(fn, m.getConfig(), `${name}.getConfig()`) as unknown[] };
}

function encode(fn: string, v: unknown, where: string): unknown {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new EntropicError('VALUE', fn, `cannot save ${where}: expected finite numbers, got ${v}`);
    return v;
  }
  if (Array.isArray(v)) return v.map((x, i) => encode(fn, x, `${where}[${i}]`));
  if (v instanceof Tensor) return { $tensor: v.toJSON() };
  if (isModule(v)) {
    return { $module: nodeOf(fn, v as Module, where) };
  }
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = encode(fn, x, `${where}.${k}`);
    return out;
  }
  throw new EntropicError('VALUE', fn, `cannot save ${where}: expected JSON values, Tensors or Modules, got ${describeValue(v)}`);
}

// module.ts imports this file and this file imports Module: a cycle that ES modules resolve,
// since neither file uses the other's exports while it is being evaluated.
function isModule(v: unknown): v is Module {
  return v instanceof Module;
}

/** Options of {@link saveModule}. */
export interface SaveModuleOptions {
  /** Receives each warning (default: `console.warn`). */
  onWarning?: OnSaveWarning;
}

/**
 * The versioned JSON document of `module` (`JSON.stringify` it to save): every module class in
 * it must be registered (`registerModuleClass`; the built-in ones are).
 */
export function saveModule(module: Module, opts: SaveModuleOptions = {}): SavedModule {
  const fn = 'saveModule';
  if (!isModule(module)) throw new EntropicError('TYPE', fn, `expected a Module, got ${describeValue(module)}`);
  const { onWarning } = parseOptions(fn, opts, { onWarning: opt.function<OnSaveWarning>() });
  const outer = activeWarnings;
  const warnings: string[] = [];
  activeWarnings = warnings;
  let doc: SavedModule;
  try {
    const extraState: Record<string, unknown> = {};
    for (const [path, m] of module.namedModules()) {
      const extra = m.getExtraState();
      if (extra !== undefined) extraState[path] = encode(fn, extra, `${path === '' ? 'the module' : `'${path}'`}'s extra state`);
    }
    const state: Record<string, TensorJSON> = {};
    for (const [name, t] of module.namedParameters()) state[name] = t.toJSON();
    doc = { format: FORMAT, version: VERSION, kind: 'module', module: nodeOf(fn, module, ''), extraState, state };
  } finally {
    activeWarnings = outer;
  }
  for (const w of warnings) (onWarning ?? (outer !== null ? warnWhileSaving : defaultWarn))(w);
  return doc;
}

function fail(fn: string, message: string, cause?: unknown): never {
  throw new EntropicError('FORMAT', fn, message, cause === undefined ? {} : { cause });
}

function parse(fn: string, json: unknown): Record<string, unknown> {
  let doc = json;
  if (typeof json === 'string') {
    try {
      doc = JSON.parse(json);
    } catch (e) {
      fail(fn, `the JSON text does not parse (truncated or corrupted?): ${(e as Error).message}`, e);
    }
  }
  if (!isPlainObject(doc)) fail(fn, `expected a saved model (an object or its JSON text), got ${describeValue(doc)}`);
  if (doc.format !== FORMAT) fail(fn, `expected format '${FORMAT}', got ${describeValue(doc.format)}`);
  if (doc.version !== VERSION) fail(fn, `unsupported version ${describeValue(doc.version)}; this release reads version ${VERSION}`);
  if (doc.kind !== 'module') fail(fn, `expected kind 'module', got ${describeValue(doc.kind)}`);
  return doc;
}

function decode(fn: string, v: unknown, where: string): unknown {
  if (Array.isArray(v)) return v.map((x, i) => decode(fn, x, `${where}[${i}]`));
  if (!isPlainObject(v)) return v;
  if ('$module' in v) return build(fn, v.$module, where);
  if ('$tensor' in v) return tensorFromJSON(fn, v.$tensor, where);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = decode(fn, x, `${where}.${k}`);
  return out;
}

function build(fn: string, node: unknown, where: string): Module {
  if (!isPlainObject(node) || typeof node.class !== 'string' || !Array.isArray(node.args)) {
    fail(fn, `expected ${where} to be { class, args }, got ${describeValue(node)}`);
  }
  const cls = classesByName.get(node.class);
  if (cls === undefined) {
    fail(fn, `unknown module class '${node.class}' at ${where}; register it with registerModuleClass(${node.class}) before loading (registered: ${moduleClassNames().join(', ')})`);
  }
  const args = decode(fn, node.args, `${where}.args`) as unknown[];
  try {
    return new cls(...args);
  } catch (e) {
    return fail(fn, `cannot rebuild ${node.class} at ${where} from its saved arguments: ${(e as Error).message}`, e);
  }
}

/**
 * Rebuilds a module saved by `saveModule` (the object or its JSON text). Throws FORMAT, building
 * nothing, on an unknown format, version or class, missing fields, or parameters whose names or
 * shapes disagree with the rebuilt module.
 */
export function loadModule(json: unknown): Module {
  return readModule('loadModule', json);
}

/** `loadModule`, with errors in the name of `fn` (`MLP.fromJSON`). */
export function readModule(fn: string, json: unknown): Module {
  const doc = parse(fn, json);
  for (const field of ['module', 'extraState', 'state']) if (!(field in doc)) fail(fn, `missing field '${field}'`);
  const module = build(fn, doc.module, 'module');
  if (!isPlainObject(doc.extraState)) fail(fn, `expected field 'extraState' to be an object, got ${describeValue(doc.extraState)}`);
  if (!isPlainObject(doc.state)) fail(fn, `expected field 'state' to be an object of tensors, got ${describeValue(doc.state)}`);
  const modules = new Map(module.namedModules());
  for (const [path, extra] of Object.entries(doc.extraState)) {
    const m = modules.get(path);
    if (m === undefined) fail(fn, `extra state for module '${path}', which the rebuilt ${describeValue(doc.module)} does not have`);
    try {
      m.setExtraState(decode(fn, extra, `extraState['${path}']`));
    } catch (e) {
      fail(fn, `${path === '' ? 'the module' : `module '${path}'`} refused its extra state: ${(e as Error).message}`, e);
    }
  }
  const state: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(doc.state)) state[name] = tensorFromJSON(fn, t, `state['${name}']`);
  try {
    module.loadStateDict(state);
  } catch (e) {
    const hint = module.getConfig().length === 0 && module.namedParameters().length > 0 ? ' (a module whose constructor takes arguments must return them from getConfig())' : '';
    fail(fn, `the saved parameters do not fit the rebuilt module: ${(e as Error).message}${hint}`, e);
  }
  return module;
}

const DTYPES = ['float32', 'float64', 'int32', 'bool'] as const;

/** A Tensor from its JSON form `{ dtype, shape, data }` (`Tensor.toJSON()`). Throws FORMAT naming the field. */
export function tensorFromJSON(fn: string, v: unknown, name: string): Tensor {
  if (!isPlainObject(v)) fail(fn, `expected '${name}' to be { dtype, shape, data }, got ${describeValue(v)}`);
  const s = v.shape;
  if (!Array.isArray(s) || !s.every((d) => Number.isInteger(d) && d >= 0)) fail(fn, `expected '${name}.shape' to be non-negative integers, got ${JSON.stringify(s)}`);
  const dtype = v.dtype;
  if (!DTYPES.includes(dtype as never)) fail(fn, `expected '${name}.dtype' to be one of ${DTYPES.join(', ')}, got ${describeValue(dtype)}`);
  const data = v.data;
  const size = (s as number[]).reduce((p, d) => p * d, 1);
  if (!Array.isArray(data) || data.length !== size) {
    fail(fn, `expected '${name}.data' to hold ${size} numbers for shape ${shapeToString(s as number[])}, got ${describeValue(data)}`);
  }
  const out = dtype === 'float64' ? new Float64Array(size) : dtype === 'int32' ? new Int32Array(size) : dtype === 'bool' ? new Uint8Array(size) : new Float32Array(size);
  for (let i = 0; i < size; i++) {
    const x = data[i];
    const value = typeof x === 'number' ? x : x === 'NaN' ? Number.NaN : x === 'Infinity' ? Infinity : x === '-Infinity' ? -Infinity : undefined;
    if (value === undefined || (dtype === 'int32' && !Number.isInteger(value)) || (dtype === 'bool' && value !== 0 && value !== 1)) fail(fn, `expected '${name}.data[${i}]' to be a number, got ${describeValue(x)}`);
    out[i] = value;
  }
  return Tensor.fromData(out, (s as number[]).slice());
}

/** A state dict read back from JSON (`JSON.parse(JSON.stringify(m.stateDict()))`) as Tensors. */
export function stateDictFromJSON(json: unknown): Record<string, Tensor> {
  const fn = 'stateDictFromJSON';
  let v = json;
  if (typeof json === 'string') {
    try {
      v = JSON.parse(json);
    } catch (e) {
      fail(fn, `the JSON text does not parse: ${(e as Error).message}`, e);
    }
  }
  if (!isPlainObject(v)) fail(fn, `expected an object of tensors, got ${describeValue(v)}`);
  const out: Record<string, Tensor> = {};
  for (const [k, t] of Object.entries(v)) out[k] = tensorFromJSON(fn, t, k);
  return out;
}
