/**
 * Override constant OP of the elementwise kernels (unary-vec4, binary-vec4, binary-strided): the index
 * of the op in these lists, in the order of each kernel's `switch`.
 */
export const UNARY_OPS = [
  'neg', 'exp', 'log', 'sqrt', 'rsqrt', 'relu', 'step', 'abs', 'sign', 'square', 'recip',
  'sin', 'cos', 'tanh', 'sigmoid', 'floor', 'isfinite',
] as const;

export const BINARY_OPS = ['add', 'sub', 'mul', 'div', 'max', 'min', 'pow', 'gt', 'ge', 'lt', 'le', 'eq', 'ne'] as const;
