import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/** The WCAG 2.0 / 2.1 level A and AA rule sets that every view must pass. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** One failing axe rule, flattened to what a failure message needs. */
export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  /** Selector of each offending element, with axe's reason (e.g. the measured contrast ratio). */
  targets: string[];
}

/** Runs axe-core (WCAG 2 A/AA) on the whole page and returns its violations, one entry per rule. */
export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact ?? 'unknown',
    help: v.help,
    targets: v.nodes.map((n) => {
      const why = [...n.any, ...n.all, ...n.none].map((c) => c.message).find(Boolean);
      return why ? `${n.target.join(' ')} — ${why}` : n.target.join(' ');
    }),
  }));
}

/** "rule (impact, N elements): help\n    target\n    target…" for a readable assertion message. */
export function describeFindings(findings: AxeFinding[]): string {
  return findings
    .map(
      (f) => `${f.rule} (${f.impact}, ${f.targets.length} element${f.targets.length === 1 ? '' : 's'}): ${f.help}\n    ${f.targets.join('\n    ')}`,
    )
    .join('\n');
}
