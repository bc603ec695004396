"""PyTorch CPU peer for `npm run bench -- train`: the release's training loop (SPEC §3) on random
unit-norm data, timed after a warm-up step. Prints one JSON line.
Usage: /usr/bin/python3 bench/torch_train.py D N K BATCH STEPS THREADS [options]

Options (issue 30; without any, the run and its output are the release's top-k peer as before):
  --arch topk|batchtopk|matryoshka   BatchTopK: the batch's B·k largest relu'd pre-activations
      (ties: torch.topk's); Matryoshka: the same selection, main loss the mean nmse of the prefix
      reconstructions (test/fixtures/make_arch_golden.py is the same recipe, checked against sae.js).
  --widths 256,1024,4096   Matryoshka's prefixes (default n/16, n/4, n).
  --data FILE.npy          train on these rows [rows, D] (float32 or float16) instead of random ones:
      batches from a seeded permutation each epoch, pre_bias the median of the first 10,000 rows;
      STEPS 0 means one epoch. Then reports the metrics below on this file (or --eval FILE.npy).
  --eval FILE.npy          rows to evaluate on (default: the --data rows).
  --dead-steps S           the dead-latent threshold (default 266, the release's).
  --threshold-rate R       θ's EMA rate (default 0.01).
  --lr LR                  Adam's learning rate (default 1e-4, the release's).
  --seed S                 the seed of the init and of the batch order (default 0).
With --data or --arch, the JSON adds: steps, nmse (Σ‖x̂ − x‖² / Σ‖mean(x) − x‖² over the eval rows),
deadShare (latents never active, value > 0, on them), meanL0 (active latents per row), threshold (θ, BatchTopK and
Matryoshka: inference is JumpReLU, z = pre where pre > θ and pre > 0; top-k: the per-row top-k),
trainDeadShare (the training counter's dead latents at the end).
"""
import argparse
import json
import os
import time

import numpy as np
import torch

ap = argparse.ArgumentParser(usage=__doc__)
for name in ("D", "N", "K", "BATCH", "STEPS", "THREADS"):
    ap.add_argument(name, type=int)
ap.add_argument("--arch", choices=("topk", "batchtopk", "matryoshka"), default="topk")
ap.add_argument("--widths", default=None)
ap.add_argument("--data", default=None)
ap.add_argument("--eval", default=None)
ap.add_argument("--dead-steps", type=int, default=266)
ap.add_argument("--threshold-rate", type=float, default=0.01)
ap.add_argument("--lr", type=float, default=1e-4)
ap.add_argument("--seed", type=int, default=0)
args = ap.parse_args()
D, N, K, BATCH, STEPS, THREADS = args.D, args.N, args.K, args.BATCH, args.STEPS, args.THREADS
ARCH, DEAD_STEPS, RATE = args.arch, args.dead_steps, args.threshold_rate
if ARCH == "matryoshka":
    WIDTHS = [int(w) for w in args.widths.split(",")] if args.widths else sorted({N // 16, N // 4, N} - {0})
    if any(b <= a for a, b in zip(WIDTHS, WIDTHS[1:])) or WIDTHS[0] < 1 or WIDTHS[-1] != N:
        ap.error(f"--widths must be ascending, ≥ 1 and end at N={N}, got {WIDTHS}")
elif args.widths:
    ap.error("--widths are Matryoshka's prefixes; use --arch matryoshka")
else:
    WIDTHS = [N]
if args.eval and not args.data:
    ap.error("--eval needs --data")
torch.set_num_threads(THREADS)


def loaded_blas():
    """The BLAS library this process mapped (after a matmul): Debian's libtorch links the generic
    libblas.so.3, which the alternatives system points at OpenBLAS or at the reference BLAS."""
    torch.ones(64, 64) @ torch.ones(64, 64)
    names = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1] if len(line.split()) >= 6 else ""
            base = os.path.basename(path)
            if base.startswith(("libblas", "libopenblas", "libmkl", "libblis")):
                names.add(os.path.realpath(path))
    return sorted(names)
torch.manual_seed(args.seed)


class FastAutoencoder(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.pre_bias = torch.nn.Parameter(torch.zeros(D))
        self.encoder = torch.nn.Linear(D, N, bias=False)
        self.decoder = torch.nn.Linear(N, D, bias=False)
        self.latent_bias = torch.nn.Parameter(torch.zeros(N))
        self.register_buffer("stats_last_nonzero", torch.zeros(N, dtype=torch.long))
        self.threshold, self.steps = 0.0, 0

    def forward(self, x):
        pre = self.encoder(x - self.pre_bias) + self.latent_bias
        if ARCH == "topk":
            vals, inds = torch.topk(pre, K, dim=-1)
            hit = torch.zeros(N, dtype=torch.bool)
            hit[inds.flatten()] = True
            z = torch.zeros_like(pre).scatter(-1, inds, torch.relu(vals))
        else:
            # BatchTopK: the B·k largest relu'd pre-activations of the whole batch.
            vals, flat = torch.topk(torch.relu(pre).flatten(), K * x.shape[0])
            z = torch.zeros(pre.numel()).scatter(0, flat, vals).reshape(pre.shape)
            hit = (z > 0).any(dim=0)
            pos = vals[vals > 0]
            if pos.numel():
                m = float(pos.min().item())
                # θ: EMA of the smallest positive selected value, started at the first step's.
                self.threshold = m if self.steps == 0 else (1 - RATE) * self.threshold + RATE * m
        self.steps += 1
        self.stats_last_nonzero *= (~hit).long()
        self.stats_last_nonzero += 1
        dead = (self.stats_last_nonzero > DEAD_STEPS).float()
        W = self.decoder.weight
        if ARCH == "matryoshka":
            # Prefix reconstructions, each the previous plus its group's latents.
            recons, prefixes, start = self.pre_bias, [], 0
            for m in WIDTHS:
                recons = recons + z[:, start:m] @ W[:, start:m].t()
                prefixes.append(recons)
                start = m
        else:
            recons = self.decoder(z) + self.pre_bias
            prefixes = [recons]
        avals, ainds = torch.topk(pre * dead, 2 * K, dim=-1)
        aux = self.decoder(torch.zeros_like(pre).scatter(-1, ainds, torch.relu(avals)))
        return recons, prefixes, aux

    @torch.no_grad()
    def encode(self, x):
        """Inference codes: per-row top-k (topk) or JumpReLU at θ (batchtopk, matryoshka)."""
        pre = self.encoder(x - self.pre_bias) + self.latent_bias
        if ARCH == "topk":
            vals, inds = torch.topk(pre, K, dim=-1)
            return torch.zeros_like(pre).scatter(-1, inds, torch.relu(vals))
        return torch.where(pre > max(self.threshold, 0.0), pre, torch.zeros_like(pre))


def nmse(r, x):
    return ((r - x) ** 2).mean() / ((x.mean(0, keepdim=True) - x) ** 2).mean()


def load_rows(path):
    a = np.load(path, mmap_mode="r")
    if a.ndim != 2 or a.shape[1] != D:
        raise SystemExit(f"{path}: expected rows × {D} (the D argument), got shape {a.shape}")
    if a.dtype not in (np.float32, np.float16):
        raise SystemExit(f"{path}: expected float32 or float16 rows, got {a.dtype}")
    return a


model = FastAutoencoder()
# The random stream as the release's peer: module init, Xavier, then the random data.
with torch.no_grad():
    w = torch.nn.init.xavier_uniform_(torch.empty(D, N))
    w /= w.norm(dim=0, keepdim=True)
    model.decoder.weight.copy_(w)
    model.encoder.weight.copy_(w.t())
if args.data:
    rows = load_rows(args.data)
    if rows.shape[0] < BATCH:
        raise SystemExit(f"{args.data}: {rows.shape[0]} rows, fewer than one batch of {BATCH}")
    per_epoch = rows.shape[0] // BATCH
    if STEPS == 0:
        STEPS = per_epoch - 1  # with the warm-up step, one epoch
    gen = torch.Generator().manual_seed(args.seed)
    perms = []

    def batch_at(s):
        e, i = divmod(s, per_epoch)
        while len(perms) <= e:
            perms.append(torch.randperm(rows.shape[0], generator=gen).numpy())
        idx = np.sort(perms[e][i * BATCH : (i + 1) * BATCH])
        return torch.from_numpy(np.array(rows[idx], dtype=np.float32))

else:
    data = torch.randn(BATCH * (STEPS + 1), D)
    data /= data.norm(dim=1, keepdim=True)

    def batch_at(s):
        return data[s * BATCH : (s + 1) * BATCH]


if args.data:
    with torch.no_grad():
        model.pre_bias.copy_(torch.from_numpy(np.array(rows[:10_000], dtype=np.float32)).median(dim=0).values)
opt = torch.optim.Adam(model.parameters(), lr=args.lr)


def step(x):
    recons, prefixes, aux = model(x)
    main = sum(nmse(r, x) for r in prefixes) / len(prefixes)
    loss = main + nmse(aux, x - recons.detach()) / 32
    opt.zero_grad()
    loss.backward()
    with torch.no_grad():
        W, G = model.decoder.weight, model.decoder.weight.grad
        G -= (W * G).sum(dim=0, keepdim=True) * W
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    with torch.no_grad():
        model.decoder.weight /= model.decoder.weight.norm(dim=0, keepdim=True)


step(batch_at(0))
t = time.perf_counter()
for s in range(STEPS):
    step(batch_at(s + 1))
dt = time.perf_counter() - t
out = {"samplesPerSec": BATCH * STEPS / dt, "torch": torch.__version__, "threads": THREADS, "blas": loaded_blas()}
if args.data or ARCH != "topk":
    ev = load_rows(args.eval) if args.eval else rows if args.data else None
    out.update({"arch": ARCH, "steps": STEPS + 1, "trainDeadShare": (model.stats_last_nonzero > DEAD_STEPS).float().mean().item()})
    if ARCH != "topk":
        out["threshold"] = model.threshold
    if ARCH == "matryoshka":
        out["widths"] = WIDTHS
    if ev is not None:
        # Σ‖x̂ − x‖² over Σ‖mean(x) − x‖², the mean from the whole eval set (as src/train/metrics.ts).
        mean = np.zeros(D)
        for i in range(0, ev.shape[0], 4096):
            mean += np.asarray(ev[i : i + 4096], dtype=np.float64).sum(0)
        mean /= ev.shape[0]
        err = tot = l0 = 0.0
        fired = torch.zeros(N, dtype=torch.bool)
        for i in range(0, ev.shape[0], 4096):
            x = torch.from_numpy(np.array(ev[i : i + 4096], dtype=np.float32))
            z = model.encode(x)
            with torch.no_grad():
                xh = model.decoder(z) + model.pre_bias
            err += ((xh - x).double() ** 2).sum().item()
            tot += ((x.double() - torch.from_numpy(mean)) ** 2).sum().item()
            l0 += (z > 0).sum().item()
            fired |= (z > 0).any(dim=0)
        out.update({"evalRows": int(ev.shape[0]), "nmse": err / tot, "deadShare": 1 - fired.float().mean().item(), "meanL0": l0 / ev.shape[0]})
print(json.dumps(out))
