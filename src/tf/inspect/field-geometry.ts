import type * as tf from '@tensorflow/tfjs';

/**
 * Where a layer's receptive field lies in the input: size and jump as the core's analysis computes them,
 * plus `start`, the input coordinate of the centre of output unit (0, 0) — the receptive-field arithmetic
 * with TensorFlow's padding (`same` pads floor(total / 2) before, the rest after). Walks the model's layers
 * in order; merges take their largest input field, like the core.
 */
export interface LayerField {
  size: [number, number];
  jump: [number, number];
  start: [number, number];
}

/** An input-pixel rectangle (may reach outside the image). */
export interface FieldBox {
  top: number;
  left: number;
  height: number;
  width: number;
}

const pair = (v: unknown, fallback: number): [number, number] =>
  Array.isArray(v) ? [Number(v[0]), Number(v[1] ?? v[0])] : typeof v === 'number' ? [v, v] : [fallback, fallback];

function windowed(layer: tf.layers.Layer): { k: [number, number]; s: [number, number]; d: [number, number]; same: boolean } | null {
  const name = layer.getClassName();
  const c = layer.getConfig();
  if (name === 'Conv2D' || name === 'DepthwiseConv2D' || name === 'SeparableConv2D') {
    return { k: pair(c.kernelSize, 1), s: pair(c.strides, 1), d: pair(c.dilationRate, 1), same: c.padding === 'same' };
  }
  if (name === 'MaxPooling2D' || name === 'AveragePooling2D') {
    const k = pair(c.poolSize, 2);
    return { k, s: pair(c.strides ?? k, k[0]), d: [1, 1], same: c.padding === 'same' };
  }
  return null;
}

/** Fields of every layer of the model, by layer name. */
export function layerFields(model: tf.LayersModel): Map<string, LayerField> {
  const fields = new Map<string, LayerField>();
  for (const layer of model.layers) {
    const inbound = layer.inboundNodes[0]?.inboundLayers ?? [];
    if (inbound.length === 0) {
      fields.set(layer.name, { size: [1, 1], jump: [1, 1], start: [0, 0] });
      continue;
    }
    const ins = inbound.map((l) => fields.get(l.name) as LayerField);
    // A merge takes its largest input field (as the core does); one input passes through.
    const f = ins.reduce((a, b) => (b.size[0] * b.size[1] > a.size[0] * a.size[1] ? b : a));
    const jump: [number, number] = [Math.max(...ins.map((x) => x.jump[0])), Math.max(...ins.map((x) => x.jump[1]))];
    const size: [number, number] = [Math.max(...ins.map((x) => x.size[0])), Math.max(...ins.map((x) => x.size[1]))];
    if (layer.getClassName() === 'ZeroPadding2D') {
      // Same size and jump; padded map pixel (0, 0) lies top/left input pixels before input pixel (0, 0).
      const [[top], [left]] = layer.getConfig().padding as [[number, number], [number, number]];
      fields.set(layer.name, { size, jump, start: [f.start[0] - top * f.jump[0], f.start[1] - left * f.jump[1]] });
      continue;
    }
    const w = windowed(layer);
    if (!w) {
      fields.set(layer.name, { size, jump, start: f.start });
      continue;
    }
    const inShape = inbound[0].outputShape as (number | null)[];
    const next: LayerField = { size: [0, 0], jump: [0, 0], start: [0, 0] };
    for (const a of [0, 1] as const) {
      const n = inShape[a + 1] ?? 1;
      const kEff = (w.k[a] - 1) * w.d[a] + 1;
      const padBefore = w.same ? Math.floor(Math.max((Math.ceil(n / w.s[a]) - 1) * w.s[a] + kEff - n, 0) / 2) : 0;
      next.size[a] = f.size[a] + (kEff - 1) * f.jump[a];
      next.start[a] = f.start[a] + ((kEff - 1) / 2 - padBefore) * f.jump[a];
      next.jump[a] = f.jump[a] * w.s[a];
    }
    fields.set(layer.name, next);
  }
  return fields;
}

/** The input rectangle that output unit (row, col) of a layer with this field sees. */
export function fieldBox(f: LayerField, row: number, col: number): FieldBox {
  const cy = f.start[0] + row * f.jump[0];
  const cx = f.start[1] + col * f.jump[1];
  return { top: cy - (f.size[0] - 1) / 2, left: cx - (f.size[1] - 1) / 2, height: f.size[0], width: f.size[1] };
}
