;; Felzenszwalb-Huttenlocher's graph for sigma in [0.625, 0.875) (Gaussian radius 3, the
;; default 0.8 among them): the blur of gaussianBlur.ts's blurRows3 and blurColumns3 and the
;; edge weights of felzenszwalb.ts's edgeWeights, in WebAssembly (felzenszwalbGraphWasm.ts
;; drives it). The blur runs two values at a time in f64x2 lanes with the JavaScript's double
;; operations in its order (WebAssembly never fuses a multiply and an add); the weights are
;; sqrt in double rounded to float32, as Math.sqrt stored into a Float32Array: the same bits.
;;
;; Regenerate felzenszwalbGraphWasmBytes.ts after editing: npm run -s build:wasm
;; (wabt 1.0.32's `wat2wasm felzenszwalbGraph.wat` gives the same bytes).
(module
  (import "env" "memory" (memory 1))
  ;; Along x: $h rows of $w RGBA pixels at $pSrc into interleaved doubles at $pDst.
  (func (export "blurRows")
    (param $w i32) (param $h i32) (param $pSrc i32) (param $pIdx i32) (param $pPad i32) (param $pDst i32)
    (param $k0 f64) (param $k1 f64) (param $k2 f64) (param $k3 f64)
    (local $y i32) (local $p i32) (local $c i32) (local $a i32) (local $s i32) (local $wp i32) (local $n3 i32)
    (local $vk0 v128) (local $vk1 v128) (local $vk2 v128) (local $vk3 v128)
    local.get $w
    i32.const 6
    i32.add
    local.set $wp
    local.get $w
    i32.const 3
    i32.mul
    local.set $n3
    local.get $k0
    f64x2.splat
    local.set $vk0
    local.get $k1
    f64x2.splat
    local.set $vk1
    local.get $k2
    f64x2.splat
    local.set $vk2
    local.get $k3
    f64x2.splat
    local.set $vk3
    i32.const 0
    local.set $y
    block $rowDone
      loop $row
        local.get $y
        local.get $h
        i32.ge_s
        br_if $rowDone
        ;; the row's R, G, B as doubles, reflected at both ends ($pIdx: source column per padded one)
        i32.const 0
        local.set $p
        block $padDone
          loop $pad
            local.get $p
            local.get $wp
            i32.ge_s
            br_if $padDone
            local.get $pPad
            local.get $p
            i32.const 24
            i32.mul
            i32.add
            local.set $a
            local.get $pSrc
            local.get $y
            local.get $w
            i32.mul
            local.get $pIdx
            local.get $p
            i32.const 2
            i32.shl
            i32.add
            i32.load
            i32.add
            i32.const 2
            i32.shl
            i32.add
            local.set $s
            local.get $a
            local.get $s
            i32.load8_u offset=0
            f64.convert_i32_s
            f64.store offset=0
            local.get $a
            local.get $s
            i32.load8_u offset=1
            f64.convert_i32_s
            f64.store offset=8
            local.get $a
            local.get $s
            i32.load8_u offset=2
            f64.convert_i32_s
            f64.store offset=16
            local.get $p
            i32.const 1
            i32.add
            local.set $p
            br $pad
          end
        end
        i32.const 0
        local.set $c
        block $pairsDone
          loop $pairs
            local.get $c
            i32.const 1
            i32.add
            local.get $n3
            i32.ge_s
            br_if $pairsDone
            local.get $pPad
            local.get $c
            i32.const 3
            i32.shl
            i32.add
            local.set $a
            local.get $pDst
            local.get $c
            i32.const 3
            i32.shl
            i32.add
            local.get $vk0
            local.get $a
            v128.load offset=72 align=8
            f64x2.mul
            local.get $vk1
            local.get $a
            v128.load offset=48 align=8
            local.get $a
            v128.load offset=96 align=8
            f64x2.add
            f64x2.mul
            f64x2.add
            local.get $vk2
            local.get $a
            v128.load offset=24 align=8
            local.get $a
            v128.load offset=120 align=8
            f64x2.add
            f64x2.mul
            f64x2.add
            local.get $vk3
            local.get $a
            v128.load offset=0 align=8
            local.get $a
            v128.load offset=144 align=8
            f64x2.add
            f64x2.mul
            f64x2.add
            v128.store align=8
            local.get $c
            i32.const 2
            i32.add
            local.set $c
            br $pairs
          end
        end
        ;; the last value when 3w is odd
        local.get $c
        local.get $n3
        i32.lt_s
        if
          local.get $pPad
          local.get $c
          i32.const 3
          i32.shl
          i32.add
          local.set $a
          local.get $pDst
          local.get $c
          i32.const 3
          i32.shl
          i32.add
          local.get $k0
          local.get $a
          f64.load offset=72
          f64.mul
          local.get $k1
          local.get $a
          f64.load offset=48
          local.get $a
          f64.load offset=96
          f64.add
          f64.mul
          f64.add
          local.get $k2
          local.get $a
          f64.load offset=24
          local.get $a
          f64.load offset=120
          f64.add
          f64.mul
          f64.add
          local.get $k3
          local.get $a
          f64.load offset=0
          local.get $a
          f64.load offset=144
          f64.add
          f64.mul
          f64.add
          f64.store
        end
        ;; next output row
        local.get $pDst
        local.get $n3
        i32.const 3
        i32.shl
        i32.add
        local.set $pDst
        local.get $y
        i32.const 1
        i32.add
        local.set $y
        br $row
      end
    end
  )

  ;; Along y: interleaved doubles at $pSrc into $pDst ($pRows: source row per padded one).
  (func (export "blurColumns")
    (param $w i32) (param $h i32) (param $pSrc i32) (param $pRows i32) (param $pDst i32)
    (param $k0 f64) (param $k1 f64) (param $k2 f64) (param $k3 f64)
    (local $y i32) (local $i i32) (local $stride i32) (local $d i32)
    (local $u1 i32) (local $u2 i32) (local $u3 i32) (local $d1 i32) (local $d2 i32) (local $d3 i32)
    (local $vk0 v128) (local $vk1 v128) (local $vk2 v128) (local $vk3 v128)
    local.get $w
    i32.const 3
    i32.mul
    local.set $stride
    local.get $k0
    f64x2.splat
    local.set $vk0
    local.get $k1
    f64x2.splat
    local.set $vk1
    local.get $k2
    f64x2.splat
    local.set $vk2
    local.get $k3
    f64x2.splat
    local.set $vk3
    i32.const 0
    local.set $y
    block $rowDone
      loop $row
        local.get $y
        local.get $h
        i32.ge_s
        br_if $rowDone
        local.get $y
        local.get $stride
        i32.mul
        local.set $d
        local.get $pRows
        local.get $y
        i32.const 2
        i32.add
        i32.const 2
        i32.shl
        i32.add
        i32.load
        local.get $stride
        i32.mul
        local.set $u1
        local.get $pRows
        local.get $y
        i32.const 1
        i32.add
        i32.const 2
        i32.shl
        i32.add
        i32.load
        local.get $stride
        i32.mul
        local.set $u2
        local.get $pRows
        local.get $y
        i32.const 0
        i32.add
        i32.const 2
        i32.shl
        i32.add
        i32.load
        local.get $stride
        i32.mul
        local.set $u3
        local.get $pRows
        local.get $y
        i32.const 4
        i32.add
        i32.const 2
        i32.shl
        i32.add
        i32.load
        local.get $stride
        i32.mul
        local.set $d1
        local.get $pRows
        local.get $y
        i32.const 5
        i32.add
        i32.const 2
        i32.shl
        i32.add
        i32.load
        local.get $stride
        i32.mul
        local.set $d2
        local.get $pRows
        local.get $y
        i32.const 6
        i32.add
        i32.const 2
        i32.shl
        i32.add
        i32.load
        local.get $stride
        i32.mul
        local.set $d3
        i32.const 0
        local.set $i
        block $pairsDone
          loop $pairs
            local.get $i
            i32.const 1
            i32.add
            local.get $stride
            i32.ge_s
            br_if $pairsDone
            local.get $pDst
            local.get $d
            local.get $i
            i32.add
            i32.const 3
            i32.shl
            i32.add
            local.get $vk0
            local.get $pSrc
            local.get $d
            local.get $i
            i32.add
            i32.const 3
            i32.shl
            i32.add
            v128.load align=8
            f64x2.mul
            local.get $vk1
            local.get $pSrc
            local.get $u1
            local.get $i
            i32.add
            i32.const 3
            i32.shl
            i32.add
            v128.load align=8
            local.get $pSrc
            local.get $d1
            local.get $i
            i32.add
            i32.const 3
            i32.shl
            i32.add
            v128.load align=8
            f64x2.add
            f64x2.mul
            f64x2.add
            local.get $vk2
            local.get $pSrc
            local.get $u2
            local.get $i
            i32.add
            i32.const 3
            i32.shl
            i32.add
            v128.load align=8
            local.get $pSrc
            local.get $d2
            local.get $i
            i32.add
            i32.const 3
            i32.shl
            i32.add
            v128.load align=8
            f64x2.add
            f64x2.mul
            f64x2.add
            local.get $vk3
            local.get $pSrc
            local.get $u3
            local.get $i
            i32.add
            i32.const 3
            i32.shl
            i32.add
            v128.load align=8
            local.get $pSrc
            local.get $d3
            local.get $i
            i32.add
            i32.const 3
            i32.shl
            i32.add
            v128.load align=8
            f64x2.add
            f64x2.mul
            f64x2.add
            v128.store align=8
            local.get $i
            i32.const 2
            i32.add
            local.set $i
            br $pairs
          end
        end
        ;; the last value when the stride is odd
        local.get $i
        local.get $stride
        i32.lt_s
        if
          local.get $pDst
          local.get $d
          local.get $i
          i32.add
          i32.const 3
          i32.shl
          i32.add
          local.get $k0
          local.get $pSrc
          local.get $d
          local.get $i
          i32.add
          i32.const 3
          i32.shl
          i32.add
          f64.load
          f64.mul
          local.get $k1
          local.get $pSrc
          local.get $u1
          local.get $i
          i32.add
          i32.const 3
          i32.shl
          i32.add
          f64.load
          local.get $pSrc
          local.get $d1
          local.get $i
          i32.add
          i32.const 3
          i32.shl
          i32.add
          f64.load
          f64.add
          f64.mul
          f64.add
          local.get $k2
          local.get $pSrc
          local.get $u2
          local.get $i
          i32.add
          i32.const 3
          i32.shl
          i32.add
          f64.load
          local.get $pSrc
          local.get $d2
          local.get $i
          i32.add
          i32.const 3
          i32.shl
          i32.add
          f64.load
          f64.add
          f64.mul
          f64.add
          local.get $k3
          local.get $pSrc
          local.get $u3
          local.get $i
          i32.add
          i32.const 3
          i32.shl
          i32.add
          f64.load
          local.get $pSrc
          local.get $d3
          local.get $i
          i32.add
          i32.const 3
          i32.shl
          i32.add
          f64.load
          f64.add
          f64.mul
          f64.add
          f64.store
        end
        local.get $y
        i32.const 1
        i32.add
        local.set $y
        br $row
      end
    end
  )

  ;; Euclidean distance between the colour at $i (in $r, $g, $b) and the one at byte offset $j,
  ;; rounded to float32.
  (func $dist (param $r f64) (param $g f64) (param $b f64) (param $j i32) (result f32)
    (local $t f64)
    local.get $r
    local.get $j
    f64.load
    f64.sub
    local.tee $t
    local.get $t
    f64.mul
    local.get $g
    local.get $j
    f64.load offset=8
    f64.sub
    local.tee $t
    local.get $t
    f64.mul
    f64.add
    local.get $b
    local.get $j
    f64.load offset=16
    f64.sub
    local.tee $t
    local.get $t
    f64.mul
    f64.add
    f64.sqrt
    f32.demote_f64
  )

  ;; The 8-neighbour edges of the $w x $h image of interleaved doubles at $pRgb: weights (f32) at
  ;; $pW and edges (4 * pixel + direction) at $pE, group g (right, down, down-right, up-right)
  ;; from index $e<g>, each in raster order of its first pixel.
  (func (export "edgeWeights")
    (param $w i32) (param $h i32) (param $pRgb i32) (param $pW i32) (param $pE i32)
    (param $e0 i32) (param $e1 i32) (param $e2 i32) (param $e3 i32)
    (local $x i32) (local $y i32) (local $p i32) (local $i i32) (local $w1 i32) (local $h1 i32) (local $w24 i32)
    (local $r f64) (local $g f64) (local $bl f64)
    local.get $w
    i32.const 1
    i32.sub
    local.set $w1
    local.get $h
    i32.const 1
    i32.sub
    local.set $h1
    local.get $w
    i32.const 24
    i32.mul
    local.set $w24
    local.get $pRgb
    local.set $i
    i32.const 0
    local.set $y
    block $rowDone
      loop $row
        local.get $y
        local.get $h
        i32.ge_s
        br_if $rowDone
        i32.const 0
        local.set $x
        block $colDone
          loop $col
            local.get $x
            local.get $w
            i32.ge_s
            br_if $colDone
            local.get $i
            f64.load
            local.set $r
            local.get $i
            f64.load offset=8
            local.set $g
            local.get $i
            f64.load offset=16
            local.set $bl
            ;; direction 0
            local.get $x
            local.get $w1
            i32.lt_s
            if
              local.get $pW
              local.get $e0
              i32.const 2
              i32.shl
              i32.add
              local.get $r
              local.get $g
              local.get $bl
              local.get $i
              i32.const 24
              i32.add
              call $dist
              f32.store
              local.get $pE
              local.get $e0
              i32.const 2
              i32.shl
              i32.add
              local.get $p
              i32.const 2
              i32.shl
              i32.const 0
              i32.or
              i32.store
              local.get $e0
              i32.const 1
              i32.add
              local.set $e0
            end
            ;; direction 1
            local.get $y
            local.get $h1
            i32.lt_s
            if
              local.get $pW
              local.get $e1
              i32.const 2
              i32.shl
              i32.add
              local.get $r
              local.get $g
              local.get $bl
              local.get $i
              local.get $w24
              i32.add
              call $dist
              f32.store
              local.get $pE
              local.get $e1
              i32.const 2
              i32.shl
              i32.add
              local.get $p
              i32.const 2
              i32.shl
              i32.const 1
              i32.or
              i32.store
              local.get $e1
              i32.const 1
              i32.add
              local.set $e1
            end
            ;; direction 2
            local.get $x
            local.get $w1
            i32.lt_s
            local.get $y
            local.get $h1
            i32.lt_s
            i32.and
            if
              local.get $pW
              local.get $e2
              i32.const 2
              i32.shl
              i32.add
              local.get $r
              local.get $g
              local.get $bl
              local.get $i
              local.get $w24
              i32.add
              i32.const 24
              i32.add
              call $dist
              f32.store
              local.get $pE
              local.get $e2
              i32.const 2
              i32.shl
              i32.add
              local.get $p
              i32.const 2
              i32.shl
              i32.const 2
              i32.or
              i32.store
              local.get $e2
              i32.const 1
              i32.add
              local.set $e2
            end
            ;; direction 3
            local.get $x
            local.get $w1
            i32.lt_s
            local.get $y
            i32.const 0
            i32.gt_s
            i32.and
            if
              local.get $pW
              local.get $e3
              i32.const 2
              i32.shl
              i32.add
              local.get $r
              local.get $g
              local.get $bl
              local.get $i
              local.get $w24
              i32.sub
              i32.const 24
              i32.add
              call $dist
              f32.store
              local.get $pE
              local.get $e3
              i32.const 2
              i32.shl
              i32.add
              local.get $p
              i32.const 2
              i32.shl
              i32.const 3
              i32.or
              i32.store
              local.get $e3
              i32.const 1
              i32.add
              local.set $e3
            end
            local.get $p
            i32.const 1
            i32.add
            local.set $p
            local.get $i
            i32.const 24
            i32.add
            local.set $i
            local.get $x
            i32.const 1
            i32.add
            local.set $x
            br $col
          end
        end
        local.get $y
        i32.const 1
        i32.add
        local.set $y
        br $row
      end
    end
  )
)
