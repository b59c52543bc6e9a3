"""Test helper: checks generated keras_model.py files without TensorFlow.

A tiny shape-only stand-in for `tensorflow` / `tensorflow.keras.layers` is installed in sys.modules; each script's
build_and_load() then runs for real: layer kwargs drive shape inference and the expected weight shapes, and
set_weights() rejects any npz array whose shape the kwargs do not imply. Prints one JSON report.
"""
import ast
import importlib.util
import json
import math
import os
import sys
import types

import numpy as np


class T:  # symbolic tensor: shape without batch
    def __init__(self, shape):
        self.shape = tuple(shape)


def pair(v):
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v)


def out_len(n, k, s, d, padding):
    eff = (k - 1) * d + 1
    return math.ceil(n / s) if padding == "same" else (n - eff) // s + 1


class Layer:
    def __init__(self, *args, name=None, **kw):
        self.name, self.kw, self.expected, self.weights = name, kw, [], []
        self.cls = type(self).__name__

    def __call__(self, x):
        ins = x if isinstance(x, list) else [x]
        out, self.expected = self.infer([t.shape for t in ins])
        LOG.append(self)
        self.out = T(out)
        return self.out

    def set_weights(self, arrays):
        got = [tuple(a.shape) for a in arrays]
        if got != [tuple(e) for e in self.expected]:
            raise ValueError("%s %s: set_weights shapes %s != expected %s" % (self.cls, self.name, got, self.expected))
        self.weights = arrays

    def count_params(self):
        return sum(int(np.prod(e)) for e in self.expected)


def conv_like(kind):
    class Conv(Layer):
        def infer(self, shapes):
            (h, w, c), kw = shapes[0], self.kw
            k, s, d = pair(kw["kernel_size"]), pair(kw.get("strides", 1)), pair(kw.get("dilation_rate", 1))
            pad = kw.get("padding", "valid")
            oh, ow = out_len(h, k[0], s[0], d[0], pad), out_len(w, k[1], s[1], d[1], pad)
            dm = kw.get("depth_multiplier", 1)
            bias = kw.get("use_bias", True)
            if kind == "conv":
                f = kw["filters"]
                return (oh, ow, f), [(k[0], k[1], c, f)] + ([(f,)] if bias else [])
            if kind == "depthwise":
                return (oh, ow, c * dm), [(k[0], k[1], c, dm)] + ([(c * dm,)] if bias else [])
            f = kw["filters"]
            return (oh, ow, f), [(k[0], k[1], c, dm), (1, 1, c * dm, f)] + ([(f,)] if bias else [])
    return Conv


class Dense(Layer):
    def infer(self, shapes):
        x, u = shapes[0], self.kw["units"]
        return x[:-1] + (u,), [(x[-1], u)] + ([(u,)] if self.kw.get("use_bias", True) else [])


class BatchNormalization(Layer):
    def infer(self, shapes):
        n = shapes[0][-1]
        ws = ([(n,)] if self.kw.get("scale", True) else []) + ([(n,)] if self.kw.get("center", True) else [])
        return shapes[0], ws + [(n,), (n,)]


class Same(Layer):
    def infer(self, shapes):
        return shapes[0], []


def pool(kind):
    class Pool(Layer):
        def infer(self, shapes):
            (h, w, c), kw = shapes[0], self.kw
            p = pair(kw.get("pool_size", 2))
            s = pair(kw.get("strides") or p)
            pad = kw.get("padding", "valid")
            return (out_len(h, p[0], s[0], 1, pad), out_len(w, p[1], s[1], 1, pad), c), []
    return Pool


class GlobalPool(Layer):
    def infer(self, shapes):
        c = shapes[0][-1]
        return ((1, 1, c) if self.kw.get("keepdims") else (c,)), []


class Flatten(Layer):
    def infer(self, shapes):
        return (int(np.prod(shapes[0])),), []


class Concatenate(Layer):
    def infer(self, shapes):
        axis = self.kw.get("axis", -1)
        a = axis - 1 if axis > 0 else len(shapes[0]) + axis
        out = list(shapes[0])
        out[a] = sum(s[a] for s in shapes)
        return tuple(out), []


class ZeroPadding2D(Layer):
    def infer(self, shapes):
        (t, b), (l, r) = self.kw["padding"]
        h, w, c = shapes[0]
        return (h + t + b, w + l + r, c), []


class Model:
    def __init__(self, inputs, outputs, name=None):
        self.outputs, self.name, self.layers = outputs, name, list(LOG)

    def get_layer(self, name):
        return next(l for l in self.layers if l.name == name)

    def count_params(self):
        return sum(l.count_params() for l in self.layers)


LOG = []
layers_mod = types.ModuleType("tensorflow.keras.layers")
for name, cls in {
    "Conv2D": conv_like("conv"), "DepthwiseConv2D": conv_like("depthwise"), "SeparableConv2D": conv_like("separable"),
    "Dense": Dense, "BatchNormalization": BatchNormalization, "MaxPooling2D": pool("max"),
    "AveragePooling2D": pool("avg"), "GlobalAveragePooling2D": GlobalPool, "GlobalMaxPooling2D": GlobalPool,
    "Flatten": Flatten, "Concatenate": Concatenate, "ZeroPadding2D": ZeroPadding2D,
}.items():
    setattr(layers_mod, name, type(name, (cls,), {}))
for name in ["Activation", "ReLU", "LeakyReLU", "ELU", "Softmax", "Dropout", "SpatialDropout2D", "Add", "Subtract",
             "Multiply", "Average", "Maximum", "Minimum"]:
    setattr(layers_mod, name, type(name, (Same,), {}))
keras_mod = types.ModuleType("tensorflow.keras")
keras_mod.layers = layers_mod
keras_mod.Input = lambda shape, name=None: T(shape)
keras_mod.Model = Model
tf_mod = types.ModuleType("tensorflow")
tf_mod.keras = keras_mod
tf_mod.nn = types.SimpleNamespace(relu6=abs, silu=abs, log_softmax=abs, gelu=abs)
sys.modules.update({"tensorflow": tf_mod, "tensorflow.keras": keras_mod, "tensorflow.keras.layers": layers_mod})


def run_case(case_dir):
    path = os.path.join(case_dir, "keras_model.py")
    src = open(path).read()
    tree = ast.parse(src)
    build = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "build_model")
    declared = [c.func.attr for c in ast.walk(build) if isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute)
                and isinstance(c.func.value, ast.Name) and c.func.value.id == "layers"]
    funcs = sorted(n.name for n in tree.body if isinstance(n, ast.FunctionDef))
    del LOG[:]
    spec = importlib.util.spec_from_file_location("keras_" + os.path.basename(case_dir), path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    model = mod.build_and_load()
    npz = np.load(os.path.join(case_dir, "weights.npz"))
    checksum = {k: float(np.asarray(npz[k], dtype=np.float64).sum()) for k in npz.files}
    return {"declared": declared, "built": [l.cls for l in model.layers], "functions": funcs,
            "expectedParams": mod.EXPECTED_PARAMS, "countParams": model.count_params(),
            "outputShapes": [list(o.shape) for o in model.outputs], "npz": checksum,
            "npzDtypes": sorted({str(npz[k].dtype) for k in npz.files}),
            "usesMirroredStrategy": "tf.distribute.MirroredStrategy()" in src}


def main(root):
    report = {"cases": {}}
    for name in sorted(os.listdir(root)):
        d = os.path.join(root, name)
        if os.path.isfile(os.path.join(d, "keras_model.py")):
            try:
                report["cases"][name] = run_case(d)
            except Exception as e:
                report["cases"][name] = {"error": "%s: %s" % (type(e).__name__, e)}
    print(json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1])
