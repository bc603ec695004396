"""PyTorch CPU peer for `npm run bench -- train`: the release's training loop (SPEC §3) on random
unit-norm data, timed after a warm-up step. Prints one JSON line.
Usage: /usr/bin/python3 bench/torch_train.py D N K BATCH STEPS THREADS
"""
import json
import sys
import time

import torch

D, N, K, BATCH, STEPS, THREADS = (int(a) for a in sys.argv[1:7])
torch.set_num_threads(THREADS)
torch.manual_seed(0)


class FastAutoencoder(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.pre_bias = torch.nn.Parameter(torch.zeros(D))
        self.encoder = torch.nn.Linear(D, N, bias=False)
        self.decoder = torch.nn.Linear(N, D, bias=False)
        self.latent_bias = torch.nn.Parameter(torch.zeros(N))
        self.register_buffer("stats_last_nonzero", torch.zeros(N, dtype=torch.long))

    def forward(self, x):
        pre = self.encoder(x - self.pre_bias) + self.latent_bias
        vals, inds = torch.topk(pre, K, dim=-1)
        hit = torch.zeros(N, dtype=torch.bool)
        hit[inds.flatten()] = True
        self.stats_last_nonzero *= (~hit).long()
        self.stats_last_nonzero += 1
        dead = (self.stats_last_nonzero > 266).float()
        recons = self.decoder(torch.zeros_like(pre).scatter(-1, inds, torch.relu(vals))) + self.pre_bias
        avals, ainds = torch.topk(pre * dead, 2 * K, dim=-1)
        aux = self.decoder(torch.zeros_like(pre).scatter(-1, ainds, torch.relu(avals)))
        return recons, aux


def nmse(r, x):
    return ((r - x) ** 2).mean() / ((x.mean(0, keepdim=True) - x) ** 2).mean()


model = FastAutoencoder()
with torch.no_grad():
    w = torch.nn.init.xavier_uniform_(torch.empty(D, N))
    w /= w.norm(dim=0, keepdim=True)
    model.decoder.weight.copy_(w)
    model.encoder.weight.copy_(w.t())
opt = torch.optim.Adam(model.parameters(), lr=1e-4)
data = torch.randn(BATCH * (STEPS + 1), D)
data /= data.norm(dim=1, keepdim=True)


def step(x):
    recons, aux = model(x)
    loss = nmse(recons, x) + nmse(aux, x - recons.detach()) / 32
    opt.zero_grad()
    loss.backward()
    with torch.no_grad():
        W, G = model.decoder.weight, model.decoder.weight.grad
        G -= (W * G).sum(dim=0, keepdim=True) * W
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    with torch.no_grad():
        model.decoder.weight /= model.decoder.weight.norm(dim=0, keepdim=True)


step(data[:BATCH])
t = time.perf_counter()
for s in range(STEPS):
    step(data[(s + 1) * BATCH : (s + 2) * BATCH])
dt = time.perf_counter() - t
print(json.dumps({"samplesPerSec": BATCH * STEPS / dt, "torch": torch.__version__, "threads": THREADS}))
