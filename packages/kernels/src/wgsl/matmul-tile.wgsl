// The tiled-GEMM core shared by matmul and the conv2d trio: each invocation accumulates a TM x TN
// tile of C = A · B in registers, with no workgroup memory and no barriers. A kernel module is this
// core plus a file of hooks that say how A and B are read and C is written (see matmul.wgsl):
//   gemm_size() -> (M, N)          gemm_layers() -> independent products (batch, split-K slices)
//   gemm_blocks(z) -> [first, end) of K blocks for layer z
//   gemm_begin(row0, col0, z)      gemm_block(kb) -> [first, end) of vec4 steps in block kb
//   gemm_step(kk)                  load_a(ib, kk) / load_b(jb, kk) -> 4x4 register blocks
//   store_c(ib, jb, c)             c[r] = row row0 + 4 ib + r at columns col0 + 4 jb .. + 3
//
// Why this shape (PLATFORM.md, docs/kernels.md): on llvmpipe every storage load is a per-lane scalar
// loop (a vec4 costs ~1.8x a scalar, for 4x the data) while FMAs run 8 lanes wide, so throughput is
// set by loads per FMA: a TM x TN tile needs TM + TN vec4 loads per 4 K steps for 4·TM·TN FMAs.
// Workgroup-memory staging needs barriers, which llvmpipe runs as coroutine switches (slow).
// Every loop over a private array indexes it by the loop variable itself: Mesa force-unrolls such
// loops (up to 32 trips), so acc and b live in registers. An index like acc[4 * ib + r] is not
// recognised and the array stays in memory (a 16x16 tile then took 21 s instead of 2 s to compile).
// Hooks follow the same rule for their per-row/per-column state arrays.
// TM and TN are consts (not overrides) because they size private arrays; the TypeScript spec
// builds one variant per tile by rewriting these two lines.
const TM: u32 = 32u;
const TN: u32 = 32u;
const TM4: u32 = TM / 4u;
const TN4: u32 = TN / 4u;
override WG: u32 = 64u;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let size = gemm_size();
  let tiles_n = (size.y + TN - 1u) / TN;
  let tiles = tiles_n * ((size.x + TM - 1u) / TM);
  // Invocations enumerate (layer, tile) pairs, layers being batch entries or split-K slices: a small
  // product with many layers still fills every SIMD lane. More than 65,535 workgroups spill from x
  // into y (grid1d).
  let g = (wg.y * nwg.x + wg.x) * WG + li;
  if (g >= tiles * gemm_layers()) {
    return;
  }
  let z = g / tiles;
  let t = g % tiles;
  let row0 = (t / tiles_n) * TM;
  let col0 = (t % tiles_n) * TN;
  gemm_begin(row0, col0, z);

  var acc: array<array<vec4<f32>, TN4>, TM>;
  let blocks = gemm_blocks(z);
  for (var kb = blocks.x; kb < blocks.y; kb++) {
    let steps = gemm_block(kb);
    for (var kk = steps.x; kk < steps.y; kk++) {
      gemm_step(kk);
      // All of B's 4 x TN block first, then A row by row (four rows per load_a): the accumulators
      // of one row are live together, which keeps register spills regular.
      var b: array<mat4x4<f32>, TN4>;
      for (var jb = 0u; jb < TN4; jb++) {
        b[jb] = load_b(jb, kk);
      }
      var a: mat4x4<f32>;
      for (var i = 0u; i < TM; i++) {
        if (i % 4u == 0u) {
          a = load_a(i / 4u, kk);
        }
        let ar = a[i % 4u];
        for (var jb = 0u; jb < TN4; jb++) {
          let bj = b[jb];
          acc[i][jb] = fma(vec4<f32>(ar.x), bj[0], fma(vec4<f32>(ar.y), bj[1],
            fma(vec4<f32>(ar.z), bj[2], fma(vec4<f32>(ar.w), bj[3], acc[i][jb]))));
        }
      }
    }
  }
  // Hand C over in 4x4 blocks so a hook can write four rows or four columns as one vec4 (a store
  // costs llvmpipe a per-lane loop like a load does).
  var blk: array<mat4x4<f32>, TN4>;
  for (var i = 0u; i < TM; i++) {
    for (var jb = 0u; jb < TN4; jb++) {
      blk[jb][i % 4u] = acc[i][jb];
      if (i % 4u == 3u) {
        store_c(i / 4u, jb, blk[jb]);
      }
    }
  }
}
