import { useEffect, useRef } from 'react';
import { pixelsToRgba } from './pixels';

interface Props {
  pixels: Float32Array;
  shape: readonly [number, number, number];
  /** Displayed size in CSS pixels (the canvas keeps the image's own resolution). */
  size?: number;
  title?: string;
}

/** Draws one dataset image (Float32 HWC) onto a canvas. */
export function ImageThumb({ pixels, shape, size = 40, title }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [h, w, c] = shape;
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    ctx.putImageData(new ImageData(pixelsToRgba(pixels, h, w, c), w, h), 0, 0);
  }, [pixels, h, w, c]);
  return <canvas ref={ref} className="tp-thumb" width={w} height={h} style={{ width: size, height: (size * h) / w }} title={title} />;
}
