"""Learner-style code for the pipeline drills (issue 5), used by ``test_drill_catalogue.py``.

``ALTERNATIVES``: correct solutions written differently from each reference.
``MISTAKES``: each known mistake as a learner would plausibly type it (not a copy of
the drill file's variant), keyed by (drill id, mistake id). Snippets that need a
provided helper (``mnist_distance``, ``mnist_loss``, ...) define it, as a learner's
file must.
"""

from __future__ import annotations

DIST = "def mnist_distance(a, b):\n    return (a - b).abs().mean((-2, -1))\n\n"
QSGD_HEAD = (
    "def quadratic_sgd(t, speed, params, lr, steps):\n"
    "    params = params.clone().requires_grad_()\n    losses = []\n"
    "    for _ in range(steps):\n"
    "        a, b, c = params\n"
)
LOSS = (
    "def mnist_loss(predictions, targets):\n    p = predictions.sigmoid()\n"
    "    return torch.where(targets == 1, 1 - p, p).mean()\n\n"
)
CALC = LOSS + (
    "def calc_grad(xb, yb, model):\n    loss = mnist_loss(model(xb), yb)\n"
    "    loss.backward()\n\n"
)
EPOCH = CALC + "def train_epoch(model, params, batches, lr):\n    for xb, yb in batches:\n"
OPTIM = (
    "class BasicOptim:\n    def __init__(self, params, lr):\n"
    "        self.params, self.lr = list(params), lr\n\n"
    "    def step(self):\n        with torch.no_grad():\n"
    "            for p in self.params:\n                p -= self.lr * p.grad\n\n"
    "    def zero_grad(self):\n        for p in self.params:\n            p.grad = None\n"
)
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
    "flatten-and-label": [
        "def flatten_and_label(threes, sevens):\n"
        "    x = torch.cat((threes.flatten(1), sevens.flatten(1)))\n"
        "    y = torch.cat([torch.ones(len(threes), 1), torch.zeros(len(sevens), 1)]).long()\n"
        "    return x, y\n",
        "def flatten_and_label(threes, sevens):\n"
        "    x = torch.vstack([threes.reshape(len(threes), -1), sevens.reshape(-1, 784)])\n"
        "    y = torch.zeros(len(x), 1, dtype=torch.int64)\n"
        "    y[: len(threes)] = 1\n"
        "    return x, y\n",
    ],
    "grad-of-square-sum": [
        "def grad_of_square_sum(x):\n    w = x.clone().requires_grad_(True)\n"
        "    (g,) = torch.autograd.grad(w.pow(2).sum(), [w])\n    return g\n",
        "def grad_of_square_sum(x):\n"
        "    return torch.func.grad(lambda v: (v * v).sum())(x)\n",
        "def grad_of_square_sum(x):\n    w = torch.tensor(x.tolist(), dtype=x.dtype,"
        " requires_grad=True)\n    loss = (w ** 2).sum()\n    loss.backward()\n"
        "    return w.grad\n",
    ],
    "quadratic-sgd": [
        "def quadratic_sgd(t, speed, params, lr, steps):\n"
        "    params.requires_grad_()\n    losses = []\n"
        "    for _ in range(steps):\n"
        "        preds = params[0] * t ** 2 + params[1] * t + params[2]\n"
        "        loss = F.mse_loss(preds, speed)\n        losses.append(float(loss))\n"
        "        loss.backward()\n"
        "        params.data -= lr * params.grad.data\n        params.grad = None\n"
        "    return params.detach(), losses\n",
        "def quadratic_sgd(t, speed, params, lr, steps):\n"
        "    p = params.clone().requires_grad_()\n"
        "    opt = torch.optim.SGD([p], lr=lr)\n    losses = []\n"
        "    feats = torch.stack([t ** 2, t, torch.ones_like(t)], dim=1)\n"
        "    for _ in range(steps):\n"
        "        loss = ((feats @ p - speed) ** 2).mean()\n        losses.append(loss.item())\n"
        "        opt.zero_grad()\n        loss.backward()\n        opt.step()\n"
        "    return p.detach().clone(), losses\n",
    ],
    "init-params": [
        "def init_params(size, std=1.0):\n"
        "    return torch.normal(0.0, std, size=size, requires_grad=True)\n",
        "def init_params(size, std=1.0):\n"
        "    return torch.empty(size).normal_(0, std).requires_grad_()\n",
        "def init_params(size, std=1.0):\n"
        "    w = torch.randn(*size) * std\n    w.requires_grad = True\n    return w\n",
    ],
    "linear1": [
        "def linear1(xb, weights, bias):\n    return torch.matmul(xb, weights) + bias\n",
        "def linear1(xb, weights, bias):\n"
        "    return (xb * weights.T).sum(dim=1, keepdim=True) + bias\n",
        "def linear1(xb, weights, bias):\n    return F.linear(xb, weights.T, bias)\n",
    ],
    "mnist-loss": [
        "def mnist_loss(predictions, targets):\n"
        "    return (targets - torch.sigmoid(predictions)).abs().mean()\n",
        "def mnist_loss(predictions, targets):\n    p = 1 / (1 + torch.exp(-predictions))\n"
        "    t = targets.float()\n    return (t * (1 - p) + (1 - t) * p).mean()\n",
    ],
    "batch-accuracy": [
        "def batch_accuracy(xb, yb):\n"
        "    return ((xb > 0).long() == yb).to(torch.float32).mean()\n",
        "def batch_accuracy(xb, yb):\n    correct = (torch.sigmoid(xb) > 0.5) == yb.bool()\n"
        "    return correct.sum() / torch.tensor(len(yb), dtype=torch.float32)\n",
    ],
    "mini-batches": [
        "def mini_batches(x, y, bs):\n    return list(zip(x.split(bs), y.split(bs)))\n",
        "def mini_batches(x, y, bs):\n    batches, i = [], 0\n    while i < len(x):\n"
        "        batches.append((x[i:i + bs], y[i:i + bs]))\n        i += bs\n"
        "    return batches\n",
        "def mini_batches(x, y, bs):\n"
        "    ds = torch.utils.data.TensorDataset(x, y)\n"
        "    return [tuple(b) for b in torch.utils.data.DataLoader(ds, batch_size=bs)]\n",
    ],
    "calc-grad": [
        LOSS + "def calc_grad(xb, yb, model):\n    mnist_loss(model(xb), yb).backward()\n",
        "def calc_grad(xb, yb, model):\n    preds = torch.sigmoid(model(xb))\n"
        "    loss = (yb - preds).abs().mean()\n    loss.backward()\n    return None\n",
    ],
    "sgd-step": [
        "def sgd_step(params, lr):\n    for p in params:\n"
        "        p.data -= lr * p.grad.data\n        p.grad.zero_()\n",
        "def sgd_step(params, lr):\n    with torch.no_grad():\n"
        "        for p in params:\n            p.sub_(p.grad, alpha=lr)\n"
        "    for p in params:\n        p.grad = None\n",
        "def sgd_step(params, lr):\n    opt = torch.optim.SGD(params, lr=lr)\n"
        "    opt.step()\n    opt.zero_grad()\n",
    ],
    "train-epoch": [
        EPOCH + "        calc_grad(xb, yb, model)\n        for p in params:\n"
        "            p.data -= lr * p.grad.data\n            p.grad = None\n",
        CALC + "def sgd_step(params, lr):\n    with torch.no_grad():\n"
        "        for p in params:\n            p -= lr * p.grad\n            p.grad.zero_()\n\n"
        "def train_epoch(model, params, batches, lr):\n"
        "    for xb, yb in batches:\n        calc_grad(xb, yb, model)\n"
        "        sgd_step(params, lr)\n",
        EPOCH + "        for p in params:\n            p.grad = None\n"
        "        calc_grad(xb, yb, model)\n        with torch.no_grad():\n"
        "            for p in params:\n                p.add_(p.grad, alpha=-lr)\n",
    ],
    "basic-optim": [
        OPTIM,
        "class BasicOptim(torch.optim.SGD):\n    def __init__(self, params, lr):\n"
        "        super().__init__(params, lr=lr)\n",
        "class BasicOptim:\n    def __init__(self, params, lr):\n"
        "        self.params = [p for p in params]\n        self.lr = lr\n\n"
        "    def step(self, *args, **kwargs):\n"
        "        for p in self.params:\n            p.data -= p.grad.data * self.lr\n\n"
        "    def zero_grad(self, *args, **kwargs):\n"
        "        for p in self.params:\n            if p.grad is not None:\n"
        "                p.grad.zero_()\n",
    ],
    "simple-net": [
        "def simple_net(xb, w1, b1, w2, b2):\n    res = F.relu(xb @ w1 + b1)\n"
        "    return res @ w2 + b2\n",
        "def simple_net(xb, w1, b1, w2, b2):\n    res = xb @ w1 + b1\n"
        "    res = res.max(torch.tensor(0.0))\n    return res @ w2 + b2\n",
        "def simple_net(xb, w1, b1, w2, b2):\n"
        "    h = torch.addmm(b1, xb, w1)\n    h = torch.where(h > 0, h, 0.0)\n"
        "    return torch.addmm(b2, h, w2)\n",
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
    ("flatten-and-label", "labels-flat"): "def flatten_and_label(threes, sevens):\n"
    "    x = torch.cat([threes, sevens]).view(-1, 28 * 28)\n"
    "    y = torch.tensor([1] * len(threes) + [0] * len(sevens))\n    return x, y\n",
    ("flatten-and-label", "stack-not-cat"): "def flatten_and_label(threes, sevens):\n"
    "    x = torch.stack([threes, sevens]).reshape(-1, 784)\n"
    "    y = torch.tensor([1] * len(threes) + [0] * len(sevens))[:, None]\n    return x, y\n",
    ("flatten-and-label", "labels-swapped"): "def flatten_and_label(threes, sevens):\n"
    "    x = torch.cat([threes, sevens]).view(-1, 28 * 28)\n"
    "    y = torch.tensor([0] * len(threes) + [1] * len(sevens)).unsqueeze(1)\n"
    "    return x, y\n",
    ("flatten-and-label", "float-labels"): "def flatten_and_label(threes, sevens):\n"
    "    x = torch.cat([threes, sevens]).view(-1, 28 * 28)\n"
    "    y = torch.cat([torch.ones(len(threes)), torch.zeros(len(sevens))]).unsqueeze(1)\n"
    "    return x, y\n",
    ("grad-of-square-sum", "grad-of-wrong-tensor"): "def grad_of_square_sum(x):\n"
    "    y = x.clone()\n    y.requires_grad = True\n    (y ** 2).sum().backward()\n"
    "    return x.grad\n",
    ("grad-of-square-sum", "mutates-input"): "def grad_of_square_sum(x):\n"
    "    x.requires_grad = True\n    loss = (x * x).sum()\n    loss.backward()\n"
    "    return x.grad\n",
    ("grad-of-square-sum", "no-sum"): "def grad_of_square_sum(x):\n"
    "    w = x.clone().requires_grad_()\n    y = w ** 2\n    y.backward()\n"
    "    return w.grad\n",
    ("quadratic-sgd", "forgot-zero-grad"): QSGD_HEAD +
    "        loss = ((a * t**2 + b * t + c - speed) ** 2).mean()\n"
    "        losses.append(loss.item())\n        loss.backward()\n"
    "        params.data -= lr * params.grad.data\n"
    "    return params.detach(), losses\n",
    ("quadratic-sgd", "adds-gradient"): QSGD_HEAD +
    "        loss = ((a * t**2 + b * t + c - speed) ** 2).mean()\n"
    "        losses.append(loss.item())\n        loss.backward()\n"
    "        params.data += lr * params.grad.data\n        params.grad.zero_()\n"
    "    return params.detach(), losses\n",
    ("quadratic-sgd", "sum-not-mean"): QSGD_HEAD +
    "        loss = ((a * t**2 + b * t + c - speed) ** 2).sum()\n"
    "        losses.append(loss.item())\n        loss.backward()\n"
    "        params.data -= lr * params.grad.data\n        params.grad = None\n"
    "    return params.detach(), losses\n",
    ("quadratic-sgd", "rebinding"): QSGD_HEAD +
    "        loss = ((a * t**2 + b * t + c - speed) ** 2).mean()\n"
    "        losses.append(loss.item())\n        loss.backward()\n"
    "        params = params - lr * params.grad\n"
    "    return params.detach(), losses\n",
    ("quadratic-sgd", "tensor-losses"): QSGD_HEAD +
    "        loss = F.mse_loss(a * t**2 + b * t + c, speed)\n"
    "        losses.append(loss)\n        loss.backward()\n"
    "        params.data -= lr * params.grad.data\n        params.grad = None\n"
    "    return params.detach(), losses\n",
    ("init-params", "not-a-leaf"): "def init_params(size, std=1.0):\n"
    "    w = torch.randn(size, requires_grad=True)\n    return w * std\n",
    ("init-params", "no-requires-grad"): "def init_params(size, std=1.0):\n"
    "    return torch.normal(0.0, std, size)\n",
    ("init-params", "uniform"): "def init_params(size, std=1.0):\n"
    "    return (torch.rand(*size) * std).requires_grad_()\n",
    ("init-params", "std-ignored"): "def init_params(size, std=1.0):\n"
    "    return torch.randn(size, requires_grad=True)\n",
    ("linear1", "elementwise-mul"): "def linear1(xb, weights, bias):\n"
    "    return xb * weights + bias\n",
    ("linear1", "flat-weights"): "def linear1(xb, weights, bias):\n"
    "    w = weights.view(784)\n    return xb @ w + bias\n",
    ("linear1", "no-bias"): "def linear1(xb, weights, bias):\n    return xb @ weights\n",
    ("mnist-loss", "no-sigmoid"): "def mnist_loss(predictions, targets):\n"
    "    return torch.where(targets == 1, 1 - predictions, predictions).mean()\n",
    ("mnist-loss", "swapped-branches"): "def mnist_loss(predictions, targets):\n"
    "    p = torch.sigmoid(predictions)\n    return torch.where(targets == 0, 1 - p, p).mean()\n",
    ("mnist-loss", "squeezed-broadcast"): "def mnist_loss(predictions, targets):\n"
    "    p = predictions.sigmoid().flatten()\n"
    "    return torch.where(targets == 1, 1 - p, p).mean()\n",
    ("mnist-loss", "sigmoid-overflow"): "def sigmoid(x):\n"
    "    return torch.exp(x) / (torch.exp(x) + 1)\n\n"
    "def mnist_loss(predictions, targets):\n    p = sigmoid(predictions)\n"
    "    return torch.where(targets == 1, 1 - p, p).mean()\n",
    ("mnist-loss", "sum-not-mean"): "def mnist_loss(predictions, targets):\n"
    "    p = predictions.sigmoid()\n    return torch.where(targets == 1, 1 - p, p).sum()\n",
    ("batch-accuracy", "threshold-raw"): "def batch_accuracy(xb, yb):\n"
    "    correct = (xb > 0.5) == yb\n    return correct.float().mean()\n",
    ("batch-accuracy", "mean-of-bool"): "def batch_accuracy(xb, yb):\n"
    "    correct = (xb.sigmoid() > 0.5) == yb\n    return correct.mean()\n",
    ("batch-accuracy", "squeezed-broadcast"): "def batch_accuracy(xb, yb):\n"
    "    preds = xb.sigmoid().view(-1)\n    return ((preds > 0.5) == yb).float().mean()\n",
    ("batch-accuracy", "python-float"): "def batch_accuracy(xb, yb):\n"
    "    correct = (xb.sigmoid() > 0.5) == yb\n    return correct.float().mean().item()\n",
    ("mini-batches", "drops-last"): "def mini_batches(x, y, bs):\n"
    "    return [(x[k * bs:(k + 1) * bs], y[k * bs:(k + 1) * bs]) for k in range(len(x) // bs)]\n",
    ("mini-batches", "chunk-not-split"): "def mini_batches(x, y, bs):\n"
    "    return list(zip(torch.chunk(x, bs), torch.chunk(y, bs)))\n",
    ("mini-batches", "overlapping"): "def mini_batches(x, y, bs):\n    out = []\n"
    "    for i in range(len(x)):\n        out.append((x[i:i + bs], y[i:i + bs]))\n"
    "    return out\n",
    ("mini-batches", "generator"): "def mini_batches(x, y, bs):\n"
    "    for i in range(0, len(x), bs):\n        yield x[i:i + bs], y[i:i + bs]\n",
    ("calc-grad", "no-backward"): LOSS + "def calc_grad(xb, yb, model):\n"
    "    loss = mnist_loss(model(xb), yb)\n",
    ("calc-grad", "returns-loss"): LOSS + "def calc_grad(xb, yb, model):\n"
    "    loss = mnist_loss(model(xb), yb)\n    loss.backward()\n    return loss\n",
    ("calc-grad", "squeezed-predictions"): LOSS + "def calc_grad(xb, yb, model):\n"
    "    preds = model(xb).view(-1)\n    mnist_loss(preds, yb).backward()\n",
    ("calc-grad", "no-grad"): LOSS + "def calc_grad(xb, yb, model):\n"
    "    with torch.no_grad():\n        preds = model(xb)\n"
    "    loss = mnist_loss(preds, yb)\n    loss.backward()\n",
    ("sgd-step", "adds-gradient"): "def sgd_step(params, lr):\n    for p in params:\n"
    "        p.data += lr * p.grad\n        p.grad = None\n",
    ("sgd-step", "rebinding"): "def sgd_step(params, lr):\n    for p in params:\n"
    "        p = p - lr * p.grad\n        p.grad = None\n",
    ("sgd-step", "forgot-zero"): "def sgd_step(params, lr):\n    for p in params:\n"
    "        p.data -= lr * p.grad.data\n",
    ("sgd-step", "zero-before-step"): "def sgd_step(params, lr):\n    for p in params:\n"
    "        p.grad.data.zero_()\n        p.data -= lr * p.grad.data\n",
    ("sgd-step", "update-tracked"): "def sgd_step(params, lr):\n    for p in params:\n"
    "        p -= lr * p.grad\n        p.grad.zero_()\n",
    ("train-epoch", "forgot-zero"): EPOCH + "        calc_grad(xb, yb, model)\n"
    "        for p in params:\n            p.data -= lr * p.grad.data\n",
    ("train-epoch", "zero-before-step"): EPOCH + "        calc_grad(xb, yb, model)\n"
    "        for p in params:\n            p.grad.zero_()\n"
    "        for p in params:\n            p.data -= lr * p.grad\n",
    ("train-epoch", "adds-gradient"): EPOCH + "        calc_grad(xb, yb, model)\n"
    "        for p in params:\n            p.data += lr * p.grad.data\n            p.grad = None\n",
    ("train-epoch", "return-inside-loop"): EPOCH + "        calc_grad(xb, yb, model)\n"
    "        for p in params:\n            p.data -= lr * p.grad.data\n            p.grad = None\n"
    "        return\n",
    ("train-epoch", "update-tracked"): EPOCH + "        calc_grad(xb, yb, model)\n"
    "        for p in params:\n            p -= lr * p.grad\n            p.grad.zero_()\n",
    ("basic-optim", "generator-runs-out"): OPTIM.replace("list(params)", "params"),
    ("basic-optim", "adds-gradient"): OPTIM.replace("p -= self.lr", "p += self.lr"),
    ("basic-optim", "zero-grad-does-nothing"): OPTIM.replace(
        "            p.grad = None\n", "            g = p.grad\n            g = None\n"
    ),
    ("basic-optim", "update-tracked"): OPTIM.replace(
        "        with torch.no_grad():\n            for p in self.params:\n"
        "                p -= self.lr * p.grad\n",
        "        for p in self.params:\n            p -= self.lr * p.grad\n",
    ),
    ("simple-net", "max-over-batch"): "def simple_net(xb, w1, b1, w2, b2):\n"
    "    res = xb @ w1 + b1\n    res = res.max(0)[0]\n    return res @ w2 + b2\n",
    ("simple-net", "no-relu"): "def simple_net(xb, w1, b1, w2, b2):\n"
    "    res = xb @ w1 + b1\n    return res @ w2 + b2\n",
    ("simple-net", "relu-on-output"): "def simple_net(xb, w1, b1, w2, b2):\n"
    "    res = torch.relu(xb @ w1 + b1)\n    return torch.relu(res @ w2 + b2)\n",
    ("simple-net", "relu-clamps-above"): "def simple_net(xb, w1, b1, w2, b2):\n"
    "    res = torch.clamp(xb @ w1 + b1, max=0)\n    return res @ w2 + b2\n",
}
