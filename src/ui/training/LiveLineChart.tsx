import { memo, useEffect, useMemo, useRef, useState } from 'react';

/**
 * A small SVG line chart for the live training curves: a grid, x/y ticks, a few series (lines, optional dots)
 * and a hover read-out. It draws a handful of elements whatever the series length (one path per series), so a
 * redraw takes well under a millisecond — the general-purpose chart library it replaces took 50–300 ms per
 * redraw of the two live charts on a busy 2-core machine (bench/long-tasks.ts).
 */
export interface ChartSeries {
  name: string;
  color: string;
  points: readonly { x: number; y: number | undefined }[];
  dots?: boolean;
}

interface Props {
  /** What the chart shows, for assistive technology (the svg's accessible name). */
  label: string;
  series: readonly ChartSeries[];
  xMax: number;
  /** Fixed y range, or 'zero-auto' (0 to the data's maximum, rounded up to a nice value). */
  y: [number, number] | 'zero-auto';
  height: number;
  xLabel: (x: number) => string;
}

const MARGIN = { top: 6, right: 12, bottom: 20, left: 40 };

/** 0, step, 2·step … ≥ max with a 1/2/5 step giving about `count` ticks. */
export function niceTicks(max: number, count: number): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const raw = max / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let i = 0; ; i++) {
    const v = Number((i * step).toPrecision(12));
    ticks.push(v);
    if (v >= max) return ticks;
  }
}

/** Width of the chart's box, followed with a ResizeObserver. */
function useWidth(): [React.RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2).replace(/\.?0+$/, '') || '0');

export const LiveLineChart = memo(function LiveLineChart({ label, series, xMax, y, height, xLabel }: Props) {
  const [ref, width] = useWidth();
  const [hoverX, setHoverX] = useState<number | null>(null);
  const innerW = Math.max(10, width - MARGIN.left - MARGIN.right);
  const innerH = Math.max(10, height - MARGIN.top - MARGIN.bottom);
  const yTicks = useMemo(() => {
    if (y !== 'zero-auto') return niceTicks(y[1], 4).map((t) => t + y[0]);
    let max = 0;
    for (const s of series) for (const p of s.points) if (p.y !== undefined && Number.isFinite(p.y)) max = Math.max(max, p.y);
    return niceTicks(max, 4);
  }, [series, y]);
  const yMin = y === 'zero-auto' ? 0 : y[0];
  const yMax = yTicks[yTicks.length - 1];
  const xTicks = useMemo(() => {
    const step = Math.max(1, Math.ceil(xMax / 10));
    return Array.from({ length: Math.floor(xMax / step) + 1 }, (_, i) => i * step);
  }, [xMax]);
  const sx = (x: number) => MARGIN.left + (x / Math.max(xMax, 1e-9)) * innerW;
  const sy = (v: number) => MARGIN.top + innerH - ((Math.min(Math.max(v, yMin), yMax) - yMin) / Math.max(yMax - yMin, 1e-12)) * innerH;
  const paths = series.map((s) => {
    let d = '';
    for (const p of s.points) if (p.y !== undefined && Number.isFinite(p.y)) d += `${d ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`;
    return d;
  });
  const readout =
    hoverX === null
      ? null
      : series
          .map((s) => {
            let best: { x: number; y: number } | null = null;
            for (const p of s.points)
              if (p.y !== undefined && (best === null || Math.abs(p.x - hoverX) < Math.abs(best.x - hoverX))) best = { x: p.x, y: p.y };
            return best && Math.abs(best.x - hoverX) <= xMax / 20 ? { name: s.name, color: s.color, ...best } : null;
          })
          .filter((r) => r !== null);
  return (
    <div ref={ref} className="tp-linechart" style={{ height }}>
      {width > 0 && (
        <svg
          width={width}
          height={height}
          role="img"
          aria-label={label}
          onPointerMove={(e) => {
            const box = e.currentTarget.getBoundingClientRect();
            const x = ((e.clientX - box.left - MARGIN.left) / innerW) * xMax;
            setHoverX(x >= 0 && x <= xMax ? x : null);
          }}
          onPointerLeave={() => setHoverX(null)}
        >
          {yTicks.map((t) => (
            <g key={`y${t}`}>
              <line x1={MARGIN.left} x2={MARGIN.left + innerW} y1={sy(t)} y2={sy(t)} stroke="#e3e6ea" strokeDasharray="3 3" />
              <text x={MARGIN.left - 4} y={sy(t) + 4} textAnchor="end" fontSize={11} fill="#666">
                {fmt(t)}
              </text>
            </g>
          ))}
          {xTicks.map((t) => (
            <g key={`x${t}`}>
              <line x1={sx(t)} x2={sx(t)} y1={MARGIN.top} y2={MARGIN.top + innerH} stroke="#e3e6ea" strokeDasharray="3 3" />
              <text x={sx(t)} y={height - 5} textAnchor="middle" fontSize={11} fill="#666">
                {t}
              </text>
            </g>
          ))}
          {series.map((s, i) => (
            <g key={s.name}>
              <path d={paths[i]} fill="none" stroke={s.color} strokeWidth={2} />
              {s.dots &&
                s.points.map((p) =>
                  p.y !== undefined && Number.isFinite(p.y) ? (
                    <circle key={p.x} cx={sx(p.x)} cy={sy(p.y)} r={3} fill="#fff" stroke={s.color} strokeWidth={2} />
                  ) : null,
                )}
            </g>
          ))}
          {hoverX !== null && <line x1={sx(hoverX)} x2={sx(hoverX)} y1={MARGIN.top} y2={MARGIN.top + innerH} stroke="#999" />}
        </svg>
      )}
      {readout && readout.length > 0 && (
        <div className="tp-linechart-readout" role="status">
          {xLabel(readout[0].x)}
          {readout.map((r) => (
            <span key={r.name} style={{ color: r.color }}>
              {' '}
              {r.name}: {r.y.toFixed(4)}
            </span>
          ))}
        </div>
      )}
    </div>
  );
});
