import { patchTfjsLayers } from './gradients/layers-patches';
import { registerDilatedConvGradients } from './gradients/register-dilated-grads';

/**
 * One-time tfjs setup for Sora Designer: replacement gradients for dilated Conv2D / depthwise
 * convolutions (plain and fused kernels) and the tfjs-layers fixes (dilated Conv2D avoids the
 * fused path, DepthwiseConv2D honours dilation_rate, SeparableConv2D saves depth_multiplier).
 * Call it once before building or training models; repeated calls do nothing.
 */
export function registerSoraGradients(): void {
  registerDilatedConvGradients();
  patchTfjsLayers();
}
