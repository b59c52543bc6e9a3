import type { Design } from '../core/graph/types';
import type { DatasetSummary } from './dataset-summary';

/** Pure checks of a design against a dataset (used by the worker and by the dataset panel). */

type FitSummary = Pick<DatasetSummary, 'imageShape' | 'numClasses' | 'name'> & { resizable?: boolean };

/** Input [H, W, C] and class count read from a design's Input and Output blocks. */
export function designIO(design: Design): { inputShape: [number, number, number] | null; classes: number | null } {
  const input = design.blocks.find((b) => b.kind === 'input');
  const output = design.blocks.find((b) => b.kind === 'output');
  const inputShape = input
    ? ([Number(input.params.height), Number(input.params.width), Number(input.params.channels)] as [number, number, number])
    : null;
  return { inputShape, classes: output ? Number(output.params.units) : null };
}

/** Why a design cannot train on a dataset, or null when it fits. Resizable datasets only need 1 or 3 channels. */
export function fitProblem(design: Design, summary: FitSummary): string | null {
  const { inputShape, classes } = designIO(design);
  if (!inputShape) return 'The design has no Input block.';
  const d = summary.imageShape;
  if (summary.resizable) {
    if (inputShape[2] !== 1 && inputShape[2] !== 3) {
      return `The Input block has ${inputShape[2]} channels; images can be loaded as 1 (grayscale) or 3 (RGB) channels.`;
    }
  } else if (inputShape.join() !== d.join()) {
    return `The Input block is ${inputShape.join('×')} but ${summary.name} images are ${d.join('×')} (height×width×channels).`;
  }
  if (classes === null) return 'The design has no Output block.';
  if (classes !== summary.numClasses) {
    return `The Output block has ${classes} classes but ${summary.name} has ${summary.numClasses}.`;
  }
  return null;
}

/** The design with its Input block set to the dataset's image shape and its Output block to its class count. */
export function matchDesignToDataset(design: Design, summary: FitSummary): Design {
  const [height, width, channels] = summary.imageShape;
  return {
    ...design,
    blocks: design.blocks.map((b) => {
      if (b.kind === 'input') {
        return summary.resizable
          ? { ...b, params: { ...b.params, channels: channels === 1 || channels === 3 ? channels : 3 } }
          : { ...b, params: { ...b.params, height, width, channels } };
      }
      if (b.kind === 'output') return { ...b, params: { ...b.params, units: summary.numClasses } };
      return b;
    }),
  };
}
