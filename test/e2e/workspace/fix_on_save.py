import torch
from torch import nn

model = nn.Linear(16, 3)
criterion = nn.FocalLoss(alpha=0.25, gamma=2.0)
features = torch.randn(4, 16)
targets = torch.tensor([0, 2, 1, 2])
loss = criterion(model(features), targets)
loss.backward()
