"""Compute float64 focal losses and gradients with PyTorch for the differential tests.

Reads {"cases": [...]} as JSON on stdin and writes {"results": [...]} to stdout, one
result per case in the same order. Each case contains a flat input and target with
their shapes, and the loss options under the names of the TypeScript API. Each result
contains the flat loss, its shape, and the flat gradients of the summed loss output
with respect to the input and, for float targets, the target (null for class
indices). Sigmoid cases with "torchvision": true also get the loss and gradient of
torchvision.ops.sigmoid_focal_loss.

When torch or torchvision cannot be imported, it writes {"unavailable": reason} and
exits 0, so that the caller decides whether that skips or fails the tests.
"""

import json
import sys

try:
    import torch
    import torch.nn.functional as F
    import torchvision
except ImportError as error:  # The caller skips, or fails under CI.
    reason = f"cannot import torch/torchvision with {sys.executable}: {error}"
    json.dump({"unavailable": reason}, sys.stdout)
    sys.exit(0)

# Keras' probability clipping, which the runtime copies for fromLogits false.
EPSILON = 1e-7


def reduce(losses, reduction, count):
    if reduction == "none":
        return losses
    if reduction == "sum":
        return losses.sum()
    return losses.sum() / max(count, 1)


def class_shape(shape):
    """Return the shape that broadcasts one value per class along axis 1."""
    return [size if axis == 1 else 1 for axis, size in enumerate(shape)]


def softmax_loss(x, target, case):
    gamma, alpha = case["gamma"], case["alpha"]
    if case["fromLogits"]:
        log_p = F.log_softmax(x, dim=1)
    else:
        normalised = x / x.sum(dim=1, keepdim=True)
        log_p = normalised.clamp(EPSILON, 1 - EPSILON).log()

    if case["targetKind"] == "soft":
        terms = -((1 - log_p.exp()) ** gamma) * log_p * target
        if isinstance(alpha, list):
            shape = class_shape(case["inputShape"])
            terms = terms * torch.tensor(alpha, dtype=torch.float64).reshape(shape)
        elif alpha is not None:
            terms = terms * alpha
        losses = terms.sum(dim=1)
        return reduce(losses, case["reduction"], losses.numel())

    valid = target != case["ignoreIndex"]
    safe = torch.where(valid, target, torch.zeros_like(target))
    log_pt = log_p.gather(1, safe.unsqueeze(1)).squeeze(1)
    losses = -((1 - log_pt.exp()) ** gamma) * log_pt
    weights = valid.to(torch.float64)
    if isinstance(alpha, list):
        weights = weights * torch.tensor(alpha, dtype=torch.float64)[safe]
    elif alpha is not None:
        weights = weights * alpha
    return reduce(losses * weights, case["reduction"], int(valid.sum()))


def sigmoid_loss(x, target, case):
    gamma, alpha = case["gamma"], case["alpha"]
    if case["fromLogits"]:
        p = torch.sigmoid(x)
        ce = F.binary_cross_entropy_with_logits(x, target, reduction="none")
    else:
        p = x.clamp(EPSILON, 1 - EPSILON)
        ce = -(target * p.log() + (1 - target) * (1 - p).log())
    p_t = p * target + (1 - p) * (1 - target)
    losses = ce * (1 - p_t) ** gamma
    if isinstance(alpha, list):
        input_shape = case["inputShape"]
        shape = class_shape(input_shape) if len(input_shape) >= 2 else [1]
        alpha_c = torch.tensor(alpha, dtype=torch.float64).reshape(shape)
        losses = (alpha_c * target + (1 - alpha_c) * (1 - target)) * losses
    elif alpha is not None and alpha >= 0:
        losses = (alpha * target + (1 - alpha) * (1 - target)) * losses
    return reduce(losses, case["reduction"], losses.numel())


def torchvision_loss(x, target, case):
    alpha = -1 if case["alpha"] is None else case["alpha"]
    return torchvision.ops.sigmoid_focal_loss(
        x, target, alpha=alpha, gamma=case["gamma"], reduction=case["reduction"]
    )


def evaluate(loss_function, case):
    x = torch.tensor(case["input"], dtype=torch.float64)
    x = x.reshape(case["inputShape"]).requires_grad_(True)
    if case["targetKind"] == "index":
        target = torch.tensor(case["target"], dtype=torch.long)
        target = target.reshape(case["targetShape"])
        loss = loss_function(x, target, case)
        (gradient,) = torch.autograd.grad(loss.sum(), x)
        target_gradient = None
    else:
        target = torch.tensor(case["target"], dtype=torch.float64)
        target = target.reshape(case["targetShape"]).requires_grad_(True)
        loss = loss_function(x, target, case)
        gradient, target_gradient = torch.autograd.grad(loss.sum(), [x, target])
        target_gradient = target_gradient.reshape(-1).tolist()
    return {
        "loss": loss.detach().reshape(-1).tolist(),
        "lossShape": list(loss.shape),
        "gradient": gradient.reshape(-1).tolist(),
        "targetGradient": target_gradient,
    }


def main():
    cases = json.load(sys.stdin)["cases"]
    results = []
    for case in cases:
        loss_function = softmax_loss if case["loss"] == "softmax" else sigmoid_loss
        result = evaluate(loss_function, case)
        if case.get("torchvision"):
            result["torchvision"] = evaluate(torchvision_loss, case)
        results.append(result)
    output = {
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "results": results,
    }
    json.dump(output, sys.stdout)


if __name__ == "__main__":
    main()
