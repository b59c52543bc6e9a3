/** One layer's PyTorch translation (module, forward expression, state dict), by its class entry. */
import { kerasClass } from './classes';
import type { TorchLayerPlan } from './torch-helpers';
import type { ExportLayer } from './types';

export function planTorchLayer(layer: ExportLayer, self: string, ins: string[]): TorchLayerPlan {
  const torch = kerasClass(layer.className)?.torch;
  if (!torch) throw new Error(`no PyTorch translation for layer class '${layer.className}'`);
  return torch(layer, self, ins);
}
