/**
 * train.py of the PyTorch bundle: trains SoraNet (model.py) with the exported run's recipe on one process or under
 * torchrun (DistributedDataParallel), reads datasets like the app, logs one JSON line per epoch, checkpoints on
 * rank 0 with --resume, and writes weights.safetensors in the layout load.py reads. See docs/pytorch-training.md.
 */
import type { ExportModel } from './export-model';
import { PY_DATASETS } from './python-datasets';
import { pyStr } from './python-names';
import { outputsProbabilities, recipeFields, type TrainingRecipe } from './training-recipe';

function header(model: ExportModel, recipe: TrainingRecipe): string {
  return `"""Train SoraNet (model.py) with the recipe of the Sora Designer run ${pyStr(model.name)} was exported from,
on one process or many (torch.distributed, DistributedDataParallel).

    python3 train.py --data DIR                                     # one process (CPU, or the first GPU)
    torchrun --standalone --nproc_per_node=4 train.py --data DIR    # 4 processes here (one GPU each, or CPU)
    torchrun --nnodes=2 --nproc_per_node=8 --rdzv_backend=c10d --rdzv_endpoint=HOST:29500 train.py --data DIR
    python3 train.py --data DIR --resume                            # continue from trained/checkpoint.pt

DIR holds MNIST-style IDX files (plain or .gz), CIFAR-10 binary batches (data_batch_*.bin, test_batch.bin) or one
sub-folder per class. --batch-size is the GLOBAL batch (split over the processes), as in the app. gloo is used on
CPU, nccl on CUDA. One JSON line per epoch (rank 0); the last line of every process names its weights checksum.
Final weights: trained/weights.safetensors (load.py: load_model("trained/weights.safetensors")).
"""
import argparse
import gzip
import hashlib
import importlib.util
import json
import math
import os
import re
import struct
import time

import numpy as np
import torch
import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel as DDP
from torch.utils.data import DistributedSampler

HERE = os.path.dirname(os.path.abspath(__file__))
# The app run's training settings: the defaults of the flags below (limit / time limit are recorded, not applied).
RECIPE = json.loads(${pyStr(JSON.stringify(recipeFields(recipe)))})
# ${outputsProbabilities(model) ? 'The model ends in softmax: the loss is the negative log of its probabilities.' : 'The model outputs logits: the loss is softmax cross-entropy.'}
OUTPUT_IS_PROBABILITIES = ${outputsProbabilities(model) ? 'True' : 'False'}
# Share of a time budget after which the warm-up is over (as in the app).
WARMUP_TIME_SHARE = 0.03

`;
}

const BODY = String.raw`

def parse_args():
    r = RECIPE
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="folder with IDX files (plain or .gz), CIFAR-10 binary batches, or one sub-folder per class")
    p.add_argument("--out", default=os.path.join(HERE, "trained"), help="checkpoint.pt and weights.safetensors go here (default: ./trained)")
    p.add_argument("--epochs", type=int, default=r["epochs"])
    p.add_argument("--batch-size", type=int, default=r["batchSize"], help="GLOBAL batch: split over all processes (default from the app run)")
    p.add_argument("--lr", type=float, default=r["learningRate"], help="peak learning rate")
    p.add_argument("--optimizer", choices=["adam", "sgd", "rmsprop"], default=r["optimizer"])
    p.add_argument("--momentum", type=float, default=r.get("momentum") or 0.0, help="SGD momentum")
    p.add_argument("--schedule", choices=["cosine", "constant"], default=r.get("schedule") or "constant")
    p.add_argument("--validation-split", type=float, default=r["validationSplit"])
    p.add_argument("--seed", type=int, default=r["seed"])
    p.add_argument("--shift", type=int, default=(r.get("augment") or {}).get("shiftPixels", 0), help="augmentation: random shift up to N pixels")
    p.add_argument("--flip", type=int, choices=[0, 1], default=int(bool((r.get("augment") or {}).get("flip", False))), help="augmentation: random horizontal flip")
    p.add_argument("--limit", type=int, default=None, help="use only the first N training images (the app run's limit is not applied by default)")
    p.add_argument("--time-limit", type=float, default=None, help="wall-clock budget in seconds; the cosine decay then follows the clock too")
    p.add_argument("--from-scratch", action="store_true", help="re-initialise the weights instead of starting from weights.safetensors")
    p.add_argument("--resume", action="store_true", help="continue from OUT/checkpoint.pt (model, optimizer, step count)")
    p.add_argument("--max-steps", type=int, default=None, help="stop (with a checkpoint) once this many optimizer steps are done in all")
    p.add_argument("--checkpoint-every", type=int, default=200, help="also checkpoint every N steps (0: only at epoch ends)")
    p.add_argument("--log-every", type=int, default=0, help="print a JSON line every N steps (0: one line per epoch only)")
    return p.parse_args()


def log(obj):
    print(json.dumps(obj), flush=True)


def warmup_steps(total_steps):
    """Warm-up of the cosine schedule: 3% of the run, at least 1, at most 200 steps (as in the app)."""
    return max(1, min(200, int(math.floor(total_steps * 0.03 + 0.5))))


def scheduled_lr(peak, schedule, step, total_steps, time_fraction=0.0):
    """The app's schedule: linear warm-up then cosine to 0; warm-up and decay follow steps or time, whichever is ahead."""
    if schedule != "cosine" or total_steps <= 1:
        return peak
    warm = warmup_steps(total_steps)
    warmed = max((step + 1) / warm, time_fraction / WARMUP_TIME_SHARE)
    if warmed < 1:
        return peak * warmed
    by_step = max(0.0, (step - warm + 1) / max(1, total_steps - warm))
    progress = min(1.0, max(by_step, time_fraction))
    return peak * 0.5 * (1 + math.cos(math.pi * progress))


def bn_layers(model):
    return [m for m in model.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]


def bn_warmup_momentum(torch_momentum, step):
    """The app's BN momentum warm-up: the moving-average window grows with the steps (20% of them), capped by the layer's."""
    keras = min(1.0 - torch_momentum, 1.0 - 1.0 / max(1.0, 0.2 * step))
    return 1.0 - keras


@torch.no_grad()
def recalibrate_bn(model, images, device, batches=8, batch_size=64):
    """Re-estimates BN moving statistics as the plain mean of batch statistics over a fixed training sample (the app
    does this at every epoch end); then rank 0's statistics are broadcast so every process holds the same."""
    layers = bn_layers(model)
    if not layers:
        return
    saved = [m.momentum for m in layers]
    was_training = model.training
    model.train()
    for m in layers:
        m.reset_running_stats()
        m.momentum = None  # cumulative average
    n = min(batch_size, len(images))
    stride = max(1, len(images) // (batches * n))
    for b in range(batches):
        start = (b * n * stride) % max(1, len(images) - n + 1)
        model(to_float(images[start:start + n], device))
    for m, mom in zip(layers, saved):
        m.momentum = mom
    if dist.is_initialized():
        for m in layers:
            for t in (m.running_mean, m.running_var, m.num_batches_tracked):
                dist.broadcast(t, 0)
    model.train(was_training)


def to_float(x_uint8, device):
    return torch.from_numpy(np.ascontiguousarray(x_uint8)).to(device=device, dtype=torch.float32).div_(255.0)


def augment(x, shift, flip, gen):
    """Random shift in [-shift, shift] pixels (zero fill) and horizontal mirror with p = 1/2, per image (NHWC)."""
    if shift <= 0 and not flip:
        return x
    n, h, w, _ = x.shape
    out = torch.zeros_like(x)
    for i in range(n):
        dy = int(torch.randint(-shift, shift + 1, (1,), generator=gen)) if shift > 0 else 0
        dx = int(torch.randint(-shift, shift + 1, (1,), generator=gen)) if shift > 0 else 0
        src = x[i].flip(1) if flip and float(torch.rand(1, generator=gen)) < 0.5 else x[i]
        out[i, max(0, dy):h + min(0, dy), max(0, dx):w + min(0, dx)] = src[max(0, -dy):h - max(0, dy), max(0, -dx):w - max(0, dx)]
    return out


def loss_and_hits(out, y):
    out = out[0] if isinstance(out, tuple) else out
    if OUTPUT_IS_PROBABILITIES:
        loss = F.nll_loss(torch.log(out.clamp(1e-7, 1.0)), y)
    else:
        loss = F.cross_entropy(out, y)
    return loss, (out.argmax(-1) == y).sum()


@torch.no_grad()
def evaluate(model, x, y, device, batch_size=256):
    model.eval()
    loss_sum, hits = 0.0, 0
    for s in range(0, len(x), batch_size):
        xb, yb = to_float(x[s:s + batch_size], device), torch.from_numpy(y[s:s + batch_size]).to(device)
        loss, h = loss_and_hits(model(xb), yb)
        loss_sum += float(loss) * len(yb)
        hits += int(h)
    model.train()
    return loss_sum / max(1, len(x)), hits / max(1, len(x))


def state_checksum(state):
    digest = hashlib.sha256()
    for k in sorted(state):
        digest.update(k.encode())
        digest.update(state[k].detach().cpu().contiguous().numpy().tobytes())
    return digest.hexdigest()


def read_metadata(path):
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        return json.loads(f.read(n).decode("utf-8")).get("__metadata__", {})


def write_safetensors(path, state, metadata):
    """The layout load.py reads: F32 / I64 tensors, little-endian, keys = SoraNet state-dict names."""
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for k, t in state.items():
        arr = t.detach().cpu().contiguous().numpy()
        dtype = {"float32": "F32", "int64": "I64"}[str(arr.dtype)]
        blob = arr.astype(arr.dtype.newbyteorder("<"), copy=False).tobytes()
        header[k] = {"dtype": dtype, "shape": list(arr.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header).encode("utf-8")
    text += b" " * (-len(text) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)
    os.replace(tmp, path)


def make_optimizer(name, params, lr, momentum):
    # tfjs defaults: Adam / RMSprop epsilon 1e-7, RMSprop decay 0.9.
    if name == "adam":
        return torch.optim.Adam(params, lr=lr, eps=1e-7)
    if name == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=0.9, eps=1e-7)
    return torch.optim.SGD(params, lr=lr, momentum=momentum)


def setup_distributed():
    """(rank, world size, local rank, device); torchrun sets RANK / WORLD_SIZE / LOCAL_RANK. gloo on CPU, nccl on CUDA."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    cuda = torch.cuda.is_available()
    device = torch.device("cuda", local_rank) if cuda else torch.device("cpu")
    if cuda:
        torch.cuda.set_device(device)
    elif "OMP_NUM_THREADS" not in os.environ:
        local_world = int(os.environ.get("LOCAL_WORLD_SIZE", "1"))
        torch.set_num_threads(max(1, (os.cpu_count() or 1) // local_world))
    if world > 1:
        dist.init_process_group(backend="nccl" if cuda else "gloo")
    return rank, world, local_rank, device


def main():
    args = parse_args()
    rank, world, local_rank, device = setup_distributed()
    chief = rank == 0
    torch.manual_seed(args.seed)
    model_module = _import_here("model")
    shape = tuple(model_module.INPUT_SHAPES[0])
    if len(model_module.INPUT_SHAPES) != 1:
        raise SystemExit("train.py trains single-input models; this one has %d inputs" % len(model_module.INPUT_SHAPES))
    (x_all, y_all), test, kind = load_dataset(args.data, shape)
    if args.limit:
        x_all, y_all = x_all[:args.limit], y_all[:args.limit]
    n_val = int(len(x_all) * args.validation_split)
    order = np.random.RandomState(args.seed ^ 0x5EED).permutation(len(x_all))
    x_train, y_train = x_all[order[n_val:]], y_all[order[n_val:]]
    x_val, y_val = x_all[order[:n_val]], y_all[order[:n_val]]

    model = model_module.SoraNet()
    if args.from_scratch:
        for m in model.modules():
            if m is not model and hasattr(m, "reset_parameters"):
                m.reset_parameters()
    else:
        model.load_state_dict(_import_here("load").read_safetensors(os.path.join(HERE, "weights.safetensors")), strict=True)
    model.to(device).train()
    bns = bn_layers(model)
    bn_momentum = [m.momentum for m in bns]
    optimizer = make_optimizer(args.optimizer, model.parameters(), args.lr, args.momentum)

    per_rank = max(1, args.batch_size // world)
    global_batch = per_rank * world
    steps_per_epoch = math.ceil(math.ceil(len(x_train) / world) / per_rank)
    total_steps = steps_per_epoch * args.epochs
    step, start_epoch, skip_batches, used_seconds = 0, 0, 0, 0.0
    os.makedirs(args.out, exist_ok=True)
    ckpt_path = os.path.join(args.out, "checkpoint.pt")
    if args.resume:
        if not os.path.isfile(ckpt_path):
            raise SystemExit("--resume: no checkpoint at %s" % ckpt_path)
        ckpt = torch.load(ckpt_path, map_location=device)
        model.load_state_dict(ckpt["model"])
        optimizer.load_state_dict(ckpt["optimizer"])
        step, start_epoch, skip_batches, used_seconds = ckpt["step"], ckpt["epoch"], ckpt["batch"], ckpt.get("seconds", 0.0)
        if ckpt.get("steps_per_epoch") != steps_per_epoch:
            log({"event": "warning", "message": "world size or batch changed since the checkpoint: the step count continues, the data order does not"})
    net = DDP(model, device_ids=[local_rank] if device.type == "cuda" else None) if world > 1 else model
    # A fixed, spread-out sample of training images for re-estimating BN statistics (the same on every process).
    calib = x_train[:: max(1, len(x_train) // 512)][:512]
    sampler = DistributedSampler(range(len(x_train)), num_replicas=world, rank=rank, shuffle=True, seed=args.seed, drop_last=False)
    gen = torch.Generator().manual_seed(args.seed * 1000 + rank + step)
    if chief:
        log({"event": "start", "worldSize": world, "backend": dist.get_backend() if dist.is_initialized() else None,
             "device": str(device), "globalBatch": global_batch, "perProcessBatch": per_rank, "stepsPerEpoch": steps_per_epoch,
             "totalSteps": total_steps, "resumedFromStep": step, "dataset": kind, "trainImages": len(x_train),
             "valImages": len(x_val), "testImages": 0 if test is None else len(test[0]),
             "optimizer": args.optimizer, "peakLearningRate": args.lr, "schedule": args.schedule, "epochs": args.epochs,
             "augment": {"shiftPixels": args.shift, "flip": bool(args.flip)}, "recipe": RECIPE})

    def save_checkpoint(epoch, batch):
        if chief:
            tmp = ckpt_path + ".tmp"
            torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "step": step, "epoch": epoch,
                        "batch": batch, "steps_per_epoch": steps_per_epoch, "seconds": used_seconds + (time.time() - t_start)}, tmp)
            os.replace(tmp, ckpt_path)
        if dist.is_initialized():
            dist.barrier()

    t_start = time.time()
    stopped, lr = None, None
    for epoch in range(start_epoch, args.epochs):
        sampler.set_epoch(epoch)
        indices = list(sampler)
        t_epoch, seen = time.time(), 0
        loss_sum = torch.zeros(2, dtype=torch.float64, device=device)  # loss * n, hits
        first_batch = skip_batches if epoch == start_epoch else 0
        for b in range(first_batch, steps_per_epoch):
            idx = np.array(indices[b * per_rank:(b + 1) * per_rank])
            elapsed = used_seconds + time.time() - t_start
            time_fraction = min(1.0, elapsed / args.time_limit) if args.time_limit else 0.0
            if args.time_limit:
                flag = torch.tensor([1.0 if time_fraction >= 1.0 else 0.0], device=device)
                if dist.is_initialized():
                    dist.all_reduce(flag)  # every process stops at the same step
                if float(flag) > 0:
                    stopped = "time limit"
                    break
            lr = scheduled_lr(args.lr, args.schedule, step, total_steps, time_fraction)
            for g in optimizer.param_groups:
                g["lr"] = lr
            for m, configured in zip(bns, bn_momentum):
                m.momentum = bn_warmup_momentum(configured, step)
            xb = augment(to_float(x_train[idx], device), args.shift, bool(args.flip), gen)
            yb = torch.from_numpy(y_train[idx]).to(device)
            loss, hits = loss_and_hits(net(xb), yb)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            step += 1
            seen += len(idx)
            loss_sum += torch.stack([loss.detach().double() * len(idx), hits.double()])
            if args.log_every and step % args.log_every == 0 and chief:
                log({"event": "step", "step": step, "epoch": epoch + 1, "loss": float(loss), "learningRate": lr})
            if args.checkpoint_every and step % args.checkpoint_every == 0:
                save_checkpoint(epoch, b + 1)
            if args.max_steps is not None and step >= args.max_steps:
                stopped = "max steps"
                save_checkpoint(epoch, b + 1)
                break
        for m, configured in zip(bns, bn_momentum):
            m.momentum = configured
        if stopped == "max steps" or seen == 0:
            break  # (seen == 0: the time limit was reached before this epoch's first batch; nothing to close)
        totals = torch.cat([loss_sum, torch.tensor([float(seen)], dtype=torch.float64, device=device)])
        if dist.is_initialized():
            dist.all_reduce(totals)
        recalibrate_bn(model, calib, device)
        row = {"event": "epoch", "epoch": epoch + 1, "step": step, "loss": float(totals[0] / max(1.0, float(totals[2]))),
               "accuracy": float(totals[1] / max(1.0, float(totals[2]))), "learningRate": lr,
               "seconds": round(time.time() - t_epoch, 3), "imagesPerSecond": round(float(totals[2]) / max(1e-9, time.time() - t_epoch), 1)}
        if len(x_val):
            row["valLoss"], row["valAccuracy"] = evaluate(model, x_val, y_val, device)
        if chief:
            log(row)
        save_checkpoint(epoch + 1, 0)
        if stopped:
            break

    state = model.state_dict()
    result = {"event": "done", "rank": rank, "step": step, "stopped": stopped, "weightsSha256": state_checksum(state)}
    if stopped != "max steps":
        if test is not None and chief:
            result["testLoss"], result["testAccuracy"] = evaluate(model, test[0], test[1], device)
            result["testCount"] = len(test[0])
        if chief:
            metadata = dict(read_metadata(os.path.join(HERE, "weights.safetensors")))  # keeps the topology: opens in the app
            metadata.update({"source": "sora-designer train.py", "steps": str(step)})
            write_safetensors(os.path.join(args.out, "weights.safetensors"), state, metadata)
            result["weights"] = os.path.join(args.out, "weights.safetensors")
    log(result)
    if dist.is_initialized():
        dist.barrier()
        dist.destroy_process_group()


def _import_here(name):
    spec = importlib.util.spec_from_file_location("sora_train_%s" % name, os.path.join(HERE, name + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


if __name__ == "__main__":
    main()
`;

export function pytorchTrainScript(model: ExportModel, recipe: TrainingRecipe): string {
  return header(model, recipe) + PY_DATASETS + BODY;
}
