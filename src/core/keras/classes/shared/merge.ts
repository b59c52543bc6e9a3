/** What the element-wise merge layers (Add, Subtract, Multiply, Average, Maximum, Minimum) share. */
import { failLayer } from '../../layer-config';
import type { BlockMapping, KerasClass } from '../types';

/**
 * An element-wise merge class: all inputs have one shape, which is the output's; `exactly` = the number of inputs
 * it takes when fixed (Subtract: 2). `forward` writes the PyTorch expression of the input variables.
 */
export function mergeClass(forward: (ins: string[]) => string, options: { exactly?: number; toBlock?: () => BlockMapping } = {}): KerasClass {
  return {
    takes: 'list',
    infer(layer, ins) {
      const x = ins[0];
      if (ins.length < 2) failLayer(layer, `needs at least 2 inputs, got ${ins.length}`);
      if (options.exactly !== undefined && ins.length !== options.exactly)
        failLayer(layer, `needs exactly ${options.exactly} inputs, got ${ins.length}`);
      for (const other of ins) {
        if (other.join(',') !== x.join(',')) failLayer(layer, `input shapes [${x.join(', ')}] and [${other.join(', ')}] differ`);
      }
      return { out: x, weights: [] };
    },
    torch: (_layer, _self, ins) => ({ module: null, forward: forward(ins), state: [] }),
    kerasArgs: () => [],
    ...(options.toBlock ? { toBlock: options.toBlock } : {}),
  };
}
