import torch
import torch.nn as nn
import torch.nn.functional as F


def _validate_focal_loss_options(gamma, reduction):
    """Raise ValueError unless gamma is finite and >= 0 and reduction is 'none', 'mean' or 'sum'."""
    if not 0.0 <= gamma < float("inf"):  # also rejects NaN
        raise ValueError(f"gamma must be a finite number >= 0, got {gamma!r}")
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"reduction must be 'none', 'mean' or 'sum', got {reduction!r}")


def _focal_modulating_factor(one_minus_p_t, gamma):
    """Return (1 - p_t) ** gamma with a finite gradient for every gamma >= 0, also at p_t = 1.

    For 0 < gamma < 1 the derivative gamma * (1 - p_t) ** (gamma - 1) is infinite at
    p_t = 1, and autograd multiplies it by log(p_t) = 0 there, which gives NaN. Clamping
    1 - p_t to the smallest normal number of its dtype keeps the derivative finite.
    Where the clamp acts, the factor multiplies a log(p_t) or cross-entropy that is
    about as small as that number, so the loss and its gradient stay close to 0.
    """
    smallest_normal = torch.finfo(one_minus_p_t.dtype).tiny
    return one_minus_p_t.clamp(min=smallest_normal) ** gamma


def _compute_dtype(tensor):
    """Return float32 for float16 and bfloat16 tensors, whose precision is too low for the loss."""
    if tensor.dtype in (torch.float16, torch.bfloat16):
        return torch.float32
    return tensor.dtype


class FocalLoss(nn.Module):
    """Softmax focal loss for multi-class classification and dense prediction.

    FL(p_t) = -alpha_t * (1 - p_t) ** gamma * log(p_t), where p_t is the softmax
    probability of the target class (Lin et al., "Focal Loss for Dense Object
    Detection", ICCV 2017). With gamma = 0 and alpha=None it equals F.cross_entropy.
    Soft targets t (class probabilities) give
    -sum_c alpha_c * t_c * (1 - p_c) ** gamma * log(p_c).

    Args:
        alpha: None for no weighting, a float >= 0 that multiplies every term, or a
            sequence or 1-D tensor of C per-class weights >= 0 indexed by the target
            class. A float only rescales the loss, so class balancing needs per-class
            weights.
        gamma: focusing parameter, finite and >= 0. Larger values down-weight
            well-classified entries more, and 0 gives cross-entropy.
        reduction: "none" returns the per-element loss of shape (N, d1, ..., dk), with 0
            at ignored entries. "mean" divides the sum by the number of entries that are
            not ignored, and returns 0 when all are ignored. "sum" adds all entries.
        ignore_index: target class index whose entries contribute 0 and are left out of
            the mean. It applies only to class-index targets.

    Shapes:
        input: logits of shape (N, C) or (N, C, d1, ..., dk) with C >= 2. It may be
            non-contiguous. A single-logit binary model needs sigmoid_focal_loss.
        target: class indices (integer dtype) of shape (N) or (N, d1, ..., dk), or class
            probabilities (floating dtype) of the input's shape.

    Unlike F.cross_entropy(weight=alpha), whose "mean" divides by the sum of the target
    classes' weights, "mean" here divides by the number of entries that are not ignored.
    "none" and "sum" agree with F.cross_entropy(weight=alpha) at gamma = 0.

    float16 and bfloat16 inputs are computed in float32, and the loss is returned in
    float32. Checking that class indices lie in [0, C) reads one value back from the
    device, so on CUDA each call synchronizes with the GPU.
    """

    def __init__(self, alpha=None, gamma=2.0, reduction="mean", ignore_index=-100):
        super().__init__()
        _validate_focal_loss_options(gamma, reduction)
        if isinstance(alpha, (int, float)):
            alpha = float(alpha)
        elif alpha is not None:
            if not isinstance(alpha, torch.Tensor):
                alpha = torch.tensor(alpha, dtype=torch.float64)
            if alpha.dim() == 0:
                alpha = float(alpha)
            elif alpha.dim() != 1 or alpha.numel() == 0:
                raise ValueError(
                    "alpha must be None, a float or a non-empty sequence of per-class "
                    f"weights, got a tensor of shape {tuple(alpha.shape)}"
                )
        # A negative weight would negate the loss, so training would maximise it.
        if isinstance(alpha, float) and not 0.0 <= alpha < float("inf"):
            raise ValueError(f"alpha must be a finite number >= 0, got {alpha!r}")
        if isinstance(alpha, torch.Tensor) and not bool(
            (torch.isfinite(alpha) & (alpha >= 0)).all()
        ):
            raise ValueError(
                f"alpha must contain only finite per-class weights >= 0, got {alpha.tolist()}"
            )
        self.alpha = alpha
        self.gamma = gamma
        self.reduction = reduction
        self.ignore_index = ignore_index

    def forward(self, input, target):
        # A softmax over one class is always 1, which would make the loss 0 for any input.
        if input.dim() < 2 or input.shape[1] < 2:
            raise ValueError(
                "input must be logits of shape (N, C) or (N, C, d1, ..., dk) with C >= 2 "
                f"classes, got shape {tuple(input.shape)}. For a binary model with a single "
                "logit, use sigmoid_focal_loss with float targets of the input's shape."
            )
        num_classes = input.shape[1]
        alpha = self.alpha
        if isinstance(alpha, torch.Tensor):
            if alpha.numel() != num_classes:
                raise ValueError(
                    f"alpha has {alpha.numel()} per-class weights, but the input has "
                    f"C = {num_classes} classes. Pass one weight per class."
                )
            alpha = alpha.to(device=input.device, dtype=_compute_dtype(input))

        log_probs = F.log_softmax(input.to(_compute_dtype(input)), dim=1)
        if target.is_floating_point():
            loss = self._soft_target_loss(log_probs, target, alpha)
            num_counted = loss.numel()
        else:
            loss, is_counted = self._class_index_loss(log_probs, target, alpha)
            num_counted = is_counted.sum()

        if self.reduction == "none":
            return loss
        if self.reduction == "sum":
            return loss.sum()
        # Dividing by at least 1 returns 0, not NaN, when every entry is ignored or none exist.
        if isinstance(num_counted, torch.Tensor):
            return loss.sum() / num_counted.clamp(min=1)
        return loss.sum() / max(num_counted, 1)

    def _class_index_loss(self, log_probs, target, alpha):
        """Return the per-element loss for class-index targets and the mask of counted entries."""
        num_classes = log_probs.shape[1]
        expected_shape = (log_probs.shape[0],) + tuple(log_probs.shape[2:])
        if tuple(target.shape) != expected_shape:
            raise ValueError(
                f"class-index target must have shape {expected_shape} for an input of "
                f"shape {tuple(log_probs.shape)}, got {tuple(target.shape)}"
            )
        if target.dtype == torch.bool:
            raise TypeError(
                "target must be class indices (integer dtype) or probabilities (floating dtype), "
                "got dtype torch.bool"
            )

        target = target.long()
        is_counted = target != self.ignore_index
        is_out_of_range = is_counted & ((target < 0) | (target >= num_classes))
        # Without this check, gather fails with an unclear error on CPU and a device assert on CUDA.
        if bool(is_out_of_range.any()):
            bad_index = target[is_out_of_range][0].item()
            raise ValueError(
                f"target contains class index {bad_index}, but class indices must be in "
                f"[0, {num_classes}) for C = {num_classes} classes, or equal "
                f"ignore_index ({self.ignore_index})"
            )

        # Ignored entries read class 0 so that gather and alpha[...] stay in range.
        safe_target = target.masked_fill(~is_counted, 0)
        log_p_t = log_probs.gather(1, safe_target.unsqueeze(1)).squeeze(1)
        loss = -_focal_modulating_factor(-torch.expm1(log_p_t), self.gamma) * log_p_t
        if isinstance(alpha, torch.Tensor):
            loss = alpha[safe_target] * loss
        elif alpha is not None:
            loss = alpha * loss
        return loss.masked_fill(~is_counted, 0.0), is_counted

    def _soft_target_loss(self, log_probs, target, alpha):
        """Return the per-element loss for targets given as class probabilities."""
        if target.shape != log_probs.shape:
            raise ValueError(
                f"probability target must have the input's shape {tuple(log_probs.shape)}, "
                f"got {tuple(target.shape)}. Pass class indices as an integer tensor."
            )
        target = target.to(log_probs.dtype)
        # -expm1(log p) keeps the precision of 1 - p where p is close to 1.
        focal_terms = (
            -_focal_modulating_factor(-torch.expm1(log_probs), self.gamma) * log_probs * target
        )
        if isinstance(alpha, torch.Tensor):
            class_axis_shape = (1, -1) + (1,) * (log_probs.dim() - 2)
            focal_terms = alpha.reshape(class_axis_shape) * focal_terms
        elif alpha is not None:
            focal_terms = alpha * focal_terms
        return focal_terms.sum(dim=1)


def sigmoid_focal_loss(input, target, alpha=0.25, gamma=2.0, reduction="none"):
    """Compute the sigmoid (one-vs-all) focal loss of torchvision.ops.sigmoid_focal_loss.

    Each element's loss is alpha_t * BCE_with_logits(input, target) * (1 - p_t) ** gamma,
    where p = sigmoid(input), p_t = p * t + (1 - p) * (1 - t) and
    alpha_t = alpha * t + (1 - alpha) * (1 - t). A negative alpha disables the weighting.
    Unlike torchvision 0.14, which returns NaN gradients for 0 < gamma < 1 at saturated
    logits, the gradient is finite for every finite logit.

    Args:
        input: logits of any shape.
        target: labels or probabilities in [0, 1], of the input's shape.
        alpha: weight of the positive class in [0, 1], or negative for no weighting.
        gamma: focusing parameter, finite and >= 0.
        reduction: "none" returns the per-element loss, "mean" and "sum" reduce over
            all elements.

    float16 and bfloat16 inputs are computed in float32, and the loss is returned in float32.
    """
    _validate_focal_loss_options(gamma, reduction)
    # alpha > 1 gives negative targets the negative weight 1 - alpha, which negates their loss.
    if not -float("inf") < alpha <= 1.0:
        raise ValueError(
            f"alpha must be in [0, 1], or negative to turn the weighting off, got {alpha!r}"
        )
    if target.shape != input.shape:
        raise ValueError(
            f"target must have the input's shape {tuple(input.shape)}, got {tuple(target.shape)}"
        )
    dtype = _compute_dtype(input)
    input = input.to(dtype)
    target = target.to(dtype)

    log_p = F.logsigmoid(input)
    log_one_minus_p = F.logsigmoid(-input)
    cross_entropy = -(target * log_p + (1 - target) * log_one_minus_p)
    # 1 - p_t written as a sum of two non-negative terms keeps its precision near 0,
    # where torchvision's 1 - p_t rounds to 0.
    one_minus_p_t = (1 - target) * log_p.exp() + target * log_one_minus_p.exp()
    loss = cross_entropy * _focal_modulating_factor(one_minus_p_t, gamma)
    if alpha >= 0:
        loss = (alpha * target + (1 - alpha) * (1 - target)) * loss

    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss
