import * as tf from '@tensorflow/tfjs';

/**
 * A cache of bind groups and uniform buffers for tfjs's webgpu backend (4.22), installed by
 * replacing the backend's `recordAndSubmit`.
 *
 * For every dispatch tfjs builds the uniforms (shapes, strides, sizes, the program's own values),
 * takes a uniform buffer from its pool, writes it, creates a bind group and fetches the pipeline's
 * bind group layout: on the H200's host this CPU side was the whole DSC iteration (its JavaScript
 * thread busy 16.5 of 16.4 ms, GPU programs 13.5 ms; audit:dsc, 2026-11-27). A DSC run repeats the
 * same dispatches on the same shapes every iteration, and tfjs's buffer pool hands the same
 * buffers back, so both repeat: uniform buffers are kept per content (written once, never
 * returned to the pool) and bind groups per (pipeline, buffers). Everything else is tfjs's own
 * sequence (command encoder, one compute pass, submission every WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE
 * dispatches); timed dispatches (tf.profile, timestamp queries), pixel programs and bindings that
 * are not plain buffers go to tfjs's own function unchanged.
 *
 * Measured ('wgsl', 321x481, 15 warm-up iterations, 2026-11-27): on SwiftShader, whose host does
 * everything, the CPU side fell from 18-22 to 12-15 ms per iteration (audit:dsc --empty); on the
 * H200 (bench:dsc), in
 * five interleaved rounds on one machine, 8.67-9.71 ms (median 8.78) with it against 9.44-11.82
 * (median 10.46) without, faster in every round (results/bench-dsc-nvidia-h200-calls-3-5.txt;
 * one earlier single pair had it 0.5 ms slower). On by default; setBindGroupCache(false), or
 * bench:dsc and audit:dsc --bind-group-cache off, for tfjs's own path.
 *
 * Entries are keyed by object identity (a numbered GPUBuffer, never a recycled number), so a
 * buffer tfjs destroys cannot be matched again; both maps are cleared when they pass
 * MAX_ENTRIES, which bounds what stale entries can hold.
 */

interface ProgramLike {
  pipeline: GPUComputePipeline | Promise<GPUComputePipeline>;
  dispatch: [number, number, number];
  size?: boolean;
  outputComponent?: number;
  pixelsOpType?: unknown;
}

interface TensorInfoLike {
  dataId: object;
  shape: number[];
}

type Uniform = { type: 'int32' | 'uint32' | 'float32'; data: number[] };

interface WebGPUBackendInternals {
  device: GPUDevice;
  queue: GPUQueue;
  tensorMap: { get(dataId: object): { resource?: unknown } };
  commandQueueOwnedIds: WeakSet<object>;
  commandEncoder: GPUCommandEncoder | null;
  computePassEncoder: GPUComputePassEncoder | null;
  dispatchCountInPass: number;
  activeTimers: unknown[] | null;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
  recordAndSubmit(program: ProgramLike, output: TensorInfoLike, inputs: TensorInfoLike[], uniforms?: Uniform[]): void;
}

/** Entries per map before both are cleared. */
const MAX_ENTRIES = 4096;
const UNIFORM_USAGE = 0x40 | 0x8; // GPUBufferUsage.UNIFORM | COPY_DST

interface CacheState {
  stock: WebGPUBackendInternals['recordAndSubmit'];
  enabled: boolean;
  ids: WeakMap<object, number>;
  nextId: number;
  uniforms: Map<string, GPUBuffer>;
  groups: Map<string, GPUBindGroup>;
  layouts: WeakMap<object, GPUBindGroupLayout>;
  hits: number;
  misses: number;
}

const states = new WeakMap<object, CacheState>();

/** The bytes of tfjs's uniform struct for these fields (makeUniforms' std140-like layout). */
export function uniformBytes(fields: Uniform[]): ArrayBuffer {
  let offset = 0;
  let preLength = 0;
  let maxAlign = 1;
  const offsets: number[] = [];
  for (const d of fields) {
    const n = d.data.length === 0 ? 1 : d.data.length;
    if (n > 6) throw new Error(`uniformBytes: unsupported ${n}D shape`);
    let align = n === 1 ? 4 : n === 2 ? 8 : 16;
    if (preLength === 5 || preLength === 6) align = 16;
    maxAlign = Math.max(maxAlign, align);
    offset = Math.ceil(offset / align) * align;
    preLength = n;
    offsets.push(offset);
    offset += n * 4;
  }
  const bytes = new ArrayBuffer(Math.ceil(offset / maxAlign) * maxAlign);
  fields.forEach((d, i) => {
    const data = d.data.length === 0 ? [1] : d.data;
    const View = d.type === 'int32' ? Int32Array : d.type === 'uint32' ? Uint32Array : Float32Array;
    new View(bytes, offsets[i], data.length).set(data);
  });
  return bytes;
}

function idOf(state: CacheState, o: object): number {
  let id = state.ids.get(o);
  if (id === undefined) {
    id = state.nextId++;
    state.ids.set(o, id);
  }
  return id;
}

/** What setBindGroupCache last asked for; on until then. */
let preference: boolean | undefined;

/**
 * Switches the cache on or off for the current backend and for DSC runs to come, installing it
 * on first use (webgpu only). Returns whether the cache is now in use.
 */
export function setBindGroupCache(enabled: boolean): boolean {
  preference = enabled;
  return applyBindGroupCache(enabled);
}

/** What setBindGroupCache last asked for (undefined: never called). */
export const bindGroupCachePreference = (): boolean | undefined => preference;

/** The cache as setBindGroupCache last set it, on by default (createDsc calls this). */
export const ensureBindGroupCache = (): boolean => applyBindGroupCache(preference ?? true);

function applyBindGroupCache(enabled: boolean): boolean {
  if (tf.getBackend() !== 'webgpu') return false;
  const backend = tf.backend() as unknown as WebGPUBackendInternals;
  let state = states.get(backend);
  if (!state) {
    if (!enabled) return false;
    state = {
      stock: backend.recordAndSubmit.bind(backend),
      enabled,
      ids: new WeakMap(),
      nextId: 1,
      uniforms: new Map(),
      groups: new Map(),
      layouts: new WeakMap(),
      hits: 0,
      misses: 0,
    };
    states.set(backend, state);
    const s = state;
    backend.recordAndSubmit = (program, output, inputs, programUniforms) =>
      s.enabled && cachedRecordAndSubmit(backend, s, program, output, inputs, programUniforms)
        ? undefined
        : s.stock(program, output, inputs, programUniforms);
  }
  state.enabled = enabled;
  if (!enabled) {
    state.uniforms.clear();
    state.groups.clear();
  }
  return enabled;
}

/** Hits and misses of the bind-group cache on the current backend (audit:dsc reports them). */
export function bindGroupCacheStats(): { hits: number; misses: number; entries: number } | null {
  const state = states.get(tf.backend());
  return state?.enabled ? { hits: state.hits, misses: state.misses, entries: state.groups.size } : null;
}

/** tfjs's recordAndSubmit with the two caches; false where it must run tfjs's own instead. */
function cachedRecordAndSubmit(
  backend: WebGPUBackendInternals,
  state: CacheState,
  program: ProgramLike,
  output: TensorInfoLike,
  inputs: TensorInfoLike[],
  programUniforms?: Uniform[],
): boolean {
  const pipeline = program.pipeline;
  if (pipeline instanceof Promise || backend.activeTimers != null || program.pixelsOpType != null) return false;
  const tensors = [output, ...inputs];
  const buffers: GPUBuffer[] = [];
  for (const t of tensors) {
    const resource = backend.tensorMap.get(t.dataId).resource;
    if (!(resource instanceof GPUBuffer)) return false;
    buffers.push(resource);
  }
  // The uniforms as tfjs lays them out: NaN, Infinity, each input's and the output's shape and
  // strides, the size, then the program's own.
  const fields: Uniform[] = [
    { type: 'float32', data: [NaN] },
    { type: 'float32', data: [Infinity] },
  ];
  for (const t of [...inputs, output]) {
    fields.push({ type: 'int32', data: t.shape }, { type: 'int32', data: tf.util.computeStrides(t.shape) });
  }
  if (program.size) {
    const size = tf.util.sizeFromShape((program as unknown as { outputShape: number[] }).outputShape);
    fields.push({ type: 'int32', data: [program.outputComponent ? size / program.outputComponent : size] });
  }
  if (programUniforms) fields.push(...programUniforms);
  let key = '';
  for (const f of fields) key += `${f.type[0]}${f.data.join(',')};`;
  let uniform = state.uniforms.get(key);
  if (!uniform) {
    if (state.uniforms.size >= MAX_ENTRIES) {
      state.uniforms.clear();
      state.groups.clear();
    }
    const bytes = uniformBytes(fields);
    uniform = backend.device.createBuffer({ size: bytes.byteLength, usage: UNIFORM_USAGE });
    backend.queue.writeBuffer(uniform, 0, bytes, 0, bytes.byteLength);
    state.uniforms.set(key, uniform);
  }
  let groupKey = `${idOf(state, pipeline)}|${idOf(state, uniform)}`;
  for (const b of buffers) groupKey += `|${idOf(state, b)}`;
  let group = state.groups.get(groupKey);
  if (group) state.hits++;
  else {
    state.misses++;
    if (state.groups.size >= MAX_ENTRIES) state.groups.clear();
    let layout = state.layouts.get(pipeline);
    if (!layout) {
      layout = pipeline.getBindGroupLayout(0);
      state.layouts.set(pipeline, layout);
    }
    group = backend.device.createBindGroup({
      layout,
      entries: [...buffers.map((buffer, i) => ({ binding: i, resource: { buffer } })), { binding: buffers.length, resource: { buffer: uniform } }],
    });
    state.groups.set(groupKey, group);
  }
  for (const t of tensors) backend.commandQueueOwnedIds.add(t.dataId);
  backend.ensureCommandEncoderReady();
  if (!backend.computePassEncoder) backend.computePassEncoder = backend.commandEncoder!.beginComputePass({});
  const pass = backend.computePassEncoder;
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, group);
  pass.dispatchWorkgroups(program.dispatch[0], program.dispatch[1], program.dispatch[2]);
  backend.dispatchCountInPass++;
  if ((tf.env().get('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE') as number) <= backend.dispatchCountInPass) {
    backend.endComputePassEncoder();
    backend.submitQueue();
  }
  return true;
}
