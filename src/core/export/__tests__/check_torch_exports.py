"""Test helper: runs every exported PyTorch case under ROOT and prints one JSON report.

Each case dir holds the export (model.py, load.py, weights.safetensors) and case.json listing raw little-endian
float32 input/expected-output files with their shapes.
"""
import importlib.util
import json
import os
import sys

try:
    import torch
except Exception as e:  # pragma: no cover - environment dependent
    print(json.dumps({"skip": "import torch failed: %s" % e}))
    sys.exit(0)


def read_f32(path, shape):
    with open(path, "rb") as f:
        return torch.frombuffer(bytearray(f.read()), dtype=torch.float32).reshape(shape)


def run_case(case_dir):
    with open(os.path.join(case_dir, "case.json")) as f:
        case = json.load(f)
    spec = importlib.util.spec_from_file_location("load_" + os.path.basename(case_dir), os.path.join(case_dir, "load.py"))
    loader = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loader)
    model = loader.load_model()
    inputs = [read_f32(os.path.join(case_dir, i["file"]), i["shape"]) for i in case["inputs"]]
    with torch.no_grad():
        out = model(*inputs)
    outs = out if isinstance(out, tuple) else (out,)
    diffs, shapes = [], []
    for o, e in zip(outs, case["outputs"]):
        shapes.append(list(o.shape))
        if e.get("file") is None or list(o.shape) != e["shape"]:
            diffs.append(None)  # shape-only case, or a shape mismatch the caller reports
            continue
        exp = read_f32(os.path.join(case_dir, e["file"]), e["shape"])
        diffs.append(float((o - exp).abs().max()))
    state = model.state_dict()
    params = sum(t.numel() for k, t in state.items() if not k.endswith("num_batches_tracked"))
    return {"maxDiff": diffs, "shapes": shapes, "outputs": len(outs), "paramCount": params,
            "training": model.training}


def main(root):
    report = {"torch": torch.__version__, "cases": {}}
    for name in sorted(os.listdir(root)):
        case_dir = os.path.join(root, name)
        if not os.path.isfile(os.path.join(case_dir, "case.json")):
            continue
        try:
            report["cases"][name] = run_case(case_dir)
        except Exception as e:
            report["cases"][name] = {"error": "%s: %s" % (type(e).__name__, e)}
    print(json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1])
