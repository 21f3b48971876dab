import torch
import torch.nn as nn

criterion = nn.FocalLoss(gamma=2.0)
logits = torch.randn(8, 5)
labels = torch.randint(0, 5, (8,))
loss = criterion(logits, labels)
