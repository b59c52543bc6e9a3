"""Test helper: onnx.checker.check_model (full check, with shape inference) on every .onnx path given.

Prints one JSON line: {"onnx": version, "results": {path: "ok" | error}} or {"skip": why} without the onnx module.
"""
import json
import sys

try:
    import onnx
except Exception as e:  # pragma: no cover - environment dependent
    print(json.dumps({"skip": "import onnx failed: %s" % e}))
    sys.exit(0)

results = {}
for path in sys.argv[1:]:
    try:
        onnx.checker.check_model(onnx.load(path), full_check=True)
        results[path] = "ok"
    except Exception as e:
        results[path] = "%s: %s" % (type(e).__name__, e)
print(json.dumps({"onnx": onnx.__version__, "results": results}))
