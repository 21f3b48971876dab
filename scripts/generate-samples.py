"""Generate the reference values of the webview's built-in verification suite.

Each sample is an input of the TensorFlow.js runtime's evaluateSample (src/lossRuntime) with the
loss and the gradient of the summed loss output that float64 PyTorch computes for it. The losses
are computed here from their definitions in log space, independently of any library focal loss.
They are then checked against torchvision.ops.sigmoid_focal_loss (sigmoid samples, where its
gradient is finite), against the FocalLoss that the FL001 quick fix inserts (softmax samples with
logits) and against F.cross_entropy (gamma 0). A disagreement above 1e-9 aborts the script.

Usage: /usr/bin/python3 scripts/generate-samples.py [--output FILE]
Without --output the JSON goes to stdout. `npm run samples:update` rewrites the committed file.
"""

import argparse
import importlib.util
import json
import math
import pathlib
import sys

import torch
import torch.nn.functional as F
import torchvision

# The runtime clips probabilities to [1e-7, 1 - 1e-7] with fromLogits false, as Keras does.
EPSILON = 1e-7
# Libraries compute in different orders, so float64 results agree to about 1e-15, not exactly.
AGREEMENT = 1e-9
SIGNIFICANT_DIGITS = 12
# The comparison rule of the suite: |computed - expected| <= rtol * (|expected| + floor * max
# |expected|) + the smallest normal float32, element by element. rtol 1e-4 leaves about 800
# float32 ulps for the chain of log, exp and pow; the last term covers float32 underflow.
TOLERANCE = {"rtol": 1e-4, "floor": 1e-3, "atol": 1.1754943508222875e-38}
# The runtime's defaults: torchvision's for sigmoid, and the inserted FocalLoss's for softmax.
SIGMOID_DEFAULTS = {"alpha": 0.25, "gamma": 2.0, "reduction": "none", "fromLogits": True}
SOFTMAX_DEFAULTS = {
    "alpha": None, "gamma": 2.0, "reduction": "mean", "ignoreIndex": -100, "fromLogits": True,
}


def log_probabilities(x, loss, from_logits):
    """Return [log p, log(1 - p)] per element for sigmoid, or log p along axis 1 for softmax."""
    if loss == "sigmoid":
        if from_logits:
            return F.logsigmoid(x), F.logsigmoid(-x)
        return x.clamp(EPSILON, 1 - EPSILON).log(), (1 - x).clamp(EPSILON, 1 - EPSILON).log()
    if from_logits:
        return x - x.logsumexp(dim=1, keepdim=True)
    return (x / x.sum(dim=1, keepdim=True)).clamp(EPSILON, 1 - EPSILON).log()


def log_one_minus_softmax(x, log_p, from_logits):
    """Return log(1 - p_c) for every class: the log-sum-exp of the other classes' logits."""
    if not from_logits:
        return torch.log1p(-log_p.exp())
    classes = x.shape[1]
    others = []
    for c in range(classes):
        mask = torch.zeros(classes, dtype=torch.bool)
        mask[c] = True
        shape = [1, classes] + [1] * (x.dim() - 2)
        others.append(x.masked_fill(mask.reshape(shape), -math.inf).logsumexp(dim=1))
    return torch.stack(others, dim=1) - x.logsumexp(dim=1, keepdim=True)


def class_axis_shape(x):
    return [size if axis == 1 else 1 for axis, size in enumerate(x.shape)]


def reduce(losses, reduction, count):
    if reduction == "none":
        return losses
    if reduction == "sum":
        return losses.sum()
    return losses.sum() / max(count, 1)


def sigmoid_reference(x, t, sample):
    """alpha_t * ce * (1 - p_t)^gamma with 1 - p_t = t (1 - p) + (1 - t) p, in log space."""
    gamma, alpha = option(sample, "gamma"), option(sample, "alpha")
    log_p, log_q = log_probabilities(x, "sigmoid", option(sample, "fromLogits"))
    ce = -(t * log_p + (1 - t) * log_q)
    log_one_minus_pt = torch.logaddexp(t.log() + log_q, (1 - t).log() + log_p)
    losses = ce * torch.exp(gamma * log_one_minus_pt)
    if isinstance(alpha, list):
        a = torch.tensor(alpha, dtype=torch.float64).reshape(class_axis_shape(x))
        losses = losses * (a * t + (1 - a) * (1 - t))
    elif alpha is not None and alpha >= 0:
        losses = losses * (alpha * t + (1 - alpha) * (1 - t))
    return reduce(losses, option(sample, "reduction"), losses.numel())


def softmax_reference(x, t, sample):
    """-alpha (1 - p_t)^gamma log p_t over axis 1, for class indices or soft targets."""
    gamma, alpha = option(sample, "gamma"), option(sample, "alpha")
    from_logits = option(sample, "fromLogits")
    log_p = log_probabilities(x, "softmax", from_logits)
    terms = -torch.exp(gamma * log_one_minus_softmax(x, log_p, from_logits)) * log_p
    if isinstance(alpha, list):
        terms = terms * torch.tensor(alpha, dtype=torch.float64).reshape(class_axis_shape(x))
    elif alpha is not None:
        terms = terms * alpha

    if t.dtype.is_floating_point:
        losses = (terms * t).sum(dim=1)
        return reduce(losses, option(sample, "reduction"), losses.numel())
    valid = t != option(sample, "ignoreIndex")
    picked = terms.gather(1, torch.where(valid, t, torch.zeros_like(t)).unsqueeze(1)).squeeze(1)
    losses = torch.where(valid, picked, torch.zeros_like(picked))
    return reduce(losses, option(sample, "reduction"), int(valid.sum()))


def tensors(sample):
    x = torch.tensor(sample["input"], dtype=torch.float64, requires_grad=True)
    index_targets = sample["loss"] == "softmax" and len(x.shape) != len(
        torch.tensor(sample["target"]).shape
    )
    dtype = torch.int64 if index_targets else torch.float64
    return x, torch.tensor(sample["target"], dtype=dtype)


def loss_and_gradient(function, sample):
    x, t = tensors(sample)
    loss = function(x, t)
    (gradient,) = torch.autograd.grad(loss.sum(), x)
    return loss.detach(), gradient


def check_agreement(name, label, expected, actual):
    if not torch.allclose(actual, expected, rtol=AGREEMENT, atol=AGREEMENT):
        difference = (actual - expected).abs().max().item()
        sys.exit(f"{name}: {label} differs from the reference by {difference:.3e}.")


def option(sample, name):
    """Return a loss option of the sample, or the runtime's default for its loss kind."""
    defaults = SIGMOID_DEFAULTS if sample["loss"] == "sigmoid" else SOFTMAX_DEFAULTS
    return sample.get(name, defaults.get(name))


def torchvision_check(name, sample, loss, gradient):
    """Compare with torchvision, which takes logits and a scalar alpha (negative for none)."""
    alpha = option(sample, "alpha")
    if sample["loss"] != "sigmoid" or not option(sample, "fromLogits") or isinstance(alpha, list):
        return []

    def torchvision_loss(x, t):
        gamma, reduction = option(sample, "gamma"), option(sample, "reduction")
        return torchvision.ops.sigmoid_focal_loss(x, t, alpha, gamma, reduction)

    other_loss, other_gradient = loss_and_gradient(torchvision_loss, sample)
    check_agreement(name, "torchvision's loss", loss, other_loss)
    if not torch.isfinite(other_gradient).all():
        return ["torchvision.ops.sigmoid_focal_loss (loss only: its gradient is NaN)"]
    check_agreement(name, "torchvision's gradient", gradient, other_gradient)
    return ["torchvision.ops.sigmoid_focal_loss"]


def template_check(name, sample, loss, gradient):
    """Compare with the FocalLoss that the FL001 quick fix inserts, which takes logits."""
    if sample["loss"] != "softmax" or not option(sample, "fromLogits"):
        return []
    template = load_template_focal_loss()(
        option(sample, "alpha"),
        option(sample, "gamma"),
        option(sample, "reduction"),
        option(sample, "ignoreIndex"),
    )
    other_loss, other_gradient = loss_and_gradient(template, sample)
    check_agreement(name, "the template FocalLoss's loss", loss, other_loss)
    check_agreement(name, "the template FocalLoss's gradient", gradient, other_gradient)
    return ["templates/python/focal_loss.py FocalLoss"]


def cross_entropy_check(name, sample, loss, gradient):
    """Compare with F.cross_entropy, which focal loss equals at gamma 0 without alpha."""
    if sample["loss"] != "softmax" or option(sample, "gamma") != 0 or option(sample, "alpha"):
        return []

    def cross_entropy(x, t):
        reduction, ignore_index = option(sample, "reduction"), option(sample, "ignoreIndex")
        return F.cross_entropy(x, t, reduction=reduction, ignore_index=ignore_index)

    other_loss, other_gradient = loss_and_gradient(cross_entropy, sample)
    check_agreement(name, "F.cross_entropy's loss", loss, other_loss)
    check_agreement(name, "F.cross_entropy's gradient", gradient, other_gradient)
    return ["torch.nn.functional.cross_entropy"]


def cross_checks(name, sample, loss, gradient):
    """Compare the reference with library losses, and return the names of those that agree."""
    checks = [torchvision_check, template_check, cross_entropy_check]
    return [label for check in checks for label in check(name, sample, loss, gradient)]


def load_template_focal_loss():
    """Import FocalLoss from templates/python/focal_loss.py, which is not a package."""
    path = pathlib.Path(__file__).resolve().parent.parent / "templates" / "python" / "focal_loss.py"
    spec = importlib.util.spec_from_file_location("focal_loss_template", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.FocalLoss


def rounded(tensor):
    values = tensor.tolist()

    def round_nested(value):
        if isinstance(value, list):
            return [round_nested(item) for item in value]
        return float(f"{value:.{SIGNIFICANT_DIGITS}g}")

    return round_nested(values)


def log_of(rows):
    return [[round(math.log(p), 9) for p in row] for row in rows]


# Each sample is an evaluateSample input. Inputs are short decimals so that float32 represents
# them closely, and the gradient is requested for all of them.
SAMPLES = [
    (
        "sigmoid, RetinaNet defaults",
        "alpha 0.25 and gamma 2 on a (2, 3) batch of logits with binary targets, mean.",
        {"loss": "sigmoid", "input": [[1.5, -0.3, 2.2], [-1.1, 0.4, -2.6]],
         "target": [[1, 0, 1], [0, 0, 1]], "alpha": 0.25, "gamma": 2, "reduction": "mean"},
    ),
    (
        "sigmoid, no alpha, reduction none",
        "alpha -1 disables the weighting, as in torchvision; gamma 1, one loss per element.",
        {"loss": "sigmoid", "input": [[0.7, -1.9], [3.1, 0.05]], "target": [[0, 1], [1, 0]],
         "alpha": -1, "gamma": 1, "reduction": "none"},
    ),
    (
        "sigmoid, soft targets",
        "Targets in (0, 1), as after label smoothing; alpha 0.25, gamma 2, sum.",
        {"loss": "sigmoid", "input": [[2.0, -0.5, 0.8], [-1.5, 1.2, -0.1]],
         "target": [[0.9, 0.1, 0.75], [0.2, 0.6, 0.5]], "alpha": 0.25, "gamma": 2,
         "reduction": "sum"},
    ),
    (
        "sigmoid, per-class alpha",
        "One alpha per class along axis 1: [0.1, 0.5, 0.9]; gamma 2, mean.",
        {"loss": "sigmoid", "input": [[0.3, -2.0, 1.7], [-0.8, 2.5, -1.2]],
         "target": [[1, 0, 0], [0, 1, 1]], "alpha": [0.1, 0.5, 0.9], "gamma": 2,
         "reduction": "mean"},
    ),
    (
        "sigmoid, saturated logits",
        "Logits of +-30 and +-100, right and wrong; gamma 2, sum. The loss of a wrong logit of "
        "100 is 0.75 * 100.",
        {"loss": "sigmoid", "input": [[100.0, -100.0, 30.0, -30.0], [-100.0, 100.0, 0.0, 5.0]],
         "target": [[1, 0, 1, 0], [1, 0, 1, 0]], "alpha": 0.25, "gamma": 2, "reduction": "sum"},
    ),
    (
        "sigmoid, gamma 0.5 at saturation",
        "gamma < 1 makes (1 - p_t)^gamma's derivative unbounded at p_t = 1; torchvision's "
        "gradient is NaN here, and the runtime's must be finite.",
        {"loss": "sigmoid", "input": [[100.0, -100.0, 20.0], [-100.0, 3.0, -20.0]],
         "target": [[1, 0, 1], [1, 1, 0]], "alpha": 0.25, "gamma": 0.5, "reduction": "sum"},
    ),
    (
        "sigmoid, probabilities",
        "fromLogits false: the input contains probabilities, clipped to [1e-7, 1 - 1e-7] as in "
        "Keras; alpha 0.25, gamma 2, mean.",
        {"loss": "sigmoid", "input": [[0.9, 0.2], [0.35, 0.999]], "target": [[1, 0], [1, 1]],
         "fromLogits": False, "alpha": 0.25, "gamma": 2, "reduction": "mean"},
    ),
    (
        "softmax, class indices",
        "Multi-class focal loss, no alpha, gamma 2, mean over the batch.",
        {"loss": "softmax", "input": [[2.0, 0.5, -1.0], [0.1, 0.2, 3.0]], "target": [1, 2],
         "gamma": 2, "reduction": "mean"},
    ),
    (
        "softmax, per-class alpha",
        "alpha [0.25, 0.75, 0.5] indexed by the target class; a single number would only "
        "rescale the loss.",
        {"loss": "softmax", "input": [[2.0, 0.5, -1.0], [0.1, 0.2, 3.0]], "target": [1, 2],
         "alpha": [0.25, 0.75, 0.5], "gamma": 2, "reduction": "mean"},
    ),
    (
        "softmax, ignoreIndex",
        "Two of four positions carry ignoreIndex 255 and are left out of the mean.",
        {"loss": "softmax", "input": log_of([[0.9, 0.1], [0.4, 0.6], [0.3, 0.7], [0.8, 0.2]]),
         "target": [0, 1, 255, 255], "ignoreIndex": 255, "gamma": 2, "reduction": "mean"},
    ),
    (
        "softmax, soft targets",
        "Class probabilities as targets, scalar alpha 0.5, gamma 2, one loss per row.",
        {"loss": "softmax", "input": [[1.2, -0.4, 0.3], [-2.0, 0.9, 1.4]],
         "target": [[0.8, 0.1, 0.1], [0.0, 0.3, 0.7]], "alpha": 0.5, "gamma": 2,
         "reduction": "none"},
    ),
    (
        "softmax, gamma 0.5 at saturation",
        "Logit gaps of 100 and 200 make p_t = 1 in float32; gamma 0.5, sum. The gradient must "
        "stay finite.",
        {"loss": "softmax", "input": [[100.0, -100.0, 0.0], [0.0, 50.0, -50.0], [1.0, 2.0, 3.0]],
         "target": [0, 1, 0], "gamma": 0.5, "reduction": "sum"},
    ),
    (
        "softmax, dense (N, C, H, W)",
        "Per-pixel targets of shape (1, 2, 2) for logits (1, 3, 2, 2); gamma 1, sum.",
        {"loss": "softmax",
         "input": [[[[0.5, -1.0], [2.0, 0.0]],
                    [[1.5, 0.3], [-0.7, 0.9]],
                    [[-0.2, 1.1], [0.4, -1.3]]]],
         "target": [[[1, 2], [0, 1]]], "gamma": 1, "reduction": "sum"},
    ),
    (
        "softmax, gamma 0 is cross-entropy",
        "With gamma 0 and no alpha the focal loss equals F.cross_entropy, checked here.",
        {"loss": "softmax", "input": [[0.3, 1.8, -0.6, 0.0], [2.2, -1.0, 0.5, 0.1]],
         "target": [1, 3], "gamma": 0, "reduction": "mean"},
    ),
    (
        "softmax, probabilities",
        "fromLogits false: rows are renormalised along axis 1 and clipped, as Keras' "
        "CategoricalFocalCrossentropy does; per-class alpha, gamma 2, mean.",
        {"loss": "softmax", "input": [[0.7, 0.2, 0.1], [0.3, 0.3, 0.6]], "target": [0, 2],
         "fromLogits": False, "alpha": [0.5, 1.0, 2.0], "gamma": 2, "reduction": "mean"},
    ),
]


def build():
    entries = []
    for name, description, sample in SAMPLES:
        reference = sigmoid_reference if sample["loss"] == "sigmoid" else softmax_reference
        loss, gradient = loss_and_gradient(lambda x, t: reference(x, t, sample), sample)
        if not (torch.isfinite(loss).all() and torch.isfinite(gradient).all()):
            sys.exit(f"{name}: the float64 reference is not finite; change the sample.")
        entries.append({
            "name": name,
            "description": description,
            "sample": {**sample, "gradient": True},
            "expected": {"loss": rounded(loss), "gradient": rounded(gradient)},
            "checkedAgainst": ["float64 reference in log space"] + cross_checks(
                name, sample, loss, gradient
            ),
        })
    return {
        "generator": "scripts/generate-samples.py",
        "tolerance": TOLERANCE,
        "samples": entries,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", help="file to write, instead of stdout")
    arguments = parser.parse_args()
    torch.set_default_dtype(torch.float64)

    text = json.dumps(build(), indent=2) + "\n"
    if arguments.output is None:
        sys.stdout.write(text)
    else:
        with open(arguments.output, "w", encoding="utf-8") as file:
            file.write(text)
        print(f"Wrote {len(SAMPLES)} samples with torch {torch.__version__} and torchvision "
              f"{torchvision.__version__} to {arguments.output}.", file=sys.stderr)


if __name__ == "__main__":
    main()
