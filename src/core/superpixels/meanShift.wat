;; Mean shift mode filtering (meanShift.ts's filterModes and windowMean; meanShiftWasm.ts drives
;; it): the climbs of a band of rows, window sums included. L and u of a pixel sit side by side
;; in the interleaved colour image and are handled as one f64x2 (lane 0 L, lane 1 u); every
;; IEEE double operation is the JavaScript's, in its order (WebAssembly never fuses a multiply
;; and an add): the lane sums are the JavaScript's running sums sL and su, the squared range
;; distance is (dl * dl + du * du) + dv * dv, positions and counts are integers (exact in i32 as
;; in doubles), modes are rounded to float32 by f32.demote_f64 as a Float32Array store rounds
;; them, and Math.round (ties up; its arguments here are never negative) is floor plus
;; (x - floor(x) >= 0.5). The modes are bit for bit those of the JavaScript path.
;;
;; Regenerate meanShiftWasmBytes.ts after editing: npm run -s build:wasm
(module
  (import "env" "memory" (memory 1))

  ;; Math.round for x >= 0.
  (func $round (param $x f64) (result i32) (local $f f64)
    local.get $x
    f64.floor
    local.tee $f
    i32.trunc_f64_s
    local.get $x
    local.get $f
    f64.sub
    f64.const 0.5
    f64.ge
    i32.add
  )

  ;; Climbs from every pixel of rows $y0..$y1-1 whose mode is not known yet. Memory: colours
  ;; divided by hr (f64, 3 per pixel, interleaved) at $pC, modes (f32, 3 per pixel) at $pModes,
  ;; state (u8 per pixel: 0 unvisited, 1 on the current trajectory, 2 mode known) at $pState,
  ;; trajectory scratch (i32 per pixel) at $pTraj, the disc's half widths (i32, $r + 1) at $pSpan.
  ;; $high: EDISON's high speedup (1) or none (0).
  (func (export "filterRows")
    (param $y0 i32) (param $y1 i32) (param $w i32) (param $h i32) (param $r i32)
    (param $invHs2 f64) (param $high i32) (param $maxIter i32)
    (param $pC i32) (param $pModes i32) (param $pState i32) (param $pTraj i32) (param $pSpan i32)
    (local $py i32) (local $px i32) (local $i i32) (local $len i32) (local $it i32)
    (local $cx i32) (local $cy i32) (local $qy i32) (local $qy1 i32) (local $qx i32) (local $x1 i32)
    (local $span i32) (local $q i32) (local $p i32) (local $cnt i32) (local $rowCnt i32)
    (local $sx i32) (local $sy i32) (local $s i32) (local $t32 i32)
    (local $yx f64) (local $yy f64) (local $yv f64) (local $ey2 f64) (local $dr f64) (local $t f64)
    (local $sv f64) (local $fc f64) (local $mx f64) (local $my f64) (local $mv f64) (local $shift f64)
    (local $yLu v128) (local $sLu v128) (local $d2 v128) (local $lu v128) (local $mLu v128)

    local.get $y0
    local.set $py
    block $rowsDone
      loop $rows
        local.get $py
        local.get $y1
        i32.ge_s
        br_if $rowsDone
        i32.const 0
        local.set $px
        block $colsDone
          loop $cols
            local.get $px
            local.get $w
            i32.ge_s
            br_if $colsDone
            block $pixelDone
              ;; i = py * w + px; skip it when its mode is known
              local.get $py
              local.get $w
              i32.mul
              local.get $px
              i32.add
              local.tee $i
              local.get $pState
              i32.add
              i32.load8_u
              i32.const 2
              i32.eq
              br_if $pixelDone
              ;; y = (px, py, colour of i); the trajectory holds i
              local.get $px
              f64.convert_i32_s
              local.set $yx
              local.get $py
              f64.convert_i32_s
              local.set $yy
              local.get $pC
              local.get $i
              i32.const 24
              i32.mul
              i32.add
              local.tee $q
              v128.load align=8
              local.set $yLu
              local.get $q
              f64.load offset=16
              local.set $yv
              local.get $pTraj
              local.get $i
              i32.store
              local.get $pState
              local.get $i
              i32.add
              i32.const 1
              i32.store8
              i32.const 1
              local.set $len
              i32.const 0
              local.set $it
              block $climbDone
                loop $climb
                  local.get $it
                  local.get $maxIter
                  i32.ge_s
                  br_if $climbDone

                  ;; Window (windowMean): rows max(0, cy - r)..min(h - 1, cy + r)
                  local.get $yx
                  call $round
                  local.set $cx
                  local.get $yy
                  call $round
                  local.set $cy
                  local.get $cy
                  local.get $r
                  i32.sub
                  local.tee $qy
                  i32.const 0
                  local.get $qy
                  i32.const 0
                  i32.ge_s
                  select
                  local.set $qy
                  local.get $cy
                  local.get $r
                  i32.add
                  local.tee $qy1
                  local.get $h
                  i32.const 1
                  i32.sub
                  local.get $qy1
                  local.get $h
                  i32.lt_s
                  select
                  local.set $qy1
                  v128.const f64x2 0 0
                  local.set $sLu
                  f64.const 0
                  local.set $sv
                  i32.const 0
                  local.set $cnt
                  i32.const 0
                  local.set $sx
                  i32.const 0
                  local.set $sy
                  block $winDone
                    loop $winRows
                      local.get $qy
                      local.get $qy1
                      i32.gt_s
                      br_if $winDone
                      ;; span = halfSpan[|qy - cy|]
                      local.get $qy
                      local.get $cy
                      i32.sub
                      local.tee $t32
                      i32.const 0
                      local.get $t32
                      i32.sub
                      local.get $t32
                      i32.const 0
                      i32.ge_s
                      select
                      i32.const 2
                      i32.shl
                      local.get $pSpan
                      i32.add
                      i32.load
                      local.set $span
                      ;; columns max(0, cx - span)..min(w - 1, cx + span)
                      local.get $cx
                      local.get $span
                      i32.sub
                      local.tee $qx
                      i32.const 0
                      local.get $qx
                      i32.const 0
                      i32.ge_s
                      select
                      local.set $qx
                      local.get $cx
                      local.get $span
                      i32.add
                      local.tee $x1
                      local.get $w
                      i32.const 1
                      i32.sub
                      local.get $x1
                      local.get $w
                      i32.lt_s
                      select
                      local.set $x1
                      ;; ey2 = (qy - yy)^2
                      local.get $qy
                      f64.convert_i32_s
                      local.get $yy
                      f64.sub
                      local.tee $t
                      local.get $t
                      f64.mul
                      local.set $ey2
                      ;; p: pixel (qx, qy); q: its colour's address
                      local.get $qy
                      local.get $w
                      i32.mul
                      local.get $qx
                      i32.add
                      local.tee $p
                      i32.const 24
                      i32.mul
                      local.get $pC
                      i32.add
                      local.set $q
                      i32.const 0
                      local.set $rowCnt
                      block $pixDone
                        loop $pix
                          local.get $qx
                          local.get $x1
                          i32.gt_s
                          br_if $pixDone
                          ;; dr = dl * dl + du * du + dv * dv
                          local.get $q
                          v128.load align=8
                          local.tee $lu
                          local.get $yLu
                          f64x2.sub
                          local.tee $d2
                          local.get $d2
                          f64x2.mul
                          local.tee $d2
                          f64x2.extract_lane 0
                          local.get $d2
                          f64x2.extract_lane 1
                          f64.add
                          local.get $q
                          f64.load offset=16
                          local.get $yv
                          f64.sub
                          local.tee $t
                          local.get $t
                          f64.mul
                          f64.add
                          local.tee $dr
                          f64.const 1
                          f64.lt
                          if
                            local.get $sx
                            local.get $qx
                            i32.add
                            local.set $sx
                            local.get $rowCnt
                            i32.const 1
                            i32.add
                            local.set $rowCnt
                            local.get $sLu
                            local.get $lu
                            f64x2.add
                            local.set $sLu
                            local.get $sv
                            local.get $q
                            f64.load offset=16
                            f64.add
                            local.set $sv
                            ;; High speedup: near the window centre in the joint domain, an
                            ;; unvisited pixel joins the trajectory.
                            local.get $high
                            local.get $dr
                            f64.const 0.25
                            f64.lt
                            i32.and
                            if
                              local.get $pState
                              local.get $p
                              i32.add
                              i32.load8_u
                              i32.eqz
                              if
                                local.get $dr
                                local.get $qx
                                f64.convert_i32_s
                                local.get $yx
                                f64.sub
                                local.tee $t
                                local.get $t
                                f64.mul
                                local.get $ey2
                                f64.add
                                local.get $invHs2
                                f64.mul
                                f64.add
                                f64.const 0.25
                                f64.lt
                                if
                                  local.get $pState
                                  local.get $p
                                  i32.add
                                  i32.const 1
                                  i32.store8
                                  local.get $pTraj
                                  local.get $len
                                  i32.const 2
                                  i32.shl
                                  i32.add
                                  local.get $p
                                  i32.store
                                  local.get $len
                                  i32.const 1
                                  i32.add
                                  local.set $len
                                end
                              end
                            end
                          end
                          local.get $qx
                          i32.const 1
                          i32.add
                          local.set $qx
                          local.get $p
                          i32.const 1
                          i32.add
                          local.set $p
                          local.get $q
                          i32.const 24
                          i32.add
                          local.set $q
                          br $pix
                        end
                      end
                      ;; sy += qy * rowCnt; cnt += rowCnt
                      local.get $sy
                      local.get $qy
                      local.get $rowCnt
                      i32.mul
                      i32.add
                      local.set $sy
                      local.get $cnt
                      local.get $rowCnt
                      i32.add
                      local.set $cnt
                      local.get $qy
                      i32.const 1
                      i32.add
                      local.set $qy
                      br $winRows
                    end
                  end

                  ;; No pixel in range: the trajectory ends here.
                  local.get $cnt
                  i32.eqz
                  br_if $climbDone
                  ;; m = sums / cnt
                  local.get $cnt
                  f64.convert_i32_s
                  local.set $fc
                  local.get $sx
                  f64.convert_i32_s
                  local.get $fc
                  f64.div
                  local.set $mx
                  local.get $sy
                  f64.convert_i32_s
                  local.get $fc
                  f64.div
                  local.set $my
                  local.get $sLu
                  local.get $fc
                  f64x2.splat
                  f64x2.div
                  local.set $mLu
                  local.get $sv
                  local.get $fc
                  f64.div
                  local.set $mv
                  ;; shift = (ddx * ddx + ddy * ddy) * invHs2 + dL * dL + du * du + dv * dv
                  local.get $mx
                  local.get $yx
                  f64.sub
                  local.tee $t
                  local.get $t
                  f64.mul
                  local.get $my
                  local.get $yy
                  f64.sub
                  local.tee $t
                  local.get $t
                  f64.mul
                  f64.add
                  local.get $invHs2
                  f64.mul
                  local.get $mLu
                  local.get $yLu
                  f64x2.sub
                  local.tee $d2
                  local.get $d2
                  f64x2.mul
                  local.tee $d2
                  f64x2.extract_lane 0
                  f64.add
                  local.get $d2
                  f64x2.extract_lane 1
                  f64.add
                  local.get $mv
                  local.get $yv
                  f64.sub
                  local.tee $t
                  local.get $t
                  f64.mul
                  f64.add
                  local.set $shift
                  local.get $mx
                  local.set $yx
                  local.get $my
                  local.set $yy
                  local.get $mLu
                  local.set $yLu
                  local.get $mv
                  local.set $yv

                  local.get $high
                  if
                    ;; p: the pixel under y
                    local.get $yy
                    call $round
                    local.get $w
                    i32.mul
                    local.get $yx
                    call $round
                    i32.add
                    local.tee $p
                    local.get $pState
                    i32.add
                    i32.load8_u
                    local.tee $s
                    i32.const 2
                    i32.eq
                    if
                      ;; Its mode is known: when near, this trajectory ends there too.
                      local.get $pModes
                      local.get $p
                      i32.const 12
                      i32.mul
                      i32.add
                      local.tee $q
                      f32.load
                      f64.promote_f32
                      local.get $yLu
                      f64x2.extract_lane 0
                      f64.sub
                      local.tee $t
                      local.get $t
                      f64.mul
                      local.get $q
                      f32.load offset=4
                      f64.promote_f32
                      local.get $yLu
                      f64x2.extract_lane 1
                      f64.sub
                      local.tee $t
                      local.get $t
                      f64.mul
                      f64.add
                      local.get $q
                      f32.load offset=8
                      f64.promote_f32
                      local.get $yv
                      f64.sub
                      local.tee $t
                      local.get $t
                      f64.mul
                      f64.add
                      f64.const 0.25
                      f64.lt
                      if
                        local.get $q
                        f32.load
                        f64.promote_f32
                        f64x2.splat
                        local.get $q
                        f32.load offset=4
                        f64.promote_f32
                        f64x2.replace_lane 1
                        local.set $yLu
                        local.get $q
                        f32.load offset=8
                        f64.promote_f32
                        local.set $yv
                        br $climbDone
                      end
                    else
                      local.get $s
                      i32.eqz
                      if
                        ;; Unvisited and within hr/2 in range: it joins the trajectory.
                        local.get $pC
                        local.get $p
                        i32.const 24
                        i32.mul
                        i32.add
                        local.tee $q
                        v128.load align=8
                        local.get $yLu
                        f64x2.sub
                        local.tee $d2
                        local.get $d2
                        f64x2.mul
                        local.tee $d2
                        f64x2.extract_lane 0
                        local.get $d2
                        f64x2.extract_lane 1
                        f64.add
                        local.get $q
                        f64.load offset=16
                        local.get $yv
                        f64.sub
                        local.tee $t
                        local.get $t
                        f64.mul
                        f64.add
                        f64.const 0.25
                        f64.lt
                        if
                          local.get $pState
                          local.get $p
                          i32.add
                          i32.const 1
                          i32.store8
                          local.get $pTraj
                          local.get $len
                          i32.const 2
                          i32.shl
                          i32.add
                          local.get $p
                          i32.store
                          local.get $len
                          i32.const 1
                          i32.add
                          local.set $len
                        end
                      end
                    end
                  end
                  local.get $shift
                  f64.const 0.01
                  f64.lt
                  br_if $climbDone
                  local.get $it
                  i32.const 1
                  i32.add
                  local.set $it
                  br $climb
                end
              end

              ;; Every pixel of the trajectory takes the mode (as float32).
              i32.const 0
              local.set $t32
              block $trajDone
                loop $traj
                  local.get $t32
                  local.get $len
                  i32.ge_s
                  br_if $trajDone
                  local.get $pTraj
                  local.get $t32
                  i32.const 2
                  i32.shl
                  i32.add
                  i32.load
                  local.tee $p
                  local.get $pState
                  i32.add
                  i32.const 2
                  i32.store8
                  local.get $pModes
                  local.get $p
                  i32.const 12
                  i32.mul
                  i32.add
                  local.tee $q
                  local.get $yLu
                  f64x2.extract_lane 0
                  f32.demote_f64
                  f32.store
                  local.get $q
                  local.get $yLu
                  f64x2.extract_lane 1
                  f32.demote_f64
                  f32.store offset=4
                  local.get $q
                  local.get $yv
                  f32.demote_f64
                  f32.store offset=8
                  local.get $t32
                  i32.const 1
                  i32.add
                  local.set $t32
                  br $traj
                end
              end
            end
            local.get $px
            i32.const 1
            i32.add
            local.set $px
            br $cols
          end
        end
        local.get $py
        i32.const 1
        i32.add
        local.set $py
        br $rows
      end
    end
  )
)
