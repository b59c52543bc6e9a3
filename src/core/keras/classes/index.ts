/**
 * The Keras class table: every Keras layer class Sora reads or writes, keyed by class name. Each entry (one file
 * per class) holds the class's shape inference, PyTorch translation, Keras-script call and import → block mapping;
 * the supported-class lists below are derived from it. The ONNX lowering (onnx/export/layer-lowering.ts) is a
 * record over the same keys, so the compiler keeps both in step.
 */
import { Activation } from './activation';
import { Add } from './add';
import { Average } from './average';
import { AveragePooling2D } from './average-pooling-2d';
import { BatchNormalization } from './batch-normalization';
import { Concatenate } from './concatenate';
import { Conv2D } from './conv-2d';
import { Dense } from './dense';
import { DepthwiseConv2D } from './depthwise-conv-2d';
import { Dropout } from './dropout';
import { ELU } from './elu';
import { Flatten } from './flatten';
import { GlobalAveragePooling2D } from './global-average-pooling-2d';
import { GlobalMaxPooling2D } from './global-max-pooling-2d';
import { InputLayer } from './input-layer';
import { LeakyReLU } from './leaky-re-lu';
import { MaxPooling2D } from './max-pooling-2d';
import { Maximum } from './maximum';
import { Minimum } from './minimum';
import { Multiply } from './multiply';
import { ReLU } from './re-lu';
import { SeparableConv2D } from './separable-conv-2d';
import { Softmax } from './softmax';
import { SpatialDropout2D } from './spatial-dropout-2d';
import { Subtract } from './subtract';
import type { KerasClass } from './types';
import { ZeroPadding2D } from './zero-padding-2d';

export const KERAS_CLASSES = {
  InputLayer,
  Conv2D,
  DepthwiseConv2D,
  SeparableConv2D,
  Dense,
  BatchNormalization,
  Activation,
  ReLU,
  LeakyReLU,
  ELU,
  Softmax,
  MaxPooling2D,
  AveragePooling2D,
  GlobalAveragePooling2D,
  GlobalMaxPooling2D,
  Flatten,
  Dropout,
  SpatialDropout2D,
  Add,
  Subtract,
  Multiply,
  Average,
  Maximum,
  Minimum,
  Concatenate,
  ZeroPadding2D,
} satisfies Record<string, KerasClass>;

export type KerasClassName = keyof typeof KERAS_CLASSES;

/** Every class the exporters read (PyTorch, Keras script, tfjs, ONNX), in table order. */
export const SUPPORTED_LAYERS = Object.keys(KERAS_CLASSES) as KerasClassName[];

/** The classes the Keras/tfjs importer turns into blocks (those with a `toBlock`), in table order. */
export const IMPORTABLE_LAYERS = SUPPORTED_LAYERS.filter((c) => KERAS_CLASSES[c].toBlock !== undefined);

/** Old Keras spellings of class names the importer reads as the table's class. */
export const CLASS_ALIASES: Readonly<Record<string, KerasClassName>> = {
  Convolution2D: 'Conv2D',
  SeparableConvolution2D: 'SeparableConv2D',
  MaxPool2D: 'MaxPooling2D',
  AvgPool2D: 'AveragePooling2D',
  GlobalAvgPool2D: 'GlobalAveragePooling2D',
  GlobalMaxPool2D: 'GlobalMaxPooling2D',
};

export function isKerasClassName(name: string): name is KerasClassName {
  return Object.hasOwn(KERAS_CLASSES, name);
}

/** The table entry of a class name, or undefined for a class Sora does not know. */
export function kerasClass(name: string): KerasClass | undefined {
  return isKerasClassName(name) ? KERAS_CLASSES[name] : undefined;
}
