"""Builds small PyTorch CNNs, exports each with torch.onnx.export at the given opsets into OUTDIR and prints one
JSON line: per fixture the .onnx path, PyTorch's own counts (sum of p.numel() over parameters, BN running
statistics), the counts the importer must give, MACs computed here by hand (conv and linear only), a fixed input
and torch's output on it. Prints {"skip": reason} when torch or onnx cannot be imported.

usage: python3 make_torch_fixtures.py OUTDIR [OPSET ...] [--only NAME]
"""
import json
import os
import sys
import warnings
import zlib

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except Exception as e:  # noqa: BLE001
    print(json.dumps({"skip": f"python3 cannot import torch ({e}); install Debian's python3-torch"}))
    sys.exit(0)

warnings.filterwarnings("ignore")
torch.manual_seed(0)
H = W = 12


class Plain(nn.Module):
    """conv 3x3 'same' + relu, maxpool 2, x.view(n, -1) (NCHW flatten order) + linear."""
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.fc = nn.Linear(8 * 6 * 6, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv(x)))
        return self.fc(x.view(x.size(0), -1))


class DepthwiseSeparable(nn.Module):
    """depthwise 3x3 (no bias) + pointwise 1x1 -> one Separable Conv; depthwise with bias stays two blocks."""
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, padding=1)
        self.dw = nn.Conv2d(8, 8, 3, padding=1, groups=8, bias=False)
        self.pw = nn.Conv2d(8, 16, 1)
        self.dw2 = nn.Conv2d(16, 32, 3, padding=1, groups=16)  # depth multiplier 2, with bias
        self.gap = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(32, 10)

    def forward(self, x):
        x = F.relu(self.stem(x))
        x = F.relu(self.pw(self.dw(x)))
        x = torch.tanh(self.dw2(x))
        return self.fc(torch.flatten(self.gap(x), 1))


class Dilated(nn.Module):
    """dilated 3x3 (dilation 2, padding 2 = 'same') -> Receptive-Field Conv; avgpool 2; flatten + linear."""
    def __init__(self):
        super().__init__()
        self.rf = nn.Conv2d(3, 6, 3, padding=2, dilation=2)
        self.rf2 = nn.Conv2d(6, 6, 3, dilation=(2, 1))  # 'valid', different dilation per axis
        self.pool = nn.AvgPool2d(2)
        self.fc = nn.Linear(6 * 4 * 5, 7)

    def forward(self, x):
        x = torch.sigmoid(self.rf2(F.relu(self.rf(x))))
        return self.fc(torch.flatten(self.pool(x), 1))


class StridedAsym(nn.Module):
    """ZeroPad2d((0,1,0,1)) + stride-2 3x3 conv = TF 'same'; ReLU6 (Clip); global avg pool; linear; softmax."""
    def __init__(self):
        super().__init__()
        self.pad = nn.ZeroPad2d((0, 1, 0, 1))
        self.conv = nn.Conv2d(3, 8, 3, stride=2)
        self.conv2 = nn.Conv2d(8, 8, 2, stride=2)  # 'valid'
        self.fc = nn.Linear(8, 5)

    def forward(self, x):
        x = F.relu6(self.conv(self.pad(x)))
        x = F.relu6(self.conv2(x))
        return torch.softmax(self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1)), dim=1)


class BatchNorms(nn.Module):
    """conv + BN + relu (export folds this BN into the conv), maxpool, a BN that stays (after the pool), linear + BN1d."""
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(8)
        self.pool = nn.MaxPool2d(2)
        self.bn_after_pool = nn.BatchNorm2d(8, eps=1e-3)
        self.fc = nn.Linear(8 * 6 * 6, 16)
        self.bn1d = nn.BatchNorm1d(16)
        self.out = nn.Linear(16, 4)

    def forward(self, x):
        x = self.bn_after_pool(self.pool(F.relu(self.bn(self.conv(x)))))
        x = F.relu(self.bn1d(self.fc(torch.flatten(x, 1))))
        return self.out(x)


class Residual(nn.Module):
    """residual add of two conv paths, x.mean((2, 3)) (ReduceMean), dropout (gone in eval export), linear + softmax."""
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, padding=1)
        self.body = nn.Conv2d(8, 8, 3, padding=1)
        self.drop = nn.Dropout(0.3)
        self.fc = nn.Linear(8, 10)

    def forward(self, x):
        x = F.relu(self.stem(x))
        x = x + F.relu(self.body(x))
        x = self.drop(x.mean(dim=(2, 3)))  # ReduceMean over H, W = global average pooling
        return F.softmax(self.fc(x), dim=-1)


class Concat(nn.Module):
    """two branches (1x1 and 3x3) concatenated on channels, avgpool with padding 0, flatten + linear."""
    def __init__(self):
        super().__init__()
        self.a = nn.Conv2d(3, 4, 1)
        self.b = nn.Conv2d(3, 6, 3, padding=1)
        self.pool = nn.AvgPool2d(3, stride=3)
        self.fc = nn.Linear(10 * 4 * 4, 3)

    def forward(self, x):
        x = torch.cat([F.relu(self.a(x)), F.relu(self.b(x))], dim=1)
        return self.fc(torch.flatten(self.pool(x), 1))


class SmallCnn(nn.Module):
    """the committed fixture: conv, depthwise+pointwise (one Separable Conv), dilated conv, maxpool, a kept BN,
    x.view flatten + linear + softmax."""
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.dw = nn.Conv2d(8, 8, 3, padding=1, groups=8, bias=False)
        self.pw = nn.Conv2d(8, 16, 1)
        self.rf = nn.Conv2d(16, 8, 3, padding=2, dilation=2)
        self.pool = nn.MaxPool2d(2)
        self.bn = nn.BatchNorm2d(8)
        self.fc = nn.Linear(8 * 6 * 6, 10)

    def forward(self, x):
        x = F.relu(self.conv(x))
        x = F.relu6(self.pw(self.dw(x)))
        x = self.bn(self.pool(F.relu(self.rf(x))))
        return torch.softmax(self.fc(x.view(x.size(0), -1)), dim=1)


class MnistTiny(nn.Module):
    """an MNIST-shaped (1x28x28, 10 classes) net for the app's end-to-end tests: conv, maxpool 4, flatten, linear."""
    input_shape = (1, 28, 28)

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.pool = nn.MaxPool2d(4)
        self.fc = nn.Linear(4 * 7 * 7, 10)

    def forward(self, x):
        return torch.softmax(self.fc(torch.flatten(self.pool(F.relu(self.conv(x))), 1)), dim=1)


class Stride2Pad1(nn.Module):
    """nn.Conv2d(stride=2, padding=1) on an even 12x12 input: pads (1,1,1,1) where TF 'same' pads (0,1,0,1), so a
    Zero Padding block + 'valid' conv; then a 'same' 3x3 conv, global average, linear."""
    def __init__(self):
        super().__init__()
        self.down = nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.conv = nn.Conv2d(8, 8, 3, padding=1)
        self.fc = nn.Linear(8, 5)

    def forward(self, x):
        x = F.relu(self.conv(F.relu(self.down(x))))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class AsymZeroPad(nn.Module):
    """nn.ZeroPad2d((0, 1, 2, 0)) (left 0, right 1, top 2, bottom 0) + a 3x3 'valid' conv: asymmetric pads."""
    def __init__(self):
        super().__init__()
        self.pad = nn.ZeroPad2d((0, 1, 2, 0))
        self.conv = nn.Conv2d(3, 6, 3)
        self.fc = nn.Linear(6 * 12 * 11, 4)

    def forward(self, x):
        return self.fc(torch.flatten(torch.tanh(self.conv(self.pad(x))), 1))


class ResnetStem(nn.Module):
    """ResNet stem on an even 32x32 input: conv 7x7 stride 2 padding 3 (no bias) + BN + ReLU, maxpool 3x3 stride 2
    padding 1 (over ReLU outputs, so zero padding is exact), global average, linear."""
    input_shape = (3, 32, 32)

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        self.maxpool = nn.MaxPool2d(3, stride=2, padding=1)
        self.fc = nn.Linear(16, 10)

    def forward(self, x):
        x = self.maxpool(F.relu(self.bn1(self.conv1(x))))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class AvgPoolIncludePad(nn.Module):
    """nn.AvgPool2d(3, stride=2, padding=1) (count_include_pad=True: divides by 9 everywhere) = zero padding + 'valid'."""
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.pool = nn.AvgPool2d(3, stride=2, padding=1)
        self.fc = nn.Linear(4 * 6 * 6, 3)

    def forward(self, x):
        return self.fc(torch.flatten(self.pool(torch.sigmoid(self.conv(x))), 1))


class AvgPoolExcludePad(nn.Module):
    """unsupported: AvgPool2d(3, stride=2, padding=1, count_include_pad=False) on an even input (not TF 'same')."""
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.pool = nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False)
        self.fc = nn.Linear(4 * 6 * 6, 3)

    def forward(self, x):
        return self.fc(torch.flatten(self.pool(self.conv(x)), 1))


class MaxPoolSigned(nn.Module):
    """unsupported: MaxPool2d(3, stride=2, padding=1) over a conv without ReLU (values < 0 meet -inf padding)."""
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.pool = nn.MaxPool2d(3, stride=2, padding=1)
        self.fc = nn.Linear(4 * 6 * 6, 3)

    def forward(self, x):
        return self.fc(torch.flatten(self.pool(self.conv(x)), 1))


class GroupedConv(nn.Module):
    """unsupported: groups=2 with 4 input channels."""
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.grouped = nn.Conv2d(4, 4, 3, padding=1, groups=2)
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(self.grouped(self.conv(x)), 1), 1))


class Leaky(nn.Module):
    """unsupported: LeakyRelu."""
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(F.leaky_relu(self.conv(x), 0.1), 1), 1))


NETS = {
    "plain": Plain,
    "depthwise_separable": DepthwiseSeparable,
    "dilated": Dilated,
    "strided_asymmetric": StridedAsym,
    "batch_norms": BatchNorms,
    "residual": Residual,
    "concat": Concat,
    "small_cnn": SmallCnn,
    "mnist_tiny": MnistTiny,
    "stride2_pad1": Stride2Pad1,
    "asym_zeropad": AsymZeroPad,
    "resnet_stem": ResnetStem,
    "avgpool_include_pad": AvgPoolIncludePad,
    "avgpool_exclude_pad": AvgPoolExcludePad,
    "maxpool_signed": MaxPoolSigned,
    "grouped_conv": GroupedConv,
    "leaky_relu": Leaky,
}


def randomize(model):
    """Non-trivial weights and BN statistics (export would otherwise dedup equal initializers)."""
    g = torch.Generator().manual_seed(1)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.modules.batchnorm._BatchNorm):
                m.weight.copy_(0.5 + torch.rand(m.num_features, generator=g))
                m.bias.copy_(torch.rand(m.num_features, generator=g) - 0.5)
                m.running_mean.copy_(torch.rand(m.num_features, generator=g) - 0.5)
                m.running_var.copy_(0.5 + torch.rand(m.num_features, generator=g))


def macs_and_fused(model, x):
    """MACs of conv and linear layers (conv: Ho*Wo*Cout*Cin/groups*kh*kw; linear: in*out), from forward hooks."""
    total = [0]

    def conv_hook(m, inp, out):
        _, cout, ho, wo = out.shape
        total[0] += ho * wo * cout * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]

    def linear_hook(m, inp, out):
        total[0] += m.in_features * m.out_features

    hooks = []
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            hooks.append(m.register_forward_hook(conv_hook))
        elif isinstance(m, nn.Linear):
            hooks.append(m.register_forward_hook(linear_hook))
    with torch.no_grad():
        out = model(x)
    for h in hooks:
        h.remove()
    return total[0], out


def expected_counts(model, onnx_path):
    """What the app counts for the exported graph. torch.onnx.export (eval mode) folds a BatchNorm that directly
    follows a Conv into that conv's weight and bias, so such a BN is not in the file: its 2C parameters are gone
    and the conv gains a C bias if it had none. A BN that is kept counts 2C trainable + 2C non-trainable
    (running mean / variance, which PyTorch keeps as buffers)."""
    import onnx
    g = onnx.load(onnx_path).graph
    used = {i for n in g.node for i in n.input} | {i.name for i in g.initializer}
    modules = list(model.named_modules())
    trainable = sum(p.numel() for p in model.parameters())
    non_trainable = 0
    for i, (name, m) in enumerate(modules):
        if not isinstance(m, nn.modules.batchnorm._BatchNorm):
            continue
        if f"{name}.weight" in used or f"{name}.running_mean" in used:
            non_trainable += 2 * m.num_features
        else:  # folded into the conv registered just before it
            prev = modules[i - 1][1]
            assert isinstance(prev, nn.Conv2d), f"BN {name} folded but not after a conv"
            trainable -= 2 * m.num_features
            if prev.bias is None:
                trainable += m.num_features
    return trainable, non_trainable


def main():
    args = sys.argv[1:]
    only = None
    if "--only" in args:
        k = args.index("--only")
        only = args[k + 1]
        del args[k:k + 2]
    out_dir = args[0]
    opsets = [int(a) for a in args[1:]] or [11, 17]
    os.makedirs(out_dir, exist_ok=True)
    fixtures = []
    for name, cls in NETS.items():
        if only and name != only:
            continue
        torch.manual_seed(zlib.crc32(name.encode()) % 1000)  # str hash() differs per process
        model = cls()
        randomize(model)
        model.eval()
        shape = getattr(cls, "input_shape", (3, H, W))
        x = torch.rand(2, *shape, generator=torch.Generator().manual_seed(7)) * 2 - 1
        macs, y = macs_and_fused(model, x)
        torch_params = sum(p.numel() for p in model.parameters())
        bn_buffers = sum(b.numel() for n, b in model.named_buffers() if n.endswith(("running_mean", "running_var")))
        for opset in opsets:
            path = os.path.join(out_dir, f"{name}_opset{opset}.onnx")
            torch.onnx.export(model, x[:1], path, opset_version=opset, input_names=["image"], output_names=["scores"])
            trainable, non_trainable = expected_counts(model, path)
            fixtures.append({
                "name": name, "opset": opset, "file": path,
                "torchParams": torch_params, "torchBnBuffers": bn_buffers,
                "trainableParams": trainable, "nonTrainableParams": non_trainable, "macs": macs,
                "input": {"shape": list(x.shape), "values": x.flatten().tolist()},
                "output": {"shape": list(y.shape), "values": y.flatten().tolist()},
            })
    print(json.dumps({"torch": torch.__version__, "fixtures": fixtures}))


if __name__ == "__main__":
    main()
