// The binary op table shared by the elementwise kernels, written for the element type V (f32 or
// vec4<f32>, aliased by the kernel that includes it): override OP indexes BINARY_OPS (op-codes.ts).
const ZERO = V(0.0);
const ONE = V(1.0);

fn apply(x: V, y: V) -> V {
  switch OP {
    case 0u: { return x + y; }
    case 1u: { return x - y; }
    case 2u: { return x * y; }
    case 3u: { return x / y; }
    case 4u: { return select(y, x, x >= y); }
    case 5u: { return select(y, x, x <= y); }
    case 6u: { return pow_exact(x, y); }
    case 7u: { return select(ZERO, ONE, x > y); }
    case 8u: { return select(ZERO, ONE, x >= y); }
    case 9u: { return select(ZERO, ONE, x < y); }
    case 10u: { return select(ZERO, ONE, x <= y); }
    case 11u: { return select(ZERO, ONE, x == y); }
    case 12u: { return select(ZERO, ONE, x != y); }
    default: { return x; }
  }
}

// WGSL's pow is undefined for x < 0; integer exponents (x^2, x^-1, ...) must work there like JS.
fn pow_exact(x: V, y: V) -> V {
  let r = pow(abs(x), y);
  let half = abs(y) * 0.5;
  let odd = half != floor(half);
  let signed = select(r, -r, (x < ZERO) & odd);
  return select(pow(x, y), signed, y == round(y));
}
