import { useEffect, useMemo, useRef, useState } from 'react';
import { diffDesigns, latestTrainedRun } from '../../core/compare/index';
import type { ExportFormat } from '../../core/export/index';
import { analyzeCached } from '../summary/use-analysis';
import { useAppStore } from '../../state/store';
import { useAllRuns } from '../compare/use-compare-data';
import { downloadDesignFile, downloadGraphSvg, downloadLayers, downloadSummary, downloadTrainedExport } from './export-actions';
import './export-menu.css';
import { selectActiveVariant } from '../../state/selectors';
import { errorMessage } from '../../core/result';

interface Item {
  id: string;
  label: string;
  hint: string;
  /** Why the item is disabled, or null. */
  disabled: string | null;
  run(): Promise<string> | string;
}

const FORMAT_LABEL: Record<ExportFormat, string> = {
  tfjs: 'TensorFlow.js (model.json + weights.bin)',
  pytorch: 'PyTorch (model.py + safetensors)',
  keras: 'Keras (script + weights.npz)',
  onnx: 'ONNX (model.onnx, opset 13, NCHW)',
};
/** The trained-model formats in menu order (a type-only import keeps the exporters out of the main bundle). */
const TRAINED_FORMATS = Object.keys(FORMAT_LABEL) as ExportFormat[];

/** "trained run of 14:03 · test 97.12%" (date added when not today). */
function runLabel(startedAt: number, testAccuracy: number | undefined): string {
  const d = new Date(startedAt);
  const today = d.toDateString() === new Date().toDateString();
  const when = today
    ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });
  return `trained run of ${when}${testAccuracy === undefined ? '' : ` · test ${(testAccuracy * 100).toFixed(2)}%`}`;
}

/** Toolbar menu: trained-model exports of the active variant's latest trained run, plus design, layers table and graph picture. */
export function ExportMenu({ align = 'left' }: { align?: 'left' | 'right' }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const variant = useAppStore(selectActiveVariant);
  const allVariants = useAppStore((s) => s.variants);
  const runs = useAllRuns();
  const run = useMemo(() => (variant ? latestTrainedRun(variant.id, runs) : null), [variant, runs]);
  // Only the open menu shows these: a closed menu does no work per design edit.
  const valid = useMemo(() => (open && variant ? analyzeCached(variant.design).valid : false), [open, variant]);
  const editedSince = useMemo(() => {
    if (!open || !variant || !run || run.design === variant.design) return false;
    const d = diffDesigns(run.design, variant.design);
    return d.added.length + d.removed.length + d.changed.length > 0;
  }, [open, variant, run]);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (rootRef.current && !rootRef.current.contains(e.target as Node)) setOpen(false);
    };
    const esc = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', esc);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', esc);
    };
  }, [open]);

  if (!variant) return null;
  const untrained = run ? null : 'Train this variant first (Train tab): no finished or stopped run with weights yet.';
  const trainedFrom = run ? runLabel(run.startedAt, run.final?.testAccuracy) + (editedSince ? ' — the design as trained (edited since)' : '') : '';
  const items: Item[] = [
    ...TRAINED_FORMATS.map((f) => ({
      id: `export-${f}`,
      label: FORMAT_LABEL[f],
      hint: trainedFrom,
      disabled: untrained,
      run: () => downloadTrainedExport(run!, variant.name, f),
    })),
    { id: 'export-design', label: 'Design file (.sora.json)', hint: 'the current design', disabled: null, run: () => downloadDesignFile(variant) },
    {
      id: 'export-layers-csv',
      label: 'Layers table (CSV)',
      hint: 'per-block shapes and costs',
      disabled: null,
      run: () => downloadLayers(variant, 'csv'),
    },
    {
      id: 'export-layers-md',
      label: 'Layers table (Markdown)',
      hint: 'per-block shapes and costs',
      disabled: null,
      run: () => downloadLayers(variant, 'md'),
    },
    ...(['csv', 'md'] as const).map((f) => ({
      id: `export-summary-${f}`,
      label: `Summary of all variants (${f === 'csv' ? 'CSV' : 'Markdown'})`,
      hint: `${allVariants.length} variant(s): costs and latest results`,
      disabled: null,
      run: () => downloadSummary(allVariants, runs, f),
    })),
    {
      id: 'export-svg',
      label: 'Graph picture (SVG)',
      hint: 'blocks with names, kinds and shapes',
      disabled: variant.design.blocks.length === 0 ? 'The design has no blocks to draw.' : null,
      run: () => downloadGraphSvg(variant),
    },
  ];

  const act = async (item: Item) => {
    const { notify } = useAppStore.getState();
    setBusy(item.id);
    try {
      const name = await item.run();
      notify('success', `Exported “${name}”.`);
      setOpen(false);
    } catch (err) {
      notify('error', `Export failed: ${errorMessage(err)}`);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="export-menu" ref={rootRef}>
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        data-testid="export-menu"
        title={`Export “${variant.name}”`}
      >
        Export ▾
      </button>
      {open && (
        <div className={`export-menu__list export-menu__list--${align}`} role="menu" aria-label={`Export ${variant.name}`}>
          <div className="export-menu__title">
            Export “{variant.name}”{!valid && <span className="export-menu__warn"> — the design has errors</span>}
          </div>
          {items.map((item, i) => (
            <div key={item.id}>
              {i === TRAINED_FORMATS.length && <hr />}
              <button
                type="button"
                role="menuitem"
                className="export-menu__item"
                disabled={item.disabled !== null || busy !== null}
                title={item.disabled ?? item.hint}
                onClick={() => void act(item)}
                data-testid={item.id}
              >
                <span>{busy === item.id ? `${item.label} …` : item.label}</span>
                <small data-testid={item.disabled ? `${item.id}-why` : undefined}>{item.disabled ?? item.hint}</small>
              </button>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
