;; Felzenszwalb-Huttenlocher's merging over the sorted edges (felzenszwalbMergeWasm.ts drives
;; it; felzenszwalb.ts's mergePass, minSizePass and root numbering are the JavaScript version,
;; step for step: the same union-find forest, the same float32 thresholds rounded up, so the
;; same labels).
;;
;; Memory, byte offsets passed in: weights f32[m] ascending, edges i32[m] (4 * pixel +
;; direction), the four direction offsets i32[4], the forest i32[n] (parent, or at a root minus
;; the component's size; all -1 at the start), thresholds f32[n], left-over edges i32[m].
;;
;; Regenerate felzenszwalbMergeWasmBytes.ts after editing: npm run -s build:wasm
;; (wabt 1.0.32's `wat2wasm felzenszwalbMerge.wat` gives the same bytes).
(module
  (import "env" "memory" (memory 1))

  ;; Root of pixel $i, with path halving.
  (func $root (param $pF i32) (param $i i32) (result i32)
    (local $p i32) (local $g i32)
    loop $up
      local.get $pF
      local.get $i
      i32.const 2
      i32.shl
      i32.add
      i32.load
      local.tee $p
      i32.const 0
      i32.lt_s
      if
        local.get $i
        return
      end
      local.get $pF
      local.get $p
      i32.const 2
      i32.shl
      i32.add
      i32.load
      local.tee $g
      i32.const 0
      i32.lt_s
      if
        local.get $p
        return
      end
      local.get $pF
      local.get $i
      i32.const 2
      i32.shl
      i32.add
      local.get $g
      i32.store
      local.get $g
      local.set $i
      br $up
    end
    unreachable
  )

  ;; Union by size of roots $r0 and $r1; returns the surviving root.
  (func $join (param $pF i32) (param $r0 i32) (param $r1 i32) (result i32)
    (local $a0 i32) (local $a1 i32) (local $s i32)
    local.get $pF
    local.get $r0
    i32.const 2
    i32.shl
    i32.add
    local.set $a0
    local.get $pF
    local.get $r1
    i32.const 2
    i32.shl
    i32.add
    local.set $a1
    ;; s = -(s0 + s1) = forest[r0] + forest[r1]
    local.get $a0
    i32.load
    local.get $a1
    i32.load
    i32.add
    local.set $s
    ;; s0 < s1 exactly when forest[r0] > forest[r1]
    local.get $a0
    i32.load
    local.get $a1
    i32.load
    i32.gt_s
    if
      local.get $a0
      local.get $r1
      i32.store
      local.get $a1
      local.get $s
      i32.store
      local.get $r1
      return
    end
    local.get $a1
    local.get $r0
    i32.store
    local.get $a0
    local.get $s
    i32.store
    local.get $r0
  )

  ;; The edges in order: join two components when the weight is below both thresholds
  ;; tau = Int(C) + k / |C| (Eq. 4, 5), the joined one's threshold becoming the weight plus
  ;; k / |C| rounded up to float32; keep in $pB the edges left between two components with one
  ;; below $minSize. Returns how many it kept.
  (func (export "mergePass")
    (param $m i32) (param $scale f64) (param $minSize i32)
    (param $pW i32) (param $pE i32) (param $pOff i32) (param $pF i32) (param $pT i32) (param $pB i32)
    (result i32)
    (local $e i32) (local $pe i32) (local $pa i32) (local $r0 i32) (local $r1 i32) (local $r i32)
    (local $nb i32) (local $wt f32) (local $t f64) (local $f f32) (local $q i32) (local $p i32)
    block $done
      loop $edge
        local.get $e
        local.get $m
        i32.ge_s
        br_if $done
        local.get $pE
        local.get $e
        i32.const 2
        i32.shl
        i32.add
        i32.load
        local.tee $pe
        i32.const 2
        i32.shr_s
        local.set $pa
        local.get $pa
        local.set $q
        ;; root, its first two levels inline (most paths are that short after halving)
        local.get $pF
        local.get $q
        i32.const 2
        i32.shl
        i32.add
        i32.load
        local.tee $p
        i32.const 0
        i32.lt_s
        if (result i32)
          local.get $q
        else
          local.get $pF
          local.get $p
          i32.const 2
          i32.shl
          i32.add
          i32.load
          i32.const 0
          i32.lt_s
          if (result i32)
            local.get $p
          else
            local.get $pF
            local.get $q
            call $root
          end
        end
        local.set $r0
        local.get $pa
        local.get $pOff
        local.get $pe
        i32.const 3
        i32.and
        i32.const 2
        i32.shl
        i32.add
        i32.load
        i32.add
        local.set $q
        ;; root, its first two levels inline (most paths are that short after halving)
        local.get $pF
        local.get $q
        i32.const 2
        i32.shl
        i32.add
        i32.load
        local.tee $p
        i32.const 0
        i32.lt_s
        if (result i32)
          local.get $q
        else
          local.get $pF
          local.get $p
          i32.const 2
          i32.shl
          i32.add
          i32.load
          i32.const 0
          i32.lt_s
          if (result i32)
            local.get $p
          else
            local.get $pF
            local.get $q
            call $root
          end
        end
        local.tee $r1
        local.get $r0
        i32.ne
        if
          local.get $pW
          local.get $e
          i32.const 2
          i32.shl
          i32.add
          f32.load
          local.tee $wt
          local.get $pT
          local.get $r0
          i32.const 2
          i32.shl
          i32.add
          f32.load
          f32.lt
          if (result i32)
            local.get $wt
            local.get $pT
            local.get $r1
            i32.const 2
            i32.shl
            i32.add
            f32.load
            f32.lt
          else
            i32.const 0
          end
          if
            local.get $pF
            local.get $r0
            local.get $r1
            call $join
            local.set $r
            ;; t = wt - scale / forest[r], then rounded up to float32
            local.get $wt
            f64.promote_f32
            local.get $scale
            local.get $pF
            local.get $r
            i32.const 2
            i32.shl
            i32.add
            i32.load
            f64.convert_i32_s
            f64.div
            f64.sub
            local.tee $t
            f32.demote_f64
            local.tee $f
            f64.promote_f32
            local.get $t
            f64.lt
            if
              local.get $f
              i32.reinterpret_f32
              i32.const 1
              i32.add
              f32.reinterpret_i32
              local.set $f
            end
            local.get $pT
            local.get $r
            i32.const 2
            i32.shl
            i32.add
            local.get $f
            f32.store
          else
            ;; -forest[r0] < minSize || -forest[r1] < minSize
            local.get $pF
            local.get $r0
            i32.const 2
            i32.shl
            i32.add
            i32.load
            i32.const 0
            local.get $minSize
            i32.sub
            i32.gt_s
            local.get $pF
            local.get $r1
            i32.const 2
            i32.shl
            i32.add
            i32.load
            i32.const 0
            local.get $minSize
            i32.sub
            i32.gt_s
            i32.or
            if
              local.get $pB
              local.get $nb
              i32.const 2
              i32.shl
              i32.add
              local.get $pe
              i32.store
              local.get $nb
              i32.const 1
              i32.add
              local.set $nb
            end
          end
        end
        local.get $e
        i32.const 1
        i32.add
        local.set $e
        br $edge
      end
    end
    local.get $nb
  )

  ;; Post-processing: along the $nb left-over edges in order, join two components when one is
  ;; below $minSize.
  (func (export "minSizePass")
    (param $nb i32) (param $minSize i32) (param $pB i32) (param $pOff i32) (param $pF i32)
    (local $e i32) (local $pe i32) (local $pa i32) (local $r0 i32) (local $r1 i32) (local $q i32) (local $p i32)
    block $done
      loop $edge
        local.get $e
        local.get $nb
        i32.ge_s
        br_if $done
        local.get $pB
        local.get $e
        i32.const 2
        i32.shl
        i32.add
        i32.load
        local.tee $pe
        i32.const 2
        i32.shr_s
        local.set $pa
        local.get $pa
        local.set $q
        ;; root, its first two levels inline (most paths are that short after halving)
        local.get $pF
        local.get $q
        i32.const 2
        i32.shl
        i32.add
        i32.load
        local.tee $p
        i32.const 0
        i32.lt_s
        if (result i32)
          local.get $q
        else
          local.get $pF
          local.get $p
          i32.const 2
          i32.shl
          i32.add
          i32.load
          i32.const 0
          i32.lt_s
          if (result i32)
            local.get $p
          else
            local.get $pF
            local.get $q
            call $root
          end
        end
        local.set $r0
        local.get $pa
        local.get $pOff
        local.get $pe
        i32.const 3
        i32.and
        i32.const 2
        i32.shl
        i32.add
        i32.load
        i32.add
        local.set $q
        ;; root, its first two levels inline (most paths are that short after halving)
        local.get $pF
        local.get $q
        i32.const 2
        i32.shl
        i32.add
        i32.load
        local.tee $p
        i32.const 0
        i32.lt_s
        if (result i32)
          local.get $q
        else
          local.get $pF
          local.get $p
          i32.const 2
          i32.shl
          i32.add
          i32.load
          i32.const 0
          i32.lt_s
          if (result i32)
            local.get $p
          else
            local.get $pF
            local.get $q
            call $root
          end
        end
        local.tee $r1
        local.get $r0
        i32.ne
        if
          local.get $pF
          local.get $r0
          i32.const 2
          i32.shl
          i32.add
          i32.load
          i32.const 0
          local.get $minSize
          i32.sub
          i32.gt_s
          local.get $pF
          local.get $r1
          i32.const 2
          i32.shl
          i32.add
          i32.load
          i32.const 0
          local.get $minSize
          i32.sub
          i32.gt_s
          i32.or
          if
            local.get $pF
            local.get $r0
            local.get $r1
            call $join
            drop
          end
        end
        local.get $e
        i32.const 1
        i32.add
        local.set $e
        br $edge
      end
    end
  )

  ;; Labels 0..M-1 for the $n pixels, roots numbered in order of first appearance ($pId: i32[n],
  ;; all -1 at the start; $pL: the labels out). Returns M.
  (func (export "label")
    (param $n i32) (param $pF i32) (param $pId i32) (param $pL i32) (result i32)
    (local $p i32) (local $a i32) (local $v i32) (local $next i32)
    block $done
      loop $pixel
        local.get $p
        local.get $n
        i32.ge_s
        br_if $done
        local.get $pId
        local.get $pF
        local.get $p
        call $root
        i32.const 2
        i32.shl
        i32.add
        local.tee $a
        i32.load
        local.tee $v
        i32.const -1
        i32.eq
        if
          local.get $a
          local.get $next
          local.tee $v
          i32.store
          local.get $next
          i32.const 1
          i32.add
          local.set $next
        end
        local.get $pL
        local.get $p
        i32.const 2
        i32.shl
        i32.add
        local.get $v
        i32.store
        local.get $p
        i32.const 1
        i32.add
        local.set $p
        br $pixel
      end
    end
    local.get $next
  )
)
