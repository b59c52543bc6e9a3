import type { z } from 'zod';
import { describeJsonType } from './json-text';

/** Formats a zod path like ["blocks", 2, "params", "filters"] as "blocks[2].params.filters". */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

const ARTICLE: Record<string, string> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
  tuple: 'an array',
  record: 'an object',
};

/** One human sentence for a zod issue (without the path). */
export function issueMessage(issue: z.core.$ZodIssue, input: unknown): string {
  switch (issue.code) {
    case 'invalid_type': {
      if (input === undefined) return `is missing (expected ${ARTICLE[issue.expected] ?? issue.expected})`;
      return `expected ${ARTICLE[issue.expected] ?? issue.expected}, got ${describeJsonType(input)}`;
    }
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
    case 'invalid_value':
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeJsonType(input)}`;
    case 'too_small':
      if (issue.origin === 'array') return `expected at least ${issue.minimum} items`;
      if (issue.origin === 'string') return 'must not be empty';
      return `expected a value ${issue.inclusive ? '≥' : '>'} ${issue.minimum}, got ${describeJsonType(input)}`;
    case 'too_big':
      if (issue.origin === 'array') return `expected at most ${issue.maximum} items`;
      return `expected a value ${issue.inclusive ? '≤' : '<'} ${issue.maximum}, got ${describeJsonType(input)}`;
    case 'invalid_union':
      return `expected an integer or a [height, width] pair of integers, got ${describeJsonType(input)}`;
    default:
      return issue.message;
  }
}

/** Value found at `path` inside `root` (undefined when absent). */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p as string];
  }
  return cur;
}

/** "blocks[2].params.filters: expected a number, got the string \"x\"" for each issue. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], root: unknown, prefix: readonly PropertyKey[] = []): string[] {
  return issues.map((issue) => {
    const full = [...prefix, ...issue.path];
    const where = formatPath(full);
    const msg = issueMessage(issue, valueAt(root, issue.path));
    return where ? `${where}: ${msg}` : msg;
  });
}
