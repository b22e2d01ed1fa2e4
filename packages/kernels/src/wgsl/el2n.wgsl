// EL2N score (Paul et al. 2021, used by PAD §3.1 to rank samples by difficulty):
//   score_i = || softmax(logits_i) - onehot(label_i) ||_2
// One invocation per sample does the whole row (max, sum of exponentials, squared error, sqrt), so
// scoring a batch is one dispatch and the probabilities never touch memory. Classes are at most a few
// hundred (Tiny ImageNet: 200), so a row loop beats a cross-invocation reduction here.
struct Params { n: u32, classes: u32 }

@group(0) @binding(0) var<storage, read> logits: array<f32>;
@group(0) @binding(1) var<storage, read> labels: array<i32>;
@group(0) @binding(2) var<storage, read_write> scores: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i >= params.n) {
    return;
  }
  let row = i * params.classes;
  var m = logits[row];
  for (var c = 1u; c < params.classes; c++) {
    m = max(m, logits[row + c]);
  }
  var s = 0.0;
  for (var c = 0u; c < params.classes; c++) {
    s += exp(logits[row + c] - m);
  }
  let inv = 1.0 / s;
  let y = u32(labels[i]);
  var acc = 0.0;
  for (var c = 0u; c < params.classes; c++) {
    let d = exp(logits[row + c] - m) * inv - select(0.0, 1.0, c == y);
    acc += d * d;
  }
  scores[i] = sqrt(acc);
}
