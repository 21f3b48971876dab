import torch.nn as nn
import torch.nn.functional as F

criterion = nn.FocalLoss(gamma=2.0)
loss_fn = F.sigmoid_focal_loss
