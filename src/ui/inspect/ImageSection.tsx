import { useEffect, useMemo, useState } from 'react';
import { latestTrainedRun } from '../../core/compare/run-summary';
import { analyzeDesign } from '../../core/graph/analyze';
import { designIO } from '../../data/dataset-fit';
import { browserImageDecoder, rgbaToChannels } from '../../data/image-folder';
import { inspectModelFor, sendProbe, type ProbeResult } from '../../state/inspect-probes';
import { useAppStore } from '../../state/store';
import { ImageThumb } from '../training/ImageThumb';
import { pixelsToRgba } from '../training/pixels';
import { channelToRgba, heatToRgba, overlayAlpha } from './heatmap';
import { MapCanvas } from './MapCanvas';
import { errorMessage } from '../../core/result';

type ImageResult = Extract<ProbeResult, { kind: 'image' }>;
interface Picked {
  key: string;
  pixels: Float32Array;
  caption: string;
}

/** Feature maps shown per block. */
const CHANNELS = 16;

/** Feature maps, class probabilities and Grad-CAM of one image (from the dataset, the test results, or a file). */
export function ImageSection({ useTrained }: { useTrained: boolean }) {
  const variant = useAppStore((s) => s.variants.find((v) => v.id === s.activeVariantId));
  const runs = useAppStore((s) => s.trainingRuns);
  const summary = useAppStore((s) => s.datasetSummary);
  const liveRun = useAppStore((s) => s.liveRun);
  const [picked, setPicked] = useState<Picked | null>(null);
  const [classChoice, setClassChoice] = useState<number | null>(null);
  const [result, setResult] = useState<ImageResult | null>(null);
  const [weightsLabel, setWeightsLabel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const shape = variant ? designIO(variant.design).inputShape : null;
  const fits = !!shape && !!summary && summary.imageShape.join() === shape.join();
  const candidates = useMemo(() => {
    const out: Picked[] = [];
    const names = summary?.classNames ?? [];
    if (fits && liveRun?.evaluation) {
      for (const s of liveRun.evaluation.samplePredictions.slice(0, 8)) {
        out.push({
          key: `test-${s.index}`,
          pixels: s.pixels,
          caption: `test #${s.index}: ${names[s.label] ?? s.label} (predicted ${names[s.predicted] ?? s.predicted})`,
        });
      }
    }
    if (fits && summary)
      summary.samples
        .slice(0, 10)
        .forEach((s, i) => out.push({ key: `sample-${i}`, pixels: s.pixels, caption: `dataset sample: ${names[s.label] ?? s.label}` }));
    return out;
  }, [fits, summary, liveRun?.evaluation]);

  const analysis = useMemo(() => (variant ? analyzeDesign(variant.design) : null), [variant]);
  const classes = analysis?.totals.outputShape ? analysis.totals.outputShape[analysis.totals.outputShape.length - 1] : 0;

  // Recompute when the newest trained run changes (a run finished), not on every saved epoch of a run in flight.
  const trainedRunId = variant ? (latestTrainedRun(variant.id, runs)?.id ?? null) : null;
  useEffect(() => {
    if (!picked || !variant) return;
    let live = true;
    setBusy(true);
    setError(null);
    void (async () => {
      try {
        const model = await inspectModelFor(variant.id, variant.design, runs, useTrained);
        const r = (await sendProbe({
          kind: 'image',
          model: { design: model.design, weights: model.weights },
          pixels: picked.pixels.slice(),
          ...(classChoice !== null ? { classIndex: classChoice } : {}),
          maxChannels: CHANNELS,
        })) as ImageResult;
        if (!live) return;
        setResult(r);
        setWeightsLabel(model.label);
      } catch (err) {
        if (live) setError(errorMessage(err));
      } finally {
        if (live) setBusy(false);
      }
    })();
    return () => {
      live = false;
    };
    // `runs` is read inside, but only a new trainedRunId should trigger a recomputation.
  }, [picked, classChoice, variant, trainedRunId, useTrained]);

  const onFile = async (file: File | undefined) => {
    if (!file || !shape) return;
    try {
      const rgba = await browserImageDecoder({ name: file.name, data: await file.arrayBuffer() }, shape[0], shape[1]);
      const pixels = new Float32Array(shape[0] * shape[1] * shape[2]);
      rgbaToChannels(rgba, shape[0] * shape[1], shape[2], pixels, 0);
      setPicked({ key: `file-${file.name}-${file.size}`, pixels, caption: `${file.name} (resized to ${shape[0]}×${shape[1]})` });
    } catch (err) {
      setError(`Could not read ${file.name} as an image: ${errorMessage(err)}`);
    }
  };

  const names = summary?.classNames ?? [];
  const className = (k: number) => names[k] ?? String(k);
  return (
    <section className="insp-section" aria-labelledby="insp-image-title">
      <h3 id="insp-image-title">Feature maps and Grad-CAM</h3>
      <div className="insp-row insp-picker" role="group" aria-label="Image to inspect">
        {candidates.map((c) => (
          <button
            key={c.key}
            type="button"
            className={`insp-thumb${picked?.key === c.key ? ' is-active' : ''}`}
            title={c.caption}
            aria-label={c.caption}
            aria-pressed={picked?.key === c.key}
            onClick={() => setPicked(c)}
            data-testid="inspect-image-option"
          >
            {shape && <ImageThumb pixels={c.pixels} shape={shape} size={36} />}
          </button>
        ))}
        <label
          className="insp-file"
          onDragOver={(e) => e.preventDefault()}
          onDrop={(e) => {
            e.preventDefault();
            void onFile(e.dataTransfer.files[0]);
          }}
        >
          Image file…
          <input type="file" accept="image/*" onChange={(e) => void onFile(e.target.files?.[0])} data-testid="inspect-image-file" />
        </label>
        {!fits && summary && shape && (
          <span className="insp-note">
            The dataset’s images ({summary.imageShape.join('×')}) do not fit this Input ({shape.join('×')}): choose an image file.
          </span>
        )}
      </div>
      {!picked && <p className="insp-note">Pick an image to see each block’s activations, the class probabilities and a Grad-CAM heat map.</p>}
      {error && (
        <p className="insp-error" role="alert">
          {error}
        </p>
      )}
      {picked && result && shape && (
        <ImageResultView
          result={result}
          picked={picked}
          shape={shape}
          classes={classes}
          className={className}
          classChoice={classChoice}
          setClassChoice={setClassChoice}
          busy={busy}
          weightsLabel={weightsLabel}
        />
      )}
      {busy && !result && <p className="insp-note">Computing…</p>}
    </section>
  );
}

interface ViewProps {
  result: ImageResult;
  picked: Picked;
  shape: [number, number, number];
  classes: number;
  className(k: number): string;
  classChoice: number | null;
  setClassChoice(k: number | null): void;
  busy: boolean;
  weightsLabel: string;
}

function ImageResultView({ result, picked, shape, classes, className, classChoice, setClassChoice, busy, weightsLabel }: ViewProps) {
  const [h, w, c] = shape;
  const predicted = result.probabilities.reduce((best, p, i, all) => (p > all[best] ? i : best), 0);
  const cam = result.gradCam;
  const layers = useMemo(
    () => [
      { rgba: pixelsToRgba(picked.pixels, h, w, c), width: w, height: h },
      ...(cam ? [{ rgba: heatToRgba(cam.map, overlayAlpha), width: cam.width, height: cam.height, smooth: true }] : []),
    ],
    [picked, h, w, c, cam],
  );
  return (
    <div className={`insp-image${busy ? ' is-busy' : ''}`}>
      <div className="insp-pair">
        <figure className="insp-field">
          <figcaption data-testid="gradcam-caption">
            <strong>Grad-CAM</strong>{' '}
            {cam ? `· ${cam.blockName} (${cam.height}×${cam.width}) · class ${className(cam.classIndex)}` : '· no spatial block'}
          </figcaption>
          <MapCanvas
            layers={layers}
            size={200}
            label={`Grad-CAM of class ${cam ? className(cam.classIndex) : ''} over the image`}
            testId="gradcam-canvas"
          />
          <label>
            Class{' '}
            <select
              value={classChoice ?? ''}
              onChange={(e) => setClassChoice(e.target.value === '' ? null : Number(e.target.value))}
              data-testid="gradcam-class"
            >
              <option value="">predicted ({className(predicted)})</option>
              {Array.from({ length: classes }, (_, k) => (
                <option key={k} value={k}>
                  {className(k)}
                </option>
              ))}
            </select>
          </label>
          <p className="insp-note">
            {picked.caption} · {weightsLabel}
          </p>
        </figure>
        <table className="insp-probs" data-testid="inspect-probabilities">
          <caption>Class probabilities</caption>
          <tbody>
            {result.probabilities.map((p, k) => (
              <tr key={k} className={k === predicted ? 'is-top' : undefined} data-prob={p}>
                <th scope="row">{className(k)}</th>
                <td>
                  <span className="insp-bar" style={{ width: `${Math.round(p * 100)}%` }} />
                </td>
                <td className="num">{(p * 100).toFixed(1)}%</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="insp-blocks" data-testid="feature-maps">
        {result.blocks.map((b) => (
          <div key={b.blockId} className="insp-block" data-testid="feature-block">
            <h4>
              {b.blockName}{' '}
              <span className="insp-note">
                {b.shape.join('×')} · {b.channels.length === b.shape[2] ? 'all' : `top ${b.channels.length} of ${b.shape[2]}`} channels by mean
              </span>
            </h4>
            <div className="insp-grid">
              {b.maps.map((m, i) => (
                <MapCanvas
                  key={b.channels[i]}
                  layers={[{ rgba: channelToRgba(m), width: b.shape[1], height: b.shape[0] }]}
                  size={44}
                  label={`${b.blockName} channel ${b.channels[i]}, mean ${b.means[i].toFixed(3)}`}
                />
              ))}
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
