;; SLIC's assignment step for one image row (slicAssignWasm.ts drives it; slic.ts's assignStep is
;; the JavaScript version). Two pixels at a time in f64x2 lanes, with the same IEEE double
;; operations in the same order as the JavaScript (WebAssembly never fuses a multiply and an
;; add), and the comparison d < best as a lane mask that selects the distance and the label
;; without a branch: the labels are bit for bit those of the JavaScript path.
;;
;; Regenerate slicAssignWasmBytes.ts after editing: npm run -s build:wasm
;; (wabt 1.0.32's `wat2wasm slicAssign.wat` gives the same bytes).
(module
  (import "env" "memory" (memory 1))

  ;; Row $row (its first pixel's index): every pixel of the row takes, among the centre
  ;; records in order, the first with the smallest D = d_lab^2 * scale + d_xy^2 / S^2; label -1
  ;; where no record's window reaches. Writes the labels (i32) at $pOut + 4 * pixel and returns
  ;; how many are -1.
  ;; Record (9 f64 at $pRec + 72 a): cx, dy^2 / S^2, L, a, b, colour scale, first column,
  ;; last column, centre index.
  (func (export "assignRow")
    (param $row i32) (param $w i32) (param $na i32) (param $invS2 f64)
    (param $pL i32) (param $pA i32) (param $pB i32)
    (param $pDist i32) (param $pLbl i32) (param $pRec i32) (param $pOut i32)
    (result i32)
    (local $missing i32) (local $lbl i32) (local $x i32) (local $x1 i32) (local $a i32) (local $r i32) (local $q i32) (local $o i32)
    (local $ccx f64) (local $dyy f64) (local $l0 f64) (local $a0 f64) (local $b0 f64)
    (local $scale f64) (local $c i64) (local $t f64) (local $d f64)
    (local $vx v128) (local $vccx v128) (local $vdyy v128) (local $vl0 v128) (local $va0 v128)
    (local $vb0 v128) (local $vscale v128) (local $vinv v128) (local $vc v128) (local $vt v128)
    (local $vsp v128) (local $vd v128) (local $vbest v128) (local $vm v128)

    ;; Row scratch: best distance +inf (f64) and label -1 (i64) per column.
    i32.const 0
    local.set $x
    block $initDone
      loop $init
        local.get $x
        local.get $w
        i32.ge_s
        br_if $initDone
        local.get $pDist
        local.get $x
        i32.const 3
        i32.shl
        i32.add
        f64.const inf
        f64.store
        local.get $pLbl
        local.get $x
        i32.const 3
        i32.shl
        i32.add
        i64.const -1
        i64.store
        local.get $x
        i32.const 1
        i32.add
        local.set $x
        br $init
      end
    end

    local.get $invS2
    f64x2.splat
    local.set $vinv
    i32.const 0
    local.set $a
    block $recDone
      loop $rec
        local.get $a
        local.get $na
        i32.ge_s
        br_if $recDone
        local.get $pRec
        local.get $a
        i32.const 72
        i32.mul
        i32.add
        local.set $r
        local.get $r
        f64.load offset=0
        local.tee $ccx
        f64x2.splat
        local.set $vccx
        local.get $r
        f64.load offset=8
        local.tee $dyy
        f64x2.splat
        local.set $vdyy
        local.get $r
        f64.load offset=16
        local.tee $l0
        f64x2.splat
        local.set $vl0
        local.get $r
        f64.load offset=24
        local.tee $a0
        f64x2.splat
        local.set $va0
        local.get $r
        f64.load offset=32
        local.tee $b0
        f64x2.splat
        local.set $vb0
        local.get $r
        f64.load offset=40
        local.tee $scale
        f64x2.splat
        local.set $vscale
        local.get $r
        f64.load offset=48
        i32.trunc_f64_s
        local.set $x
        local.get $r
        f64.load offset=56
        i32.trunc_f64_s
        local.set $x1
        local.get $r
        f64.load offset=64
        i64.trunc_f64_s
        local.tee $c
        i64x2.splat
        local.set $vc
        ;; Lanes hold columns x and x + 1.
        local.get $x
        f64.convert_i32_s
        f64x2.splat
        v128.const f64x2 0 1
        f64x2.add
        local.set $vx

        block $pairsDone
          loop $pairs
            local.get $x
            i32.const 1
            i32.add
            local.get $x1
            i32.gt_s
            br_if $pairsDone
            ;; q: byte offset of pixel (row + x) in the planar f64 channels
            local.get $row
            local.get $x
            i32.add
            i32.const 3
            i32.shl
            local.set $q
            ;; spatial = dx * dx * invS2 + dyy
            local.get $vx
            local.get $vccx
            f64x2.sub
            local.tee $vt
            local.get $vt
            f64x2.mul
            local.get $vinv
            f64x2.mul
            local.get $vdyy
            f64x2.add
            local.set $vsp
            ;; d = (dl * dl + da * da + db * db) * scale + spatial
            local.get $pL
            local.get $q
            i32.add
            v128.load align=8
            local.get $vl0
            f64x2.sub
            local.tee $vt
            local.get $vt
            f64x2.mul
            local.get $pA
            local.get $q
            i32.add
            v128.load align=8
            local.get $va0
            f64x2.sub
            local.tee $vt
            local.get $vt
            f64x2.mul
            f64x2.add
            local.get $pB
            local.get $q
            i32.add
            v128.load align=8
            local.get $vb0
            f64x2.sub
            local.tee $vt
            local.get $vt
            f64x2.mul
            f64x2.add
            local.get $vscale
            f64x2.mul
            local.get $vsp
            f64x2.add
            local.set $vd
            ;; where d < best: best = d, label = c
            local.get $pDist
            local.get $x
            i32.const 3
            i32.shl
            i32.add
            local.tee $o
            v128.load align=8
            local.set $vbest
            local.get $vd
            local.get $vbest
            f64x2.lt
            local.set $vm
            local.get $o
            local.get $vd
            local.get $vbest
            local.get $vm
            v128.bitselect
            v128.store align=8
            local.get $pLbl
            local.get $x
            i32.const 3
            i32.shl
            i32.add
            local.tee $o
            local.get $vc
            local.get $o
            v128.load align=8
            local.get $vm
            v128.bitselect
            v128.store align=8
            local.get $x
            i32.const 2
            i32.add
            local.set $x
            local.get $vx
            v128.const f64x2 2 2
            f64x2.add
            local.set $vx
            br $pairs
          end
        end

        ;; The window's last column when its width is odd, one lane's worth in scalars.
        local.get $x
        local.get $x1
        i32.le_s
        if
          local.get $row
          local.get $x
          i32.add
          i32.const 3
          i32.shl
          local.set $q
          local.get $x
          f64.convert_i32_s
          local.get $ccx
          f64.sub
          local.tee $t
          local.get $t
          f64.mul
          local.get $invS2
          f64.mul
          local.get $dyy
          f64.add
          local.set $d
          local.get $pL
          local.get $q
          i32.add
          f64.load
          local.get $l0
          f64.sub
          local.tee $t
          local.get $t
          f64.mul
          local.get $pA
          local.get $q
          i32.add
          f64.load
          local.get $a0
          f64.sub
          local.tee $t
          local.get $t
          f64.mul
          f64.add
          local.get $pB
          local.get $q
          i32.add
          f64.load
          local.get $b0
          f64.sub
          local.tee $t
          local.get $t
          f64.mul
          f64.add
          local.get $scale
          f64.mul
          local.get $d
          f64.add
          local.tee $d
          local.get $pDist
          local.get $x
          i32.const 3
          i32.shl
          i32.add
          local.tee $o
          f64.load
          f64.lt
          if
            local.get $o
            local.get $d
            f64.store
            local.get $pLbl
            local.get $x
            i32.const 3
            i32.shl
            i32.add
            local.get $c
            i64.store
          end
        end

        local.get $a
        i32.const 1
        i32.add
        local.set $a
        br $rec
      end
    end

    ;; Labels out, as i32.
    i32.const 0
    local.set $x
    block $outDone
      loop $out
        local.get $x
        local.get $w
        i32.ge_s
        br_if $outDone
        local.get $pOut
        local.get $row
        local.get $x
        i32.add
        i32.const 2
        i32.shl
        i32.add
        local.get $pLbl
        local.get $x
        i32.const 3
        i32.shl
        i32.add
        i64.load
        i32.wrap_i64
        local.tee $lbl
        i32.store
        local.get $missing
        local.get $lbl
        i32.const -1
        i32.eq
        i32.add
        local.set $missing
        local.get $x
        i32.const 1
        i32.add
        local.set $x
        br $out
      end
    end
    local.get $missing
  )

  ;; Row $y's contribution to the per-cluster sums (f64 arrays at $pSY, $pSX, $pSL, $pSA, $pSB
  ;; indexed by label; pixel counts, i32, at $pCnt), from its labels at $pOut: run by run of one
  ;; label, the colours added in raster order as slic.ts's accumulateRow adds them, the
  ;; positions (integers, exact in doubles) once per run.
  (func (export "accumulateRow")
    (param $y i32) (param $w i32) (param $pL i32) (param $pA i32) (param $pB i32) (param $pOut i32)
    (param $pSY i32) (param $pSX i32) (param $pSL i32) (param $pSA i32) (param $pSB i32) (param $pCnt i32)
    (local $row i32) (local $x i32) (local $start i32) (local $c i32) (local $q i32) (local $len i32)
    (local $l f64) (local $a f64) (local $b f64)
    local.get $y
    local.get $w
    i32.mul
    local.set $row
    block $rowDone
      loop $run
        local.get $x
        local.get $w
        i32.ge_s
        br_if $rowDone
        local.get $x
        local.set $start
        local.get $pOut
        local.get $row
        local.get $x
        i32.add
        i32.const 2
        i32.shl
        i32.add
        i32.load
        local.tee $c
        i32.const 3
        i32.shl
        local.set $q
        local.get $pSL
        local.get $q
        i32.add
        f64.load
        local.set $l
        local.get $pSA
        local.get $q
        i32.add
        f64.load
        local.set $a
        local.get $pSB
        local.get $q
        i32.add
        f64.load
        local.set $b
        block $runDone
          loop $pixel
            local.get $row
            local.get $x
            i32.add
            i32.const 3
            i32.shl
            local.set $q
            local.get $l
            local.get $pL
            local.get $q
            i32.add
            f64.load
            f64.add
            local.set $l
            local.get $a
            local.get $pA
            local.get $q
            i32.add
            f64.load
            f64.add
            local.set $a
            local.get $b
            local.get $pB
            local.get $q
            i32.add
            f64.load
            f64.add
            local.set $b
            local.get $x
            i32.const 1
            i32.add
            local.tee $x
            local.get $w
            i32.ge_s
            br_if $runDone
            local.get $pOut
            local.get $row
            local.get $x
            i32.add
            i32.const 2
            i32.shl
            i32.add
            i32.load
            local.get $c
            i32.eq
            br_if $pixel
          end
        end
        local.get $c
        i32.const 3
        i32.shl
        local.set $q
        local.get $pSL
        local.get $q
        i32.add
        local.get $l
        f64.store
        local.get $pSA
        local.get $q
        i32.add
        local.get $a
        f64.store
        local.get $pSB
        local.get $q
        i32.add
        local.get $b
        f64.store
        local.get $x
        local.get $start
        i32.sub
        local.set $len
        ;; cnt += len
        local.get $pCnt
        local.get $c
        i32.const 2
        i32.shl
        i32.add
        local.tee $q
        local.get $q
        i32.load
        local.get $len
        i32.add
        i32.store
        ;; sumY += y * len
        local.get $pSY
        local.get $c
        i32.const 3
        i32.shl
        i32.add
        local.tee $q
        local.get $q
        f64.load
        local.get $y
        f64.convert_i32_s
        local.get $len
        f64.convert_i32_s
        f64.mul
        f64.add
        f64.store
        ;; sumX += ((start + x - 1) * len) / 2
        local.get $pSX
        local.get $c
        i32.const 3
        i32.shl
        i32.add
        local.tee $q
        local.get $q
        f64.load
        local.get $start
        local.get $x
        i32.add
        i32.const 1
        i32.sub
        f64.convert_i32_s
        local.get $len
        f64.convert_i32_s
        f64.mul
        f64.const 2
        f64.div
        f64.add
        f64.store
        br $run
      end
    end
  )
)
