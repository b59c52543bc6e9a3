import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { ExportMenu } from '../export/ExportMenu';
import { ComparePanel } from './ComparePanel';

let root: Root | null = null;

/**
 * Test-only: mounts ComparePanel and ExportMenu in an overlay on top of the app, for e2e runs against a
 * build where App.tsx does not show them yet (loaded with a dynamic import from the dev server).
 */
export function mountCompareHarness(): void {
  if (root) return;
  const host = document.createElement('div');
  host.id = 'compare-harness';
  host.style.cssText = 'position:fixed;inset:0;z-index:1000;display:flex;flex-direction:column;background:var(--bg, #f5f6f8);';
  document.body.appendChild(host);
  root = createRoot(host);
  root.render(
    <StrictMode>
      <div className="toolbar" style={{ display: 'flex', justifyContent: 'flex-end', padding: 6 }}>
        <ExportMenu align="right" />
      </div>
      <div style={{ flex: 1, minHeight: 0 }}>
        <ComparePanel onOpenVariant={() => host.setAttribute('data-opened', 'true')} />
      </div>
    </StrictMode>,
  );
}

export function unmountCompareHarness(): void {
  root?.unmount();
  root = null;
  document.getElementById('compare-harness')?.remove();
}
