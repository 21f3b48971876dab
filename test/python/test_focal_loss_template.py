"""Tests for templates/python/focal_loss.py, the code that the quick fix inserts.

FocalLoss is checked against a float64 reference written with Python floats, and
sigmoid_focal_loss against torchvision.ops.sigmoid_focal_loss. Run with Debian's
interpreter, which has torch 1.13 and torchvision 0.14:
/usr/bin/python3 -m unittest discover -s test/python -v
"""

import ast
import importlib.util
import math
import random
import unittest
from pathlib import Path

import torch
import torch.nn.functional as F
import torchvision

TEMPLATE_PATH = Path(__file__).resolve().parents[2] / "templates" / "python" / "focal_loss.py"


def load_template():
    spec = importlib.util.spec_from_file_location("focal_loss_template", TEMPLATE_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


template = load_template()
FocalLoss = template.FocalLoss
sigmoid_focal_loss = template.sigmoid_focal_loss

GAMMAS = (0.0, 0.5, 1.0, 2.0, 3.5)
REDUCTIONS = ("none", "mean", "sum")
SATURATION_GAMMAS = (0.0, 0.25, 0.5, 2.0)


def reference_focal_loss(
    logits, target, alpha=None, gamma=2.0, reduction="mean", ignore_index=-100
):
    """Compute the softmax focal loss with Python floats, one entry at a time.

    This is the direct formula -alpha_t * (1 - p_t) ** gamma * log(p_t), with p_t from a
    log-sum-exp over the class axis, so it shares no code path with the template.
    """
    num_classes = logits.shape[1]
    element_shape = (logits.shape[0],) + tuple(logits.shape[2:])
    rows = logits.detach().double().movedim(1, -1).reshape(-1, num_classes).tolist()
    is_soft = target.is_floating_point()
    if is_soft:
        targets = target.detach().double().movedim(1, -1).reshape(-1, num_classes).tolist()
    else:
        targets = target.reshape(-1).tolist()
    if alpha is None:
        weights = [1.0] * num_classes
    elif isinstance(alpha, float):
        weights = [alpha] * num_classes
    else:
        weights = [float(weight) for weight in alpha]

    losses = []
    num_counted = 0
    for row, row_target in zip(rows, targets):
        if not is_soft and row_target == ignore_index:
            losses.append(0.0)
            continue
        num_counted += 1
        top = max(row)
        log_norm = top + math.log(sum(math.exp(value - top) for value in row))
        if is_soft:
            probabilities = row_target
        else:
            probabilities = [1.0 if c == row_target else 0.0 for c in range(num_classes)]
        loss = 0.0
        for c in range(num_classes):
            log_p = row[c] - log_norm
            p = math.exp(log_p)
            loss -= weights[c] * probabilities[c] * (1.0 - p) ** gamma * log_p
        losses.append(loss)

    if reduction == "none":
        return torch.tensor(losses, dtype=torch.float64).reshape(element_shape)
    if reduction == "sum":
        return torch.tensor(sum(losses), dtype=torch.float64)
    return torch.tensor(sum(losses) / max(num_counted, 1), dtype=torch.float64)


def reference_sigmoid_focal_loss(logits, target, alpha=0.25, gamma=2.0):
    """Compute the per-element sigmoid focal loss with Python floats.

    p and 1 - p are each computed as 1 / (1 + exp(-+x)), and their logarithms with
    log1p, so the loss keeps its precision where p_t is close to 1.
    """
    losses = []
    for x, t in zip(logits.reshape(-1).tolist(), target.reshape(-1).tolist()):
        p = 1.0 / (1.0 + math.exp(-x))
        one_minus_p = 1.0 / (1.0 + math.exp(x))
        log_p = -math.log1p(math.exp(-x))
        log_one_minus_p = -math.log1p(math.exp(x))
        cross_entropy = -(t * log_p + (1.0 - t) * log_one_minus_p)
        one_minus_p_t = p * (1.0 - t) + one_minus_p * t
        alpha_t = alpha * t + (1.0 - alpha) * (1.0 - t) if alpha >= 0 else 1.0
        losses.append(alpha_t * cross_entropy * one_minus_p_t**gamma)
    return torch.tensor(losses, dtype=torch.float64).reshape(logits.shape)


def naive_softmax_focal_loss(logits, target, gamma):
    """Compute the usual hand-written focal loss, whose gradient is NaN at saturation."""
    log_p_t = F.log_softmax(logits, dim=1).gather(1, target.unsqueeze(1)).squeeze(1)
    return (-((1 - log_p_t.exp()) ** gamma) * log_p_t).mean()


def random_index_target(shape, num_classes, generator, ignore_index=None):
    target = torch.randint(0, num_classes, shape, generator=generator)
    if ignore_index is not None:
        is_ignored = torch.rand(shape, generator=generator) < 0.3
        target[is_ignored] = ignore_index
    return target


def random_soft_target(shape, generator):
    return torch.softmax(3 * torch.randn(shape, generator=generator, dtype=torch.float64), dim=1)


class TemplateSourceTest(unittest.TestCase):
    def setUp(self):
        self.source = TEMPLATE_PATH.read_text(encoding="utf-8")
        self.tree = ast.parse(self.source, feature_version=(3, 8))

    def test_imports_come_first(self):
        statements = self.tree.body
        num_imports = 0
        while num_imports < len(statements) and isinstance(
            statements[num_imports], (ast.Import, ast.ImportFrom)
        ):
            num_imports += 1
        self.assertGreater(num_imports, 0)
        later = statements[num_imports:]
        self.assertFalse(any(isinstance(node, (ast.Import, ast.ImportFrom)) for node in later))

    def test_imports_are_torch_only(self):
        allowed = {"import torch", "import torch.nn as nn", "import torch.nn.functional as F"}
        import_lines = [line for line in self.source.splitlines() if line.startswith("import ")]
        self.assertTrue(set(import_lines) <= allowed, import_lines)
        self.assertNotIn("from __future__", self.source)
        self.assertNotIn("\nfrom ", self.source)

    def test_source_avoids_view(self):
        self.assertNotIn(".view(", self.source)

    def test_runs_when_pasted(self):
        namespace = {}
        exec(compile(self.source, "<inserted>", "exec"), namespace)
        logits = torch.randn(4, 3, dtype=torch.float64)
        target = torch.tensor([0, 2, 1, 1])
        loss = namespace["FocalLoss"]()(logits, target)
        self.assertAlmostEqual(loss.item(), reference_focal_loss(logits, target).item(), places=12)
        self.assertIn("sigmoid_focal_loss", namespace)


class SigmoidFocalLossTorchvisionTest(unittest.TestCase):
    """sigmoid_focal_loss against torchvision, for gamma >= 1 where torchvision is finite."""

    def test_matches_torchvision(self):
        generator = torch.Generator().manual_seed(0)
        rng = random.Random(0)
        for case in range(60):
            ndim = rng.randint(1, 4)
            shape = tuple(rng.randint(1, 5) for _ in range(ndim))
            alpha = rng.choice((0.25, 0.5, 0.9, -1.0))
            gamma = rng.choice((1.0, 1.5, 2.0, 3.0))
            reduction = REDUCTIONS[case % 3]
            is_soft = case % 2 == 1
            logits = 3 * torch.randn(shape, generator=generator, dtype=torch.float64)
            if is_soft:
                target = torch.rand(shape, generator=generator, dtype=torch.float64)
            else:
                target = torch.randint(0, 2, shape, generator=generator).double()
            upstream = torch.randn(shape if reduction == "none" else (), dtype=torch.float64)

            results = []
            for function in (sigmoid_focal_loss, torchvision.ops.sigmoid_focal_loss):
                x = logits.clone().requires_grad_()
                t = target.clone().requires_grad_(is_soft)
                loss = function(x, t, alpha=alpha, gamma=gamma, reduction=reduction)
                loss.backward(upstream)
                results.append((loss.detach(), x.grad, t.grad))
            loss, input_grad, target_grad = results[0]
            expected, expected_input_grad, expected_target_grad = results[1]
            case_options = dict(alpha=alpha, gamma=gamma, reduction=reduction)

            with self.subTest(case=case, shape=shape, **case_options):
                torch.testing.assert_close(loss, expected, rtol=1e-12, atol=1e-14)
                torch.testing.assert_close(input_grad, expected_input_grad, rtol=1e-10, atol=1e-13)
                if is_soft:
                    torch.testing.assert_close(
                        target_grad, expected_target_grad, rtol=1e-10, atol=1e-13
                    )

    def test_confident_logits_reference(self):
        """Where p_t rounds to 1, torchvision's 1 - p_t is 0 but the loss is not."""
        logits = torch.tensor([[15.0, 25.0, 35.0, -15.0, -25.0, -35.0]], dtype=torch.float64)
        for label in (0.0, 1.0):
            target = torch.full_like(logits, label)
            for gamma in (0.5, 2.0):
                with self.subTest(label=label, gamma=gamma):
                    loss = sigmoid_focal_loss(logits, target, gamma=gamma)
                    expected = reference_sigmoid_focal_loss(logits, target, gamma=gamma)
                    torch.testing.assert_close(loss, expected, rtol=1e-12, atol=0)

    def test_defaults_match_torchvision(self):
        logits = torch.randn(3, 4, dtype=torch.float64)
        target = (torch.rand(3, 4) < 0.5).double()
        expected = torchvision.ops.sigmoid_focal_loss(logits, target)
        torch.testing.assert_close(sigmoid_focal_loss(logits, target), expected)

    def test_gradcheck(self):
        logits = torch.randn(2, 3, dtype=torch.float64, requires_grad=True)
        target = torch.rand(2, 3, dtype=torch.float64, requires_grad=True)
        for gamma in (0.0, 0.5, 2.0):
            with self.subTest(gamma=gamma):
                self.assertTrue(
                    torch.autograd.gradcheck(
                        lambda x, t: sigmoid_focal_loss(x, t, gamma=gamma, reduction="sum"),
                        (logits, target),
                    )
                )


class FocalLossReferenceTest(unittest.TestCase):
    """FocalLoss against the float64 reference for every target kind, alpha form and reduction."""

    ALPHAS = (None, 0.25, [0.2, 0.9, 0.5, 1.3], torch.tensor([1.1, 0.3, 0.7, 0.05]))

    def assert_matches_reference(self, logits, target, **options):
        loss = FocalLoss(**options)(logits, target)
        alpha = options.get("alpha")
        if isinstance(alpha, torch.Tensor):
            options = dict(options, alpha=alpha.tolist())
        expected = reference_focal_loss(logits, target, **options)
        self.assertEqual(loss.shape, expected.shape)
        torch.testing.assert_close(loss, expected, rtol=1e-12, atol=1e-14)

    def test_index_target_2d(self):
        generator = torch.Generator().manual_seed(1)
        logits = 2 * torch.randn(7, 4, generator=generator, dtype=torch.float64)
        target = random_index_target((7,), 4, generator)
        for alpha in self.ALPHAS:
            for gamma in GAMMAS:
                for reduction in REDUCTIONS:
                    with self.subTest(alpha=alpha, gamma=gamma, reduction=reduction):
                        self.assert_matches_reference(
                            logits, target, alpha=alpha, gamma=gamma, reduction=reduction
                        )

    def test_index_target_nchw(self):
        generator = torch.Generator().manual_seed(2)
        logits = 2 * torch.randn(2, 4, 3, 5, generator=generator, dtype=torch.float64)
        target = random_index_target((2, 3, 5), 4, generator, ignore_index=255)
        for alpha in self.ALPHAS:
            for gamma in GAMMAS:
                for reduction in REDUCTIONS:
                    with self.subTest(alpha=alpha, gamma=gamma, reduction=reduction):
                        self.assert_matches_reference(
                            logits,
                            target,
                            alpha=alpha,
                            gamma=gamma,
                            reduction=reduction,
                            ignore_index=255,
                        )

    def test_soft_target_nchw(self):
        generator = torch.Generator().manual_seed(3)
        logits = 2 * torch.randn(2, 4, 3, 2, generator=generator, dtype=torch.float64)
        target = random_soft_target((2, 4, 3, 2), generator)
        for alpha in self.ALPHAS:
            for gamma in GAMMAS:
                for reduction in REDUCTIONS:
                    with self.subTest(alpha=alpha, gamma=gamma, reduction=reduction):
                        self.assert_matches_reference(
                            logits, target, alpha=alpha, gamma=gamma, reduction=reduction
                        )

    def test_ignored_entries_none(self):
        logits = torch.randn(2, 3, 2, 2, dtype=torch.float64)
        target = torch.tensor([[[0, -100], [2, 1]], [[-100, -100], [1, 0]]])
        loss = FocalLoss(reduction="none")(logits, target)
        self.assertEqual(loss.shape, (2, 2, 2))
        self.assertTrue(bool((loss[target == -100] == 0).all()))
        self.assertTrue(bool((loss[target != -100] > 0).all()))

    def test_all_ignored_mean_zero(self):
        for reduction in ("mean", "sum"):
            with self.subTest(reduction=reduction):
                logits = torch.randn(3, 4, dtype=torch.float64, requires_grad=True)
                target = torch.full((3,), 255)
                loss = FocalLoss(reduction=reduction, ignore_index=255)(logits, target)
                loss.backward()
                self.assertEqual(loss.item(), 0.0)
                self.assertTrue(bool(torch.isfinite(logits.grad).all()))
                self.assertTrue(bool((logits.grad == 0).all()))

    def test_empty_batch_mean_zero(self):
        logits = torch.randn(0, 3, dtype=torch.float64)
        self.assertEqual(FocalLoss()(logits, torch.zeros(0, dtype=torch.long)).item(), 0.0)
        self.assertEqual(FocalLoss()(logits, torch.zeros(0, 3, dtype=torch.float64)).item(), 0.0)

    def test_uint8_target(self):
        logits = torch.randn(2, 3, 4, dtype=torch.float64)
        target = torch.tensor([[0, 1, 2, 255], [2, 2, 255, 0]], dtype=torch.uint8)
        self.assert_matches_reference(logits, target, ignore_index=255)

    def test_float32_alpha_float64_input(self):
        logits = torch.randn(5, 3, dtype=torch.float64)
        target = torch.tensor([0, 1, 2, 2, 1])
        alpha = torch.tensor([0.5, 0.25, 0.125], dtype=torch.float32)
        self.assert_matches_reference(logits, target, alpha=alpha)

    def test_gradient_matches_reference(self):
        """Compare autograd with central differences of the reference at a few gammas."""
        generator = torch.Generator().manual_seed(4)
        logits = torch.randn(3, 4, 2, generator=generator, dtype=torch.float64)
        target = random_index_target((3, 2), 4, generator, ignore_index=-100)
        alpha = [0.3, 1.0, 0.6, 0.9]
        shape = logits.shape
        step = 1e-6
        for gamma in (0.0, 0.5, 2.0):
            with self.subTest(gamma=gamma):
                x = logits.clone().requires_grad_()
                FocalLoss(alpha=alpha, gamma=gamma)(x, target).backward()
                expected = torch.zeros_like(logits)
                for index in range(logits.numel()):
                    shifted = logits.clone().reshape(-1)
                    shifted[index] += step
                    upper = reference_focal_loss(shifted.reshape(shape), target, alpha, gamma)
                    shifted[index] -= 2 * step
                    lower = reference_focal_loss(shifted.reshape(shape), target, alpha, gamma)
                    expected.reshape(-1)[index] = (upper - lower) / (2 * step)
                torch.testing.assert_close(x.grad, expected, rtol=1e-6, atol=1e-8)

    def test_gradcheck(self):
        generator = torch.Generator().manual_seed(5)
        logits = torch.randn(3, 4, 2, generator=generator, dtype=torch.float64, requires_grad=True)
        index_target = random_index_target((3, 2), 4, generator, ignore_index=-100)
        soft_target = random_soft_target((3, 4, 2), generator)
        for target in (index_target, soft_target):
            for alpha in (None, 0.25, [0.3, 1.0, 0.6, 0.9]):
                for gamma in (0.0, 0.5, 2.0):
                    for reduction in REDUCTIONS:
                        criterion = FocalLoss(alpha=alpha, gamma=gamma, reduction=reduction)
                        with self.subTest(
                            soft=target.is_floating_point(),
                            alpha=alpha,
                            gamma=gamma,
                            reduction=reduction,
                        ):
                            self.assertTrue(
                                torch.autograd.gradcheck(lambda x: criterion(x, target), (logits,))
                            )


class CrossEntropyAgreementTest(unittest.TestCase):
    """At gamma = 0 FocalLoss is F.cross_entropy, up to the order of summation."""

    def setUp(self):
        generator = torch.Generator().manual_seed(6)
        self.logits = 2 * torch.randn(3, 5, 4, 2, generator=generator, dtype=torch.float64)
        self.target = random_index_target((3, 4, 2), 5, generator, ignore_index=255)
        self.weight = torch.tensor([0.2, 1.5, 0.7, 1.0, 3.0], dtype=torch.float64)

    def test_index_target_none_equal(self):
        loss = FocalLoss(gamma=0, reduction="none", ignore_index=255)(self.logits, self.target)
        expected = F.cross_entropy(self.logits, self.target, reduction="none", ignore_index=255)
        self.assertTrue(torch.equal(loss, expected))

    def test_index_target_reductions(self):
        for reduction in ("mean", "sum"):
            with self.subTest(reduction=reduction):
                x = self.logits.clone().requires_grad_()
                loss = FocalLoss(gamma=0, reduction=reduction, ignore_index=255)(x, self.target)
                loss.backward()
                y = self.logits.clone().requires_grad_()
                expected = F.cross_entropy(y, self.target, reduction=reduction, ignore_index=255)
                expected.backward()
                torch.testing.assert_close(loss, expected, rtol=1e-14, atol=0)
                torch.testing.assert_close(x.grad, y.grad, rtol=1e-14, atol=1e-16)

    def test_soft_target(self):
        soft_target = torch.softmax(torch.randn(3, 5, 4, 2, dtype=torch.float64), dim=1)
        for reduction in REDUCTIONS:
            with self.subTest(reduction=reduction):
                loss = FocalLoss(gamma=0, reduction=reduction)(self.logits, soft_target)
                expected = F.cross_entropy(self.logits, soft_target, reduction=reduction)
                torch.testing.assert_close(loss, expected, rtol=1e-14, atol=0)

    def test_soft_target_alpha_weight(self):
        soft_target = torch.softmax(torch.randn(3, 5, 4, 2, dtype=torch.float64), dim=1)
        for reduction in REDUCTIONS:
            with self.subTest(reduction=reduction):
                criterion = FocalLoss(alpha=self.weight, gamma=0, reduction=reduction)
                expected = F.cross_entropy(
                    self.logits, soft_target, weight=self.weight, reduction=reduction
                )
                torch.testing.assert_close(criterion(self.logits, soft_target), expected)

    def test_alpha_weight_none_sum(self):
        for reduction in ("none", "sum"):
            with self.subTest(reduction=reduction):
                criterion = FocalLoss(
                    alpha=self.weight, gamma=0, reduction=reduction, ignore_index=255
                )
                expected = F.cross_entropy(
                    self.logits,
                    self.target,
                    weight=self.weight,
                    reduction=reduction,
                    ignore_index=255,
                )
                torch.testing.assert_close(criterion(self.logits, self.target), expected)

    def test_alpha_weight_mean_denominator(self):
        """With per-class alpha the mean divides by the count, not the sum of weights."""
        criterion = FocalLoss(alpha=self.weight, gamma=0, ignore_index=255)
        loss = criterion(self.logits, self.target)
        weighted_sum = F.cross_entropy(
            self.logits, self.target, weight=self.weight, reduction="sum", ignore_index=255
        )
        num_counted = int((self.target != 255).sum())
        torch.testing.assert_close(loss, weighted_sum / num_counted)
        weighted_mean = F.cross_entropy(
            self.logits, self.target, weight=self.weight, ignore_index=255
        )
        self.assertGreater(abs(loss.item() - weighted_mean.item()), 1e-3)


class SaturationGradientTest(unittest.TestCase):
    """Gradients stay finite where p_t rounds to 1, including 0 < gamma < 1."""

    SOFTMAX_LOGITS = [[50.0, 0.0, 0.0], [1e4, -1e4, 0.0], [0.0, 3e37, -3e37]]

    def test_focal_loss_index_target(self):
        for dtype in (torch.float32, torch.float64):
            for gamma in SATURATION_GAMMAS:
                for target in ([0, 0, 1], [1, 2, 2], [2, 1, 0]):
                    with self.subTest(dtype=dtype, gamma=gamma, target=target):
                        logits = torch.tensor(self.SOFTMAX_LOGITS, dtype=dtype, requires_grad=True)
                        loss = FocalLoss(gamma=gamma)(logits, torch.tensor(target))
                        loss.backward()
                        self.assertTrue(bool(torch.isfinite(loss)))
                        self.assertTrue(bool(torch.isfinite(logits.grad).all()), logits.grad)

    def test_focal_loss_soft_target(self):
        for dtype in (torch.float32, torch.float64):
            for gamma in SATURATION_GAMMAS:
                with self.subTest(dtype=dtype, gamma=gamma):
                    logits = torch.tensor(self.SOFTMAX_LOGITS, dtype=dtype, requires_grad=True)
                    target = torch.tensor([[1.0, 0, 0], [0.5, 0.5, 0], [0, 0.9, 0.1]], dtype=dtype)
                    FocalLoss(gamma=gamma)(logits, target).backward()
                    self.assertTrue(bool(torch.isfinite(logits.grad).all()), logits.grad)

    def test_sigmoid(self):
        logits_values = [[-100.0, 100.0, -1e4, 1e4, -3e37, 3e37]]
        for dtype in (torch.float32, torch.float64):
            for gamma in SATURATION_GAMMAS:
                for label in (0.0, 1.0):
                    with self.subTest(dtype=dtype, gamma=gamma, label=label):
                        logits = torch.tensor(logits_values, dtype=dtype, requires_grad=True)
                        target = torch.full_like(logits, label)
                        sigmoid_focal_loss(logits, target, gamma=gamma, reduction="sum").backward()
                        self.assertTrue(bool(torch.isfinite(logits.grad).all()), logits.grad)

    def test_softmax_limit_zero(self):
        """Logits [[50, 0, 0]] with target 0 give a gradient of about 0, not NaN."""
        for dtype in (torch.float32, torch.float64):
            for gamma in (0.25, 0.5, 2.0):
                with self.subTest(dtype=dtype, gamma=gamma):
                    logits = torch.tensor([[50.0, 0.0, 0.0]], dtype=dtype, requires_grad=True)
                    FocalLoss(gamma=gamma)(logits, torch.tensor([0])).backward()
                    self.assertLess(logits.grad.abs().max().item(), 1e-20)

    def test_naive_formula_nan(self):
        """The textbook formula and torchvision 0.14 give NaN gradients at these inputs."""
        for dtype in (torch.float32, torch.float64):
            logits = torch.tensor([[50.0, 0.0, 0.0]], dtype=dtype, requires_grad=True)
            naive_softmax_focal_loss(logits, torch.tensor([0]), gamma=0.5).backward()
            self.assertTrue(bool(torch.isnan(logits.grad).any()))
            logits = torch.tensor([[-100.0, 100.0]], dtype=dtype, requires_grad=True)
            target = torch.tensor([[0.0, 1.0]], dtype=dtype)
            torchvision.ops.sigmoid_focal_loss(logits, target, gamma=0.5).sum().backward()
            self.assertTrue(bool(torch.isnan(logits.grad).any()))


class ReportedCasesTest(unittest.TestCase):
    def test_sigmoid_gamma_half_gradient(self):
        """Sigmoid form with alpha 0.25, gamma 0.5 and mean, where torchvision 0.14 gives NaN."""
        expected = [[0.0, -0.0625, 0.1875, 0.0]]
        for dtype in (torch.float32, torch.float64):
            with self.subTest(dtype=dtype):
                logits = torch.tensor(
                    [[-100.0, -100.0, 100.0, 100.0]], dtype=dtype, requires_grad=True
                )
                target = torch.tensor([[0.0, 1.0, 0.0, 1.0]], dtype=dtype)
                loss = sigmoid_focal_loss(logits, target, alpha=0.25, gamma=0.5, reduction="mean")
                loss.backward()
                torch.testing.assert_close(
                    logits.grad, torch.tensor(expected, dtype=dtype), rtol=0, atol=1e-12
                )

    def test_ignore_index_mean(self):
        """Two of four pixels are ignored, so only the other two count in the mean."""
        probabilities = torch.tensor(
            [[0.9, 0.1], [0.4, 0.6], [0.3, 0.7], [0.8, 0.2]], dtype=torch.float64
        )
        logits = probabilities.log().T.reshape(1, 2, 2, 2)
        target = torch.tensor([[[0, 1], [255, 255]]])
        loss = FocalLoss(gamma=2.0, ignore_index=255)(logits, target)
        self.assertAlmostEqual(loss.item(), 0.041393, places=6)
        all_ignored = torch.full_like(target, 255)
        self.assertEqual(FocalLoss(gamma=2.0, ignore_index=255)(logits, all_ignored).item(), 0.0)

    def test_permuted_logits(self):
        torch.manual_seed(7)
        feat = torch.randn(2, 64, 64, 3)
        logits = feat.permute(0, 3, 1, 2).requires_grad_()
        target = torch.randint(0, 3, (2, 64, 64))
        self.assertFalse(logits.is_contiguous())
        loss = FocalLoss()(logits, target)
        loss.backward()
        expected = reference_focal_loss(logits, target)
        self.assertAlmostEqual(loss.item(), expected.item(), delta=1e-6 * expected.item())
        self.assertEqual(logits.grad.shape, logits.shape)


class AlphaFactsTest(unittest.TestCase):
    """A scalar alpha only rescales a softmax focal loss, but per-class alpha balances classes."""

    def setUp(self):
        self.logits = torch.tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 3.0]], dtype=torch.float64)
        self.target = torch.tensor([1, 2])

    def test_alpha_none(self):
        self.assertAlmostEqual(FocalLoss(gamma=2.0)(self.logits, self.target).item(), 0.59276, 5)

    def test_alpha_scalar(self):
        loss = FocalLoss(alpha=0.25, gamma=2.0)(self.logits, self.target)
        self.assertAlmostEqual(loss.item(), 0.14819, 5)

    def test_alpha_per_class(self):
        for alpha in ([0.25, 0.75, 0.5], (0.25, 0.75, 0.5), torch.tensor([0.25, 0.75, 0.5])):
            with self.subTest(alpha=alpha):
                loss = FocalLoss(alpha=alpha, gamma=2.0)(self.logits, self.target)
                self.assertAlmostEqual(loss.item(), 0.44442, 5)


class ValidationTest(unittest.TestCase):
    def test_bad_gamma(self):
        for gamma in (-1.0, float("nan"), float("inf")):
            with self.subTest(gamma=gamma):
                with self.assertRaisesRegex(ValueError, f"gamma.*{gamma!r}"):
                    FocalLoss(gamma=gamma)
                with self.assertRaisesRegex(ValueError, f"gamma.*{gamma!r}"):
                    sigmoid_focal_loss(torch.zeros(2), torch.zeros(2), gamma=gamma)

    def test_bad_reduction(self):
        with self.assertRaisesRegex(ValueError, "'avg'"):
            FocalLoss(reduction="avg")
        with self.assertRaisesRegex(ValueError, "'avg'"):
            sigmoid_focal_loss(torch.zeros(2), torch.zeros(2), reduction="avg")

    def test_target_out_of_range(self):
        logits = torch.randn(3, 3)
        for bad_index in (7, 3, -1):
            with self.subTest(bad_index=bad_index):
                target = torch.tensor([0, bad_index, 1])
                with self.assertRaisesRegex(ValueError, rf"index {bad_index}\b.*C = 3"):
                    FocalLoss()(logits, target)

    def test_ignore_index_not_rejected(self):
        logits = torch.randn(3, 3)
        loss = FocalLoss(ignore_index=-1)(logits, torch.tensor([0, -1, 2]))
        self.assertTrue(bool(torch.isfinite(loss)))

    def test_alpha_wrong_length(self):
        with self.assertRaisesRegex(ValueError, "alpha has 2 .*C = 3"):
            FocalLoss(alpha=[0.5, 0.5])(torch.randn(4, 3), torch.tensor([0, 1, 2, 0]))

    def test_alpha_not_finite(self):
        with self.assertRaisesRegex(ValueError, "alpha"):
            FocalLoss(alpha=float("nan"))
        with self.assertRaisesRegex(ValueError, "alpha"):
            FocalLoss(alpha=[0.5, float("inf")])
        with self.assertRaisesRegex(ValueError, r"alpha.*\(2, 2\)"):
            FocalLoss(alpha=[[0.5, 0.5], [0.5, 0.5]])

    def test_soft_target_wrong_shape(self):
        with self.assertRaisesRegex(ValueError, r"\(4, 3\).*\(4, 2\)"):
            FocalLoss()(torch.randn(4, 3), torch.rand(4, 2))

    def test_index_target_wrong_shape(self):
        with self.assertRaisesRegex(ValueError, r"\(4, 5\).*\(4, 6\)"):
            FocalLoss()(torch.randn(4, 3, 5), torch.zeros(4, 6, dtype=torch.long))

    def test_input_without_class_axis(self):
        with self.assertRaisesRegex(ValueError, r"\(3,\).*sigmoid_focal_loss"):
            FocalLoss()(torch.randn(3), torch.tensor(0))

    def test_single_logit_input(self):
        # A softmax over one class is 1, so without the check the loss is silently 0.
        cases = (
            (torch.randn(4, 1), torch.zeros(4, dtype=torch.long), r"\(4, 1\)"),
            (torch.randn(2, 1, 3, 3), torch.zeros(2, 3, 3, dtype=torch.long), r"\(2, 1, 3, 3\)"),
            (torch.randn(4, 1), torch.ones(4, 1), r"\(4, 1\)"),
        )
        for logits, target, shape in cases:
            with self.subTest(shape=tuple(logits.shape)):
                with self.assertRaisesRegex(ValueError, shape + r".*sigmoid_focal_loss"):
                    FocalLoss()(logits, target)

    def test_negative_alpha(self):
        with self.assertRaisesRegex(ValueError, r"alpha.*-0\.25"):
            FocalLoss(alpha=-0.25)
        with self.assertRaisesRegex(ValueError, r"alpha.*-1"):
            FocalLoss(alpha=-1)
        for weights in ([0.5, -0.5, 1.0], torch.tensor([0.5, -0.5, 1.0])):
            with self.subTest(weights=weights):
                with self.assertRaisesRegex(ValueError, r"alpha.*\[0\.5, -0\.5, 1\.0\]"):
                    FocalLoss(alpha=weights)

    def test_zero_alpha_accepted(self):
        loss = FocalLoss(alpha=[0.0, 1.0, 1.0])(torch.randn(2, 3), torch.tensor([0, 0]))
        self.assertEqual(loss.item(), 0.0)

    def test_sigmoid_bad_alpha(self):
        for alpha in (1.5, float("nan"), float("-inf")):
            with self.subTest(alpha=alpha):
                with self.assertRaisesRegex(ValueError, f"alpha.*{alpha!r}"):
                    sigmoid_focal_loss(torch.zeros(2), torch.zeros(2), alpha=alpha)

    def test_sigmoid_negative_alpha_disables(self):
        logits = torch.tensor([[-1.0, 2.0, 0.5]], dtype=torch.float64)
        target = torch.tensor([[0.0, 1.0, 1.0]], dtype=torch.float64)
        expected = torchvision.ops.sigmoid_focal_loss(logits, target, alpha=-1)
        torch.testing.assert_close(sigmoid_focal_loss(logits, target, alpha=-1), expected)

    def test_sigmoid_wrong_shape(self):
        with self.assertRaisesRegex(ValueError, r"\(2, 3\).*\(3,\)"):
            sigmoid_focal_loss(torch.zeros(2, 3), torch.zeros(3))


class LowPrecisionTest(unittest.TestCase):
    """float16 and bfloat16 inputs are computed in float32."""

    def test_focal_loss(self):
        generator = torch.Generator().manual_seed(8)
        for dtype in (torch.float16, torch.bfloat16):
            logits = (3 * torch.randn(4, 5, 3, generator=generator)).to(dtype).requires_grad_()
            target = random_index_target((4, 3), 5, generator, ignore_index=-100)
            for gamma in (0.5, 2.0):
                with self.subTest(dtype=dtype, gamma=gamma):
                    loss = FocalLoss(alpha=[0.1, 0.2, 0.3, 0.4, 0.5], gamma=gamma)(logits, target)
                    loss.backward()
                    expected = reference_focal_loss(
                        logits, target, alpha=[0.1, 0.2, 0.3, 0.4, 0.5], gamma=gamma
                    )
                    self.assertEqual(loss.dtype, torch.float32)
                    torch.testing.assert_close(loss.double(), expected, rtol=1e-5, atol=1e-7)
                    self.assertEqual(logits.grad.dtype, dtype)
                    self.assertTrue(bool(torch.isfinite(logits.grad).all()))
                    logits.grad = None

    def test_sigmoid(self):
        generator = torch.Generator().manual_seed(9)
        for dtype in (torch.float16, torch.bfloat16):
            with self.subTest(dtype=dtype):
                logits = (3 * torch.randn(6, 4, generator=generator)).to(dtype)
                target = torch.randint(0, 2, (6, 4), generator=generator).to(dtype)
                loss = sigmoid_focal_loss(logits, target, gamma=2.0, reduction="none")
                expected = torchvision.ops.sigmoid_focal_loss(
                    logits.double(), target.double(), gamma=2.0
                )
                self.assertEqual(loss.dtype, torch.float32)
                torch.testing.assert_close(loss.double(), expected, rtol=1e-5, atol=1e-7)


if __name__ == "__main__":
    unittest.main()
