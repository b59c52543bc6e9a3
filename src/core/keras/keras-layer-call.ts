/** One layer's `layers.<Class>(…)` call in the generated Keras script, by its class entry. */
import { pyStr } from '../export/python-names';
import { kerasClass } from './classes';
import type { ExportLayer } from './types';

/** `layers.<Class>(kwargs)` for one non-input layer. */
export function kerasLayerCall(l: ExportLayer): string {
  const kerasArgs = kerasClass(l.className)?.kerasArgs;
  if (!kerasArgs) throw new Error(`no Keras translation for layer class '${l.className}'`);
  return `layers.${l.className}(${[...kerasArgs(l), `name=${pyStr(l.name)}`].join(', ')})`;
}

/** The class is called on a list of tensors (merge layers, Concatenate) rather than one. */
export function takesList(className: string): boolean {
  return kerasClass(className)?.takes === 'list';
}
