import type { GraphIssue } from './analysis-types';
import type { GraphIndex } from './graph-index';
import { reach } from './topo';

/** tfjs layer-name rule (isValidTensorName): must start with a letter or digit. */
const LAYER_NAME = /^[A-Za-z0-9][-A-Za-z0-9._/]*$/;

/** Names must be non-empty, unique and valid tfjs/Keras layer names. */
export function checkNames(g: GraphIndex, issues: GraphIssue[]): void {
  const seen = new Set<string>();
  for (const b of g.blocks) {
    if (!LAYER_NAME.test(b.name)) {
      issues.push({
        severity: 'error',
        code: 'invalid-name',
        message: `'${b.name}' is not a valid layer name: start with a letter or digit, then use letters, digits, _ - . or /`,
        blockId: b.id,
      });
    }
    if (seen.has(b.name)) {
      issues.push({ severity: 'error', code: 'duplicate-name', message: `the name '${b.name}' is used by more than one block`, blockId: b.id });
    }
    seen.add(b.name);
  }
}

export interface EndpointInfo {
  inputs: number[];
  outputs: number[];
  /** Blocks counted in totals (connected to the output when one exists). */
  live: Uint8Array;
}

/**
 * Input/output block counts, output reachability and dangling blocks (no path to the output).
 */
export function checkEndpoints(g: GraphIndex, issues: GraphIssue[]): EndpointInfo {
  const n = g.blocks.length;
  const inputs: number[] = [];
  const outputs: number[] = [];
  for (let i = 0; i < n; i++) {
    if (g.blocks[i].kind === 'input') inputs.push(i);
    else if (g.blocks[i].kind === 'output') outputs.push(i);
  }
  if (n > 0 && inputs.length === 0) {
    issues.push({ severity: 'error', code: 'no-input', message: 'the design has no Input block' });
  }
  for (const i of inputs.slice(1)) {
    issues.push({
      severity: 'error',
      code: 'multiple-inputs',
      message: `${g.blocks[i].name}: only one Input block is supported (the first is ${g.blocks[inputs[0]].name})`,
      blockId: g.blocks[i].id,
    });
  }
  if (n > 0 && outputs.length === 0) {
    issues.push({ severity: 'error', code: 'no-output', message: 'the design has no Output block' });
  }
  for (const i of outputs.slice(1)) {
    issues.push({
      severity: 'error',
      code: 'multiple-outputs',
      message: `${g.blocks[i].name}: only one Output block is supported (the first is ${g.blocks[outputs[0]].name})`,
      blockId: g.blocks[i].id,
    });
  }
  const live = new Uint8Array(n).fill(1);
  if (outputs.length > 0) {
    const toOutput = reach(n, g.pred, outputs);
    for (let i = 0; i < n; i++) {
      if (!toOutput[i]) {
        live[i] = 0;
        issues.push({
          severity: 'warning',
          code: 'dangling-block',
          message: `${g.blocks[i].name} is not connected to the output; it will not be part of the model`,
          blockId: g.blocks[i].id,
        });
      }
    }
    if (inputs.length > 0) {
      const fromInput = reach(n, g.succ, inputs);
      for (const o of outputs) {
        if (!fromInput[o]) {
          issues.push({
            severity: 'error',
            code: 'output-unreachable',
            message: `${g.blocks[o].name} cannot be reached from the input ${g.blocks[inputs[0]].name}: connect a path from the input to it`,
            blockId: g.blocks[o].id,
          });
        }
      }
    }
  }
  return { inputs, outputs, live };
}
