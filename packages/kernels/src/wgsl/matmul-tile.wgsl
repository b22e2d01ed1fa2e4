// The tiled-GEMM core shared by matmul and the conv2d trio: each invocation accumulates a TM x TN
// tile of C = A · B in registers, with no workgroup memory and no barriers. A kernel module is this
// core plus a file of hooks that say how A and B are read and C is written (see matmul.wgsl):
//   gemm_size() -> (M, N)          gemm_blocks(z) -> [first, end) of K blocks for grid layer z
//   gemm_begin(row0, col0, z)      gemm_block(kb) -> [first, end) of vec4 steps in block kb
//   gemm_step(kk)                  load_a(ib, kk) / load_b(jb, kk) -> 4x4 register blocks
//   store_c(i, jb, v)              (row row0 + i, columns col0 + 4 jb .. + 3)
//
// Why this shape (PLATFORM.md, docs/kernels.md): on llvmpipe every storage load is a per-lane scalar
// loop (a vec4 costs ~1.8x a scalar, for 4x the data) while FMAs run 8 lanes wide, so throughput is
// set by loads per FMA: a TM x TN tile needs TM + TN vec4 loads per 4 K steps for 4·TM·TN FMAs.
// Workgroup-memory staging needs barriers, which llvmpipe runs as coroutine switches (slow). The
// constant-bound loops below are fully unrolled by the driver, so acc/b index registers, not memory.
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
  // More than 65,535 workgroups spill from x into y (grid1d); z is the batch or split-K layer.
  let t = (wg.y * nwg.x + wg.x) * WG + li;
  if (t >= tiles) {
    return;
  }
  let row0 = (t / tiles_n) * TM;
  let col0 = (t % tiles_n) * TN;
  gemm_begin(row0, col0, wg.z);

  var acc: array<array<vec4<f32>, TN4>, TM>;
  let blocks = gemm_blocks(wg.z);
  for (var kb = blocks.x; kb < blocks.y; kb++) {
    let steps = gemm_block(kb);
    for (var kk = steps.x; kk < steps.y; kk++) {
      gemm_step(kk);
      // All of B's 4 x TN block first, then A four rows at a time: the accumulators of one row
      // block are live together, which keeps register spills regular.
      var b: array<mat4x4<f32>, TN4>;
      for (var jb = 0u; jb < TN4; jb++) {
        b[jb] = load_b(jb, kk);
      }
      for (var ib = 0u; ib < TM4; ib++) {
        let a = load_a(ib, kk);
        for (var r = 0u; r < 4u; r++) {
          let ar = a[r];
          for (var jb = 0u; jb < TN4; jb++) {
            let bj = b[jb];
            acc[ib * 4u + r][jb] = fma(vec4<f32>(ar.x), bj[0], fma(vec4<f32>(ar.y), bj[1],
              fma(vec4<f32>(ar.z), bj[2], fma(vec4<f32>(ar.w), bj[3], acc[ib * 4u + r][jb]))));
          }
        }
      }
    }
  }
  for (var i = 0u; i < TM; i++) {
    for (var jb = 0u; jb < TN4; jb++) {
      store_c(i, jb, acc[i][jb]);
    }
  }
}
