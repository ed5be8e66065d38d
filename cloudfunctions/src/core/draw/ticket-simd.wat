;; HMAC-SHA256 tickets four at a time: one SHA-256 per 32-bit lane of a v128 (ticket-simd.ts drives it;
;; `npx tsx scripts/build-ticket-simd.ts` writes ticket-simd-wasm.ts from this file).
;; Memory (bytes): 0 K (64 words) | 256 inner state, 384 outer state (8 words, each splat to 4 lanes)
;; | 512 W, the message schedule (64 × 4 lanes) | 1536 the digest (8 × 4 lanes) | 2048 on: the caller's.
(module
  (memory (export "memory") 1)
  (data (i32.const 0)
    "\98\2f\8a\42\91\44\37\71\cf\fb\c0\b5\a5\db\b5\e9"
    "\5b\c2\56\39\f1\11\f1\59\a4\82\3f\92\d5\5e\1c\ab"
    "\98\aa\07\d8\01\5b\83\12\be\85\31\24\c3\7d\0c\55"
    "\74\5d\be\72\fe\b1\de\80\a7\06\dc\9b\74\f1\9b\c1"
    "\c1\69\9b\e4\86\47\be\ef\c6\9d\c1\0f\cc\a1\0c\24"
    "\6f\2c\e9\2d\aa\84\74\4a\dc\a9\b0\5c\da\88\f9\76"
    "\52\51\3e\98\6d\c6\31\a8\c8\27\03\b0\c7\7f\59\bf"
    "\f3\0b\e0\c6\47\91\a7\d5\51\63\ca\06\67\29\29\14"
    "\85\0a\b7\27\38\21\1b\2e\fc\6d\2c\4d\13\0d\38\53"
    "\54\73\0a\65\bb\0a\6a\76\2e\c9\c2\81\85\2c\72\92"
    "\a1\e8\bf\a2\4b\66\1a\a8\70\8b\4b\c2\a3\51\6c\c7"
    "\19\e8\92\d1\24\06\99\d6\85\35\0e\f4\70\a0\6a\10"
    "\16\c1\a4\19\08\6c\37\1e\4c\77\48\27\b5\bc\b0\34"
    "\b3\0c\1c\39\4a\aa\d8\4e\4f\ca\9c\5b\f3\6f\2e\68"
    "\ee\82\8f\74\6f\63\a5\78\14\78\c8\84\08\02\c7\8c"
    "\fa\ff\be\90\eb\6c\50\a4\f7\a3\f9\be\f2\78\71\c6")

  ;; W[16..63] from W[0..15], four lanes at once.
  (func $schedule
    (local $p i32) (local $x v128) (local $y v128)
    ;; $p: the address of W[t - 16], for t = 16..63
    (local.set $p (i32.const 512))
    (loop $next
      (local.set $x (v128.load offset=16 (local.get $p)))
      (local.set $y (v128.load offset=224 (local.get $p)))
      (v128.store offset=256 (local.get $p)
        (i32x4.add
          (i32x4.add (v128.load (local.get $p)) (v128.load offset=144 (local.get $p)))
          (i32x4.add
            (v128.xor
              (v128.xor
                (v128.or (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
                (v128.or (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
              (i32x4.shr_u (local.get $x) (i32.const 3)))
            (v128.xor
              (v128.xor
                (v128.or (i32x4.shr_u (local.get $y) (i32.const 17)) (i32x4.shl (local.get $y) (i32.const 15)))
                (v128.or (i32x4.shr_u (local.get $y) (i32.const 19)) (i32x4.shl (local.get $y) (i32.const 13))))
              (i32x4.shr_u (local.get $y) (i32.const 10))))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br_if $next (i32.lt_u (local.get $p) (i32.const 1280)))))

  ;; One compression of W from the state at $init (8 × 4 lanes) into the digest at 1536.
  (func $compress (param $init i32)
    (local $t i32) (local $t1 v128) (local $t2 v128)
    (local $a v128) (local $b v128) (local $c v128) (local $d v128)
    (local $e v128) (local $f v128) (local $g v128) (local $h v128)
    (local.set $a (v128.load (local.get $init)))
    (local.set $b (v128.load offset=16 (local.get $init)))
    (local.set $c (v128.load offset=32 (local.get $init)))
    (local.set $d (v128.load offset=48 (local.get $init)))
    (local.set $e (v128.load offset=64 (local.get $init)))
    (local.set $f (v128.load offset=80 (local.get $init)))
    (local.set $g (v128.load offset=96 (local.get $init)))
    (local.set $h (v128.load offset=112 (local.get $init)))
    (loop $round
      ;; t1 = h + Σ1(e) + Ch(e, f, g) + K[t] + W[t]
      (local.set $t1
        (i32x4.add
          (i32x4.add
            (local.get $h)
            (v128.xor
              (v128.xor
                (v128.or (i32x4.shr_u (local.get $e) (i32.const 6)) (i32x4.shl (local.get $e) (i32.const 26)))
                (v128.or (i32x4.shr_u (local.get $e) (i32.const 11)) (i32x4.shl (local.get $e) (i32.const 21))))
              (v128.or (i32x4.shr_u (local.get $e) (i32.const 25)) (i32x4.shl (local.get $e) (i32.const 7)))))
          (i32x4.add
            (v128.bitselect (local.get $f) (local.get $g) (local.get $e))
            (i32x4.add
              (i32x4.splat (i32.load (i32.shl (local.get $t) (i32.const 2))))
              (v128.load offset=512 (i32.shl (local.get $t) (i32.const 4)))))))
      ;; t2 = Σ0(a) + Maj(a, b, c)
      (local.set $t2
        (i32x4.add
          (v128.xor
            (v128.xor
              (v128.or (i32x4.shr_u (local.get $a) (i32.const 2)) (i32x4.shl (local.get $a) (i32.const 30)))
              (v128.or (i32x4.shr_u (local.get $a) (i32.const 13)) (i32x4.shl (local.get $a) (i32.const 19))))
            (v128.or (i32x4.shr_u (local.get $a) (i32.const 22)) (i32x4.shl (local.get $a) (i32.const 10))))
          (v128.bitselect (local.get $c) (local.get $b) (v128.xor (local.get $a) (local.get $b)))))
      (local.set $h (local.get $g))
      (local.set $g (local.get $f))
      (local.set $f (local.get $e))
      (local.set $e (i32x4.add (local.get $d) (local.get $t1)))
      (local.set $d (local.get $c))
      (local.set $c (local.get $b))
      (local.set $b (local.get $a))
      (local.set $a (i32x4.add (local.get $t1) (local.get $t2)))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br_if $round (i32.lt_u (local.get $t) (i32.const 64))))
    (v128.store (i32.const 1536) (i32x4.add (v128.load (local.get $init)) (local.get $a)))
    (v128.store offset=16 (i32.const 1536) (i32x4.add (v128.load offset=16 (local.get $init)) (local.get $b)))
    (v128.store offset=32 (i32.const 1536) (i32x4.add (v128.load offset=32 (local.get $init)) (local.get $c)))
    (v128.store offset=48 (i32.const 1536) (i32x4.add (v128.load offset=48 (local.get $init)) (local.get $d)))
    (v128.store offset=64 (i32.const 1536) (i32x4.add (v128.load offset=64 (local.get $init)) (local.get $e)))
    (v128.store offset=80 (i32.const 1536) (i32x4.add (v128.load offset=80 (local.get $init)) (local.get $f)))
    (v128.store offset=96 (i32.const 1536) (i32x4.add (v128.load offset=96 (local.get $init)) (local.get $g)))
    (v128.store offset=112 (i32.const 1536) (i32x4.add (v128.load offset=112 (local.get $init)) (local.get $h))))

  ;; $quads groups of four one-block messages at $in (16 words × 4 lanes each, padded and with the
  ;; length counting the key block), hashed from the inner state and then the outer: four tickets of
  ;; 8 words each per group at $out, ticket by ticket.
  (func (export "tickets") (param $quads i32) (param $in i32) (param $out i32)
    (local $i i32) (local $v v128) (local $o i32)
    (block $done
      (loop $quad
        (br_if $done (i32.eqz (local.get $quads)))
        (memory.copy (i32.const 512) (local.get $in) (i32.const 256))
        (call $schedule)
        (call $compress (i32.const 256))
        ;; The outer message: the inner digest, then 0x80, zeros and the length (64 + 32 bytes, in bits).
        (memory.copy (i32.const 512) (i32.const 1536) (i32.const 128))
        (v128.store (i32.const 640) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))
        (memory.fill (i32.const 656) (i32.const 0) (i32.const 96))
        (v128.store (i32.const 752) (v128.const i32x4 768 768 768 768))
        (call $schedule)
        (call $compress (i32.const 384))
        (local.set $i (i32.const 0))
        (loop $word
          (local.set $v (v128.load offset=1536 (local.get $i)))
          (local.set $o (i32.add (local.get $out) (i32.shr_u (local.get $i) (i32.const 2))))
          (i32.store (local.get $o) (i32x4.extract_lane 0 (local.get $v)))
          (i32.store offset=32 (local.get $o) (i32x4.extract_lane 1 (local.get $v)))
          (i32.store offset=64 (local.get $o) (i32x4.extract_lane 2 (local.get $v)))
          (i32.store offset=96 (local.get $o) (i32x4.extract_lane 3 (local.get $v)))
          (local.set $i (i32.add (local.get $i) (i32.const 16)))
          (br_if $word (i32.lt_u (local.get $i) (i32.const 128))))
        (local.set $in (i32.add (local.get $in) (i32.const 256)))
        (local.set $out (i32.add (local.get $out) (i32.const 128)))
        (local.set $quads (i32.sub (local.get $quads) (i32.const 1)))
        (br $quad)))))
