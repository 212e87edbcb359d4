import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WASM_KERNELS, wasmModuleText } from '../buildWasm';
import { assembleWat } from './watAssembler';

const ROOT = resolve(import.meta.dirname, '../../..');

describe('assembleWat', () => {
  it('the committed generated modules match their .wat sources (npm run -s build:wasm)', () => {
    for (const k of WASM_KERNELS) {
      const bytes = assembleWat(readFileSync(resolve(ROOT, k.wat), 'utf8'));
      expect(WebAssembly.validate(bytes)).toBe(true);
      expect(readFileSync(resolve(ROOT, k.out), 'utf8')).toBe(wasmModuleText(k.wat, k.name, bytes));
    }
  });

  it('assembles a function that runs: labels, loops, locals, constants, SIMD', () => {
    const src = `(module (import "env" "memory" (memory 1))
      (func (export "sum") (param $n i32) (result f64) (local $i i32) (local $s f64) (local $v v128)
        block $done
          loop $next
            local.get $i
            local.get $n
            i32.ge_s
            br_if $done
            local.get $s
            local.get $i
            f64.convert_i32_s
            f64.add
            local.set $s
            local.get $i
            i32.const 1
            i32.add
            local.set $i
            br $next
          end
        end
        local.get $s
        f64x2.splat
        v128.const f64x2 0.5 -0.25
        f64x2.add
        local.tee $v
        f64x2.extract_lane 1
        local.get $v
        f64x2.extract_lane 0
        f64.sub))`;
    const bytes = assembleWat(src);
    const memory = new WebAssembly.Memory({ initial: 1 });
    const sum = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports.sum as (n: number) => number;
    // (0 + 1 + ... + 99 - 0.25) - (4950 + 0.5)
    expect(sum(100)).toBe(-0.75);
  });

  it('names what it cannot assemble', () => {
    expect(() => assembleWat('(module (func i32.popcnt))')).toThrow(/unsupported instruction 'i32.popcnt'/);
    expect(() => assembleWat('(module (func br $nowhere))')).toThrow(/unknown label \$nowhere/);
    expect(() => assembleWat('(module (func (param $a i32) local.get $b))')).toThrow(/unknown local '\$b'/);
    expect(() => assembleWat('(module (func block))')).toThrow(/unclosed block/);
    expect(() => assembleWat('(module')).toThrow(/unbalanced/);
  });
});
