/** PyTorch export bundle: model.py + weights.safetensors + load.py + README.txt. */
import type { ExportFile } from './bundle';
import type { ExportModel } from './export-model';
import { generatePytorchModule } from './pytorch-codegen';
import { pytorchTrainScript } from './pytorch-train-script';
import { encodeSafetensors } from './safetensors';
import { BUNDLE_MODEL_FILE, bundleModelJson, SAFETENSORS_MODEL_KEY } from './torch-weights-import';
import { DEFAULT_RECIPE, type TrainingRecipe } from './training-recipe';

const LOAD_PY = `"""Load the exported SoraNet with its trained weights: pure Python + torch.

No safetensors package and no TensorFlow needed: weights.safetensors is parsed with json + struct and
torch.frombuffer.

    from load import load_model
    model = load_model()          # torch.nn.Module in eval mode
    y = model(x)                  # x: float32 tensor, NHWC [N, H, W, C] like tfjs (converted to NCHW inside)
"""
import importlib.util
import json
import os
import struct
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
_DTYPES = {"F32": torch.float32, "I64": torch.int64}


def read_safetensors(path):
    """Returns {name: tensor} from a safetensors file (little-endian F32 / I64 tensors)."""
    with open(path, "rb") as f:
        raw = f.read()
    (header_len,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + header_len].decode("utf-8"))
    base = 8 + header_len
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] not in _DTYPES:
            raise ValueError("unsupported dtype %s for %s" % (info["dtype"], name))
        start, end = info["data_offsets"]
        dtype = _DTYPES[info["dtype"]]
        if end > start:
            t = torch.frombuffer(bytearray(raw[base + start:base + end]), dtype=dtype)
            if sys.byteorder != "little":
                t = torch.from_numpy(t.numpy().byteswap())
        else:
            t = torch.empty(0, dtype=dtype)
        tensors[name] = t.reshape(info["shape"]).clone()
    return tensors


def _import_model_module():
    path = os.path.join(HERE, "model.py")
    spec = importlib.util.spec_from_file_location("sora_export_model_%x" % (hash(path) & 0xFFFFFFFF), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_model(weights_path=None, device="cpu"):
    """Builds SoraNet, loads weights.safetensors (strictly) and returns it in eval mode on \`device\`.

    The model takes NHWC float32 input like tfjs and converts to NCHW internally.
    """
    module = _import_model_module()
    model = module.SoraNet()
    state = read_safetensors(weights_path or os.path.join(HERE, "weights.safetensors"))
    model.load_state_dict(state, strict=True)
    return model.to(device).eval()


if __name__ == "__main__":
    net = load_model()
    shapes = _import_model_module().INPUT_SHAPES
    with torch.no_grad():
        out = net(*[torch.zeros((1,) + tuple(s)) for s in shapes])
    outs = out if isinstance(out, tuple) else (out,)
    print("SoraNet loaded: %d parameters; output shape(s): %s"
          % (sum(p.numel() for p in net.parameters()), ", ".join(str(tuple(o.shape)) for o in outs)))
`;

function readme(model: ExportModel, stateCount: number): string {
  const first = model.layers.find((l) => l.name === model.inputs[0]);
  const shape = model.inputs.length === 1 && first ? first.outDims.join(', ') : 'H, W, C';
  const title = `PyTorch export of "${model.name}" (Sora Designer)`;
  return `${title}
${'='.repeat(title.length)}

Files
  model.py             class SoraNet(nn.Module) rebuilding the architecture (${model.layers.length} layers, ${model.paramCount} weights)
  weights.safetensors  ${stateCount} tensors in PyTorch layout (standard safetensors format)
  load.py              load_model(): reads the weights with pure Python + torch (no safetensors/TensorFlow needed)
  train.py             trains it with the app run's recipe, alone or under torchrun (DistributedDataParallel)
  ${BUNDLE_MODEL_FILE}       the tfjs topology + weight manifest it was generated from: 'cli import-torch' turns
                       trained weights back into a tfjs model.json + weights.bin that Sora Designer opens

Usage (Python 3 with torch >= 1.13)
  import torch
  from load import load_model
  model = load_model()             # eval mode
  x = torch.rand(8, ${shape})${' '.repeat(Math.max(1, 14 - shape.length))}# NHWC float32, the same layout tfjs takes
  y = model(x)

  python3 load.py                  # self-check: loads the weights and runs a zero input

Training (one process, or many with torchrun; --batch-size is the global batch)
  python3 train.py --data path/to/mnist                          # IDX (.gz too), CIFAR-10 batches or class folders
  torchrun --standalone --nproc_per_node=2 train.py --data path/to/mnist
  python3 train.py --data path/to/mnist --resume                 # continue from trained/checkpoint.pt
  -> trained/weights.safetensors, loadable with load_model("trained/weights.safetensors")

Input layout: NHWC (like tfjs/Keras); the module converts to NCHW internally and returns NHWC for 4-D outputs.
To fine-tune: model.train(), then any torch optimizer; Dropout/BatchNorm behave like Keras in train mode
(BatchNorm momentum converted: torch momentum = 1 - keras momentum).
With the official safetensors package, safetensors.torch.load_file("weights.safetensors") works as well.
${model.warnings.length ? `\nNotes\n${model.warnings.map((w) => `  - ${w}`).join('\n')}\n` : ''}`;
}

export function exportPytorch(model: ExportModel, recipe: TrainingRecipe = DEFAULT_RECIPE): ExportFile[] {
  const { modelPy, state, layerNames } = generatePytorchModule(model);
  const weights = encodeSafetensors(state, {
    format: 'pt',
    source: 'sora-designer',
    input_layout: 'NHWC',
    model: model.name,
    // state-dict prefix -> tfjs/Keras layer name (the same mapping as model.py's LAYER_NAMES)
    layer_names: JSON.stringify(Object.fromEntries(layerNames)),
    // The topology, so the file opens in Sora Designer on its own (train.py copies this metadata).
    [SAFETENSORS_MODEL_KEY]: bundleModelJson(model),
  });
  const text = (s: string): Uint8Array => new TextEncoder().encode(s);
  return [
    { path: 'model.py', data: text(modelPy) },
    { path: 'load.py', data: text(LOAD_PY) },
    { path: 'train.py', data: text(pytorchTrainScript(model, recipe)) },
    { path: 'weights.safetensors', data: weights },
    { path: BUNDLE_MODEL_FILE, data: text(bundleModelJson(model)) },
    { path: 'README.txt', data: text(readme(model, state.size)) },
  ];
}
