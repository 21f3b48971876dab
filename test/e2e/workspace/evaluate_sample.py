import torch.nn as nn

criterion = nn.FocalLoss(alpha=0.25, gamma=2, reduction="sum")
