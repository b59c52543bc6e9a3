import { useEffect, useRef } from 'react';

/** One picture drawn onto the canvas, stretched to its full size (pixelated unless `smooth`). */
export interface MapLayer {
  rgba: Uint8ClampedArray<ArrayBuffer>;
  width: number;
  height: number;
  smooth?: boolean;
}

/** A rectangle in the first layer's pixel units (may reach outside it: drawn clipped). */
export interface OutlineBox {
  top: number;
  left: number;
  height: number;
  width: number;
}

interface Props {
  layers: MapLayer[];
  /** Displayed width in CSS pixels. */
  size: number;
  box?: OutlineBox | null;
  /** A marker on one pixel of the first layer (the centre position). */
  marker?: [number, number] | null;
  label: string;
  testId?: string;
}

/** Draws layers (image, heat map, overlay) on one canvas at a whole-number scale, with an optional outlined box. */
export function MapCanvas({ layers, size, box, marker, label, testId }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  const base = layers[0];
  const scale = base ? Math.max(1, Math.ceil(size / base.width)) : 1;
  const w = base ? base.width * scale : 1;
  const h = base ? base.height * scale : 1;
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, w, h);
    for (const layer of layers) {
      const tmp = document.createElement('canvas');
      tmp.width = layer.width;
      tmp.height = layer.height;
      tmp.getContext('2d')?.putImageData(new ImageData(layer.rgba, layer.width, layer.height), 0, 0);
      ctx.imageSmoothingEnabled = layer.smooth === true;
      ctx.drawImage(tmp, 0, 0, w, h);
    }
    if (box) {
      ctx.strokeStyle = '#22d3ee';
      ctx.lineWidth = Math.max(2, scale / 2);
      ctx.setLineDash([6, 4]);
      ctx.strokeRect(box.left * scale, box.top * scale, box.width * scale, box.height * scale);
      ctx.setLineDash([]);
    }
    if (marker) {
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 1;
      ctx.strokeRect(marker[1] * scale + 0.5, marker[0] * scale + 0.5, scale - 1, scale - 1);
    }
  }, [layers, box, marker, w, h, scale]);
  return (
    <canvas
      ref={ref}
      className="insp-canvas"
      width={w}
      height={h}
      style={{ width: size, height: (size * h) / w }}
      role="img"
      aria-label={label}
      data-testid={testId}
    />
  );
}
