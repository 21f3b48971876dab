"""Train a small classifier on imbalanced synthetic data with focal loss.

Run it with `python examples/train_classifier.py`. As written it stops with
AttributeError: module 'torch.nn' has no attribute 'FocalLoss', because PyTorch
has no focal loss class. The extension flags the line and its quick fix inserts
a FocalLoss module, after which the script trains and prints its losses.
"""
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

NUM_CLASSES = 5
FEATURES = 16


def make_dataset(samples: int = 2048, seed: int = 0) -> TensorDataset:
    """Draw features from class-dependent means, with class 0 nine times as common as the rest."""
    generator = torch.Generator().manual_seed(seed)
    weights = torch.tensor([9.0] + [1.0] * (NUM_CLASSES - 1))
    labels = torch.multinomial(weights, samples, replacement=True, generator=generator)
    means = torch.randn(NUM_CLASSES, FEATURES, generator=generator) * 0.4
    features = means[labels] + torch.randn(samples, FEATURES, generator=generator)
    return TensorDataset(features, labels)


def main() -> None:
    torch.manual_seed(0)
    loader = DataLoader(make_dataset(), batch_size=128, shuffle=True)
    model = nn.Sequential(nn.Linear(FEATURES, 64), nn.ReLU(), nn.Linear(64, NUM_CLASSES))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    criterion = nn.FocalLoss(alpha=0.25, gamma=2)

    for epoch in range(3):
        total = 0.0
        for features, labels in loader:
            optimizer.zero_grad()
            loss = criterion(model(features), labels)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(labels)
        print(f"epoch {epoch}: mean focal loss {total / len(loader.dataset):.4f}")


if __name__ == "__main__":
    main()
