;; Stable LSD radix sort of (key, payload) pairs by uint32 key, two passes of 16 bits, as
;; radixSort.ts's sortByNonNegativeFloat32 does it in JavaScript (radixSortWasm.ts drives it):
;; the same order. Memory, byte offsets passed in: keys u32[n] and payloads i32[n] (sorted in
;; place), scratch u32[n] and i32[n], and two count tables u32[65536] zeroed by the caller.
;;
;; Regenerate radixSortWasmBytes.ts after editing: npm run -s build:wasm
;; (wabt 1.0.32's `wat2wasm radixSort.wat` gives the same bytes).
(module
  (import "env" "memory" (memory 1))

  ;; Counts -> exclusive running sums, in place, for the 65536 entries at $p.
  (func $offsets (param $p i32)
    (local $b i32) (local $sum i32) (local $c i32) (local $a i32)
    block $done
      loop $entry
        local.get $b
        i32.const 65536
        i32.ge_s
        br_if $done
        local.get $p
        local.get $b
        i32.const 2
        i32.shl
        i32.add
        local.tee $a
        i32.load
        local.set $c
        local.get $a
        local.get $sum
        i32.store
        local.get $sum
        local.get $c
        i32.add
        local.set $sum
        local.get $b
        i32.const 1
        i32.add
        local.set $b
        br $entry
      end
    end
  )

  (func (export "sort")
    (param $n i32) (param $pK i32) (param $pV i32) (param $pK2 i32) (param $pV2 i32)
    (param $pLow i32) (param $pHigh i32)
    (local $i i32) (local $key i32) (local $a i32) (local $at i32) (local $t i32)
    ;; Both digits' counts in one read of the keys.
    block $countDone
      loop $count
        local.get $i
        local.get $n
        i32.ge_s
        br_if $countDone
        local.get $pLow
        local.get $pK
        local.get $i
        i32.const 2
        i32.shl
        i32.add
        i32.load
        local.tee $key
        i32.const 65535
        i32.and
        i32.const 2
        i32.shl
        i32.add
        local.tee $a
        local.get $a
        i32.load
        i32.const 1
        i32.add
        i32.store
        local.get $pHigh
        local.get $key
        i32.const 16
        i32.shr_u
        i32.const 2
        i32.shl
        i32.add
        local.tee $a
        local.get $a
        i32.load
        i32.const 1
        i32.add
        i32.store
        local.get $i
        i32.const 1
        i32.add
        local.set $i
        br $count
      end
    end
    local.get $pLow
    call $offsets
    local.get $pHigh
    call $offsets
    ;; Low digit: from the given arrays into the scratch ones.
    i32.const 0
    local.set $i
    block $lowDone
      loop $low
        local.get $i
        local.get $n
        i32.ge_s
        br_if $lowDone
        local.get $pK
        local.get $i
        i32.const 2
        i32.shl
        i32.add
        i32.load
        local.set $key
        ;; at = table[digit]++
        local.get $pLow
        local.get $key
        i32.const 65535
        i32.and
        i32.const 2
        i32.shl
        i32.add
        local.tee $a
        i32.load
        local.tee $at
        i32.const 1
        i32.add
        local.set $t
        local.get $a
        local.get $t
        i32.store
        local.get $pK2
        local.get $at
        i32.const 2
        i32.shl
        i32.add
        local.get $key
        i32.store
        local.get $pV2
        local.get $at
        i32.const 2
        i32.shl
        i32.add
        local.get $pV
        local.get $i
        i32.const 2
        i32.shl
        i32.add
        i32.load
        i32.store
        local.get $i
        i32.const 1
        i32.add
        local.set $i
        br $low
      end
    end
    ;; High digit: back into the given arrays.
    i32.const 0
    local.set $i
    block $highDone
      loop $high
        local.get $i
        local.get $n
        i32.ge_s
        br_if $highDone
        local.get $pK2
        local.get $i
        i32.const 2
        i32.shl
        i32.add
        i32.load
        local.set $key
        ;; at = table[digit]++
        local.get $pHigh
        local.get $key
        i32.const 16
        i32.shr_u
        i32.const 2
        i32.shl
        i32.add
        local.tee $a
        i32.load
        local.tee $at
        i32.const 1
        i32.add
        local.set $t
        local.get $a
        local.get $t
        i32.store
        local.get $pK
        local.get $at
        i32.const 2
        i32.shl
        i32.add
        local.get $key
        i32.store
        local.get $pV
        local.get $at
        i32.const 2
        i32.shl
        i32.add
        local.get $pV2
        local.get $i
        i32.const 2
        i32.shl
        i32.add
        i32.load
        i32.store
        local.get $i
        i32.const 1
        i32.add
        local.set $i
        br $high
      end
    end
  )
)
