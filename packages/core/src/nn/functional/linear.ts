import { add } from '../../ops/arithmetic.js';
import { matmul } from '../../ops/matmul.js';
import { tidy } from '../../tensor/scope.js';
import type { Tensor } from '../../tensor/tensor.js';

/** torch.nn.functional.linear: x [..., in] @ weight[out, in]ᵀ + bias[out]. */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  if (x.shape[x.rank - 1] !== weight.shape[1]) throw new Error(`linear: input features ${x.shape[x.rank - 1]} but weight is [${weight.shape}]`);
  return tidy(() => {
    const y = matmul(x, weight, false, true);
    return bias ? add(y, bias) : y;
  });
}
