import type { BlockParams } from '../../graph/types';
import type { ConfigReader } from './keras-config';
import { declaredInputShape } from './layer-list';

/** Input block params from an InputLayer's batch_input_shape / batch_shape (batch dim first). */
export function inputBlockParams(r: ConfigReader): BlockParams {
  const shape = declaredInputShape(r.cfg);
  if (!shape) r.fail('has no batch_input_shape / batch_shape');
  const dims = shape.slice(1);
  const text = `[${dims.map((d) => (d === null ? 'None' : String(d))).join(', ')}]`;
  if (dims.length !== 3) {
    r.fail(`input shape ${text} is not an image: Sora designs take (height, width, channels) inputs`);
  }
  if (dims.some((d) => typeof d !== 'number' || !Number.isInteger(d) || d < 1)) {
    r.fail(`input shape ${text} has an unknown or invalid dimension; set a fixed height, width and channels`);
  }
  const [height, width, channels] = dims as number[];
  return { height, width, channels };
}
