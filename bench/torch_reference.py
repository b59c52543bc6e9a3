"""PyTorch reference for bench/train-speed.ts and bench/train-speed-browser.ts: trains a small Sora net on random
28x28x1 data. Usage: torch_reference.py [threads] [chunks] [batches-per-chunk] [reference|sora-fast] [batch]

Net (TF 'same' padding equivalents): separable 3x3 -> 32 (relu), conv 3x3 dilation 2 -> 64 (relu), max-pool 2,
separable 3x3 -> 64 (relu), global average pool, dense 10. Adam 1e-3, cross-entropy, batch 64.
"sora-fast": the sora-fast-mnist template (separable 3x3 depth multiplier 8 -> 32, BN, relu, max-pool; separable
-> 64, BN, relu, max-pool; conv 3x3 dilation 2 -> 64, BN, relu; separable -> 128, BN, relu; global average,
dropout 0.1, dense 10); 50,162 trainable parameters like the Keras model.
Prints one JSON line: {"imagesPerSecond", "imagesPerCpuSecond" (process CPU time, all threads): medians over
chunks, "chunks": [...], "threads": n}.
"""
import json
import statistics
import sys
import time

import torch
import torch.nn as nn


class Separable(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.depthwise = nn.Conv2d(cin, cin, 3, padding=1, groups=cin, bias=False)
        self.pointwise = nn.Conv2d(cin, cout, 1)

    def forward(self, x):
        return self.pointwise(self.depthwise(x))


def reference_net():
    return nn.Sequential(
        Separable(1, 32), nn.ReLU(),
        nn.Conv2d(32, 64, 3, padding=2, dilation=2), nn.ReLU(),
        nn.MaxPool2d(2),
        Separable(64, 64), nn.ReLU(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        nn.Linear(64, 10),
    )


class SeparableBn(nn.Module):
    """Keras SeparableConv2D(use_bias=False, depth_multiplier=m) + BatchNormalization + ReLU."""

    def __init__(self, cin, cout, multiplier=1):
        super().__init__()
        self.depthwise = nn.Conv2d(cin, cin * multiplier, 3, padding=1, groups=cin, bias=False)
        self.pointwise = nn.Conv2d(cin * multiplier, cout, 1, bias=False)
        self.bn = nn.BatchNorm2d(cout, eps=1e-3, momentum=0.01)

    def forward(self, x):
        return torch.relu(self.bn(self.pointwise(self.depthwise(x))))


def sora_fast_net():
    return nn.Sequential(
        SeparableBn(1, 32, 8), nn.MaxPool2d(2),
        SeparableBn(32, 64), nn.MaxPool2d(2),
        nn.Conv2d(64, 64, 3, padding=2, dilation=2, bias=False), nn.BatchNorm2d(64, eps=1e-3, momentum=0.01), nn.ReLU(),
        SeparableBn(64, 128),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.1),
        nn.Linear(128, 10),
    )


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    chunks = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    batches_per_chunk = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    net = sys.argv[4] if len(sys.argv) > 4 else "reference"
    batch = int(sys.argv[5]) if len(sys.argv) > 5 else 64
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = sora_fast_net() if net == "sora-fast" else reference_net()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.rand(batch, 1, 28, 28)
    y = torch.randint(0, 10, (batch,))

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(3):
        step()
    rates = []
    cpu_rates = []
    for _ in range(chunks):
        t = time.perf_counter()
        c = time.process_time()
        for _ in range(batches_per_chunk):
            step()
        rates.append(batch * batches_per_chunk / (time.perf_counter() - t))
        cpu_rates.append(batch * batches_per_chunk / (time.process_time() - c))
    print(json.dumps({
        "imagesPerSecond": statistics.median(rates),
        "imagesPerCpuSecond": statistics.median(cpu_rates),
        "chunks": rates,
        "threads": torch.get_num_threads(),
        "net": net,
        "batch": batch,
        "trainableParams": sum(p.numel() for p in model.parameters()),
    }))


if __name__ == "__main__":
    main()
