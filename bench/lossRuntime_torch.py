"""Time PyTorch focal losses, forward and backward, for bench/lossRuntime.bench.ts.

Usage: /usr/bin/python3 bench/lossRuntime_torch.py THREADS RUNS
Prints {"torch": version, "threads": n, "sigmoid": [ms...], "softmax": [ms...]}.

The sigmoid case is torchvision.ops.sigmoid_focal_loss on RetinaNet-sized logits
(100,000 anchors x 80 classes, 1% positives, reduction "sum"). The softmax case is the
usual log_softmax and gather formulation on a segmentation batch of 8 x 21 x 128 x 128
with 5% of the pixels at ignore_index 255. Both are float32.
"""

import json
import sys
import time

import torch
import torch.nn.functional as F
import torchvision


def softmax_focal_loss(logits, target, gamma=2.0, ignore_index=255):
    valid = target != ignore_index
    safe = torch.where(valid, target, torch.zeros_like(target))
    log_pt = F.log_softmax(logits, dim=1).gather(1, safe.unsqueeze(1)).squeeze(1)
    losses = -((1 - log_pt.exp()) ** gamma) * log_pt * valid
    return losses.sum() / valid.sum().clamp_min(1)


def sigmoid_focal_loss(logits, target):
    return torchvision.ops.sigmoid_focal_loss(logits, target, reduction="sum")


def time_backward(loss_function, logits, target, runs):
    """Return the milliseconds of each forward and backward pass after one warm-up."""
    logits.requires_grad_(True)
    timings = []
    for run in range(runs + 1):
        logits.grad = None
        start = time.perf_counter()
        loss_function(logits, target).backward()
        elapsed = (time.perf_counter() - start) * 1000
        if run > 0:
            timings.append(elapsed)
    return timings


def main():
    threads, runs = int(sys.argv[1]), int(sys.argv[2])
    torch.set_num_threads(threads)
    generator = torch.Generator().manual_seed(0)

    logits = torch.randn(100_000, 80, generator=generator)
    target = (torch.rand(100_000, 80, generator=generator) < 0.01).float()
    sigmoid = time_backward(sigmoid_focal_loss, logits, target, runs)

    logits = torch.randn(8, 21, 128, 128, generator=generator)
    target = torch.randint(0, 21, (8, 128, 128), generator=generator)
    target[torch.rand(8, 128, 128, generator=generator) < 0.05] = 255
    softmax = time_backward(softmax_focal_loss, logits, target, runs)

    output = {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "sigmoid": sigmoid,
        "softmax": softmax,
    }
    json.dump(output, sys.stdout)


if __name__ == "__main__":
    main()
