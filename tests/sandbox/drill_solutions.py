"""Learner-style code for the pipeline drills (issue 5), used by ``test_drill_catalogue.py``.

``ALTERNATIVES``: correct solutions written differently from each reference.
``MISTAKES``: each known mistake as a learner would plausibly type it (not a copy of
the drill file's variant), keyed by (drill id, mistake id). Snippets that need a
provided helper (``mnist_distance``, ``mnist_loss``, ...) define it, as a learner's
file must.
"""

from __future__ import annotations

DIST = "def mnist_distance(a, b):\n    return (a - b).abs().mean((-2, -1))\n\n"
IS3 = DIST + (
    "def is_three(x, mean3, mean7):\n"
    "    return mnist_distance(x, mean3) < mnist_distance(x, mean7)\n\n"
)

ALTERNATIVES: dict[str, list[str]] = {
    "stack-images": [
        "def stack_images(images):\n"
        "    return torch.stack([im.float() for im in images]) / 255.0\n",
        "def stack_images(images):\n    out = torch.empty(len(images), 28, 28)\n"
        "    for i, im in enumerate(images):\n        out[i] = im / 255\n    return out\n",
        "def stack_images(images):\n"
        "    return torch.cat([im[None] for im in images]).to(torch.float32).div(255)\n",
    ],
    "mean-digit": [
        "def mean_digit(stacked):\n    return stacked.sum(dim=0) / stacked.shape[0]\n",
        "def mean_digit(stacked):\n    return torch.mean(stacked, axis=0)\n",
    ],
    "is-three": [
        "def is_three(x, mean3, mean7):\n"
        "    d3 = F.l1_loss(x, mean3.expand_as(x), reduction='none').mean((-1, -2))\n"
        "    d7 = F.l1_loss(x, mean7.expand_as(x), reduction='none').mean((-1, -2))\n"
        "    return d7 > d3\n",
        DIST + "def is_three(x, mean3, mean7):\n"
        "    return torch.lt(mnist_distance(x, mean3) - mnist_distance(x, mean7), 0)\n",
    ],
    "baseline-accuracy": [
        IS3 + "def baseline_accuracy(valid3, valid7, mean3, mean7):\n"
        "    acc3 = is_three(valid3, mean3, mean7).float().mean()\n"
        "    acc7 = (1 - is_three(valid7, mean3, mean7).float()).mean()\n"
        "    return (acc3 + acc7) / 2\n",
        IS3 + "def baseline_accuracy(valid3, valid7, mean3, mean7):\n"
        "    right3 = is_three(valid3, mean3, mean7).sum() / len(valid3)\n"
        "    right7 = (~is_three(valid7, mean3, mean7)).sum() / len(valid7)\n"
        "    return ((right3 + right7) * 0.5).to(torch.float32)\n",
    ],
}

MISTAKES: dict[tuple[str, str], str] = {
    ("stack-images", "cat-not-stack"): "def stack_images(images):\n"
    "    return torch.cat(images, dim=0).float() / 255\n",
    ("stack-images", "not-scaled"): "def stack_images(images):\n"
    "    return torch.stack(images).to(torch.float32)\n",
    ("stack-images", "still-uint8"): "def stack_images(images):\n    return torch.stack(images)\n",
    ("stack-images", "integer-division"): "def stack_images(images):\n"
    "    x = torch.stack(images)\n    return x // 255\n",
    ("mean-digit", "mean-of-everything"): "def mean_digit(stacked):\n"
    "    return torch.mean(stacked)\n",
    ("mean-digit", "wrong-axis"): "def mean_digit(stacked):\n    return stacked.mean(dim=1)\n",
    ("mean-digit", "keepdim"): "def mean_digit(stacked):\n"
    "    return stacked.mean(dim=0, keepdim=True)\n",
    ("mean-digit", "sum-not-mean"): "def mean_digit(stacked):\n    return stacked.sum(axis=0)\n",
    ("is-three", "reversed-comparison"): DIST + "def is_three(x, mean3, mean7):\n"
    "    return mnist_distance(x, mean7) < mnist_distance(x, mean3)\n",
    ("is-three", "float-result"): DIST + "def is_three(x, mean3, mean7):\n"
    "    return (mnist_distance(x, mean3) < mnist_distance(x, mean7)).to(torch.float32)\n",
    ("is-three", "distance-difference"): DIST + "def is_three(x, mean3, mean7):\n"
    "    d3, d7 = mnist_distance(x, mean3), mnist_distance(x, mean7)\n    return d3 - d7\n",
    ("is-three", "tie-counts-as-three"): DIST + "def is_three(x, mean3, mean7):\n"
    "    return mnist_distance(x, mean3) <= mnist_distance(x, mean7)\n",
    ("is-three", "distance-over-everything"): "def mnist_distance(a, b):\n"
    "    return (a - b).abs().mean()\n\n"
    "def is_three(x, mean3, mean7):\n"
    "    return mnist_distance(x, mean3) < mnist_distance(x, mean7)\n",
    ("baseline-accuracy", "sevens-not-inverted"): IS3
    + "def baseline_accuracy(valid3, valid7, mean3, mean7):\n"
    "    a3 = is_three(valid3, mean3, mean7).float().mean()\n"
    "    a7 = is_three(valid7, mean3, mean7).float().mean()\n    return (a3 + a7) / 2\n",
    ("baseline-accuracy", "pooled"): IS3 + "def baseline_accuracy(valid3, valid7, mean3, mean7):\n"
    "    right = is_three(valid3, mean3, mean7).sum() + (~is_three(valid7, mean3, mean7)).sum()\n"
    "    return right.float() / (len(valid3) + len(valid7))\n",
    ("baseline-accuracy", "mean-of-bool"): IS3
    + "def baseline_accuracy(valid3, valid7, mean3, mean7):\n"
    "    a3 = is_three(valid3, mean3, mean7).mean()\n"
    "    a7 = (is_three(valid7, mean3, mean7) == False).mean()\n"
    "    return (a3 + a7) / 2\n",
    ("baseline-accuracy", "python-float"): IS3
    + "def baseline_accuracy(valid3, valid7, mean3, mean7):\n"
    "    a3 = is_three(valid3, mean3, mean7).float().mean().item()\n"
    "    a7 = 1 - is_three(valid7, mean3, mean7).float().mean().item()\n"
    "    return (a3 + a7) / 2\n",
    ("baseline-accuracy", "only-threes"): IS3
    + "def baseline_accuracy(valid3, valid7, mean3, mean7):\n"
    "    return is_three(valid3, mean3, mean7).float().mean()\n",
}
