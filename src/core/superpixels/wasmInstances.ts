/** A WebAssembly instance with its own memory. */
export interface WasmInstance {
  memory: WebAssembly.Memory;
  exports: WebAssembly.Exports;
}

/** Instances of one hand-written kernel module (see src/cli/buildWasm.ts). */
export interface WasmInstances {
  /** Whether the module compiles here (WebAssembly present, with the features it uses). */
  available(): boolean;
  /**
   * An instance whose memory holds at least `bytes`, or null where the module cannot run or the
   * memory cannot be had. Valid until the next call: the last instance is reused while it fits
   * (fresh memory costs page faults), one over 64 MiB is not kept. Memory is never grown
   * (growing would detach the callers' views).
   */
  get(bytes: number): WasmInstance | null;
}

const PAGE = 65536;
const KEEP_BYTES = 64 * 2 ** 20;

export function wasmInstances(code: Uint8Array<ArrayBuffer>): WasmInstances {
  let compiled: WebAssembly.Module | null | undefined;
  let last: WasmInstance | null = null;
  const module = (): WebAssembly.Module | null => {
    if (compiled === undefined) {
      compiled = null;
      try {
        if (typeof WebAssembly === 'object' && WebAssembly.validate(code)) compiled = new WebAssembly.Module(code);
      } catch {
        // no WebAssembly here (or compiling refused): callers run their JavaScript path
      }
    }
    return compiled;
  };
  return {
    available: () => module() !== null,
    get(bytes) {
      const m = module();
      if (!m || bytes > 2 ** 31) return null;
      if (!last || last.memory.buffer.byteLength < bytes) {
        last = null;
        try {
          const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / PAGE) });
          last = { memory, exports: new WebAssembly.Instance(m, { env: { memory } }).exports };
        } catch {
          return null; // out of memory: callers run their JavaScript path
        }
      }
      const out = last;
      if (out.memory.buffer.byteLength > KEEP_BYTES) last = null;
      return out;
    },
  };
}
