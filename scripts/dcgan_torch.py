"""The DCGAN pair and GAN step of shared/REFERENCE.md in PyTorch: the reference our DL4J code is checked against.

Used by make_parity_fixture.py (numerical parity) and torch_step_bench.py (the speed anchor). Layer order and
parameter layout match the Java builder (org.celebadcgan.model.Architecture) block for block.
"""
import torch
import torch.nn as nn

BN_EPS = 1e-5
BN_MOMENTUM = 0.1


def generator_blocks(arch, zdim, w):
    """(in, out, k, s, p, bias, bn, act) per block, as Architecture.generator."""
    return [
        (zdim, 8 * w, 4, 1, 0, False, True, "relu"),
        (8 * w, 4 * w, 4, 2, 1, False, True, "relu"),
        (4 * w, 2 * w, 4, 2, 1, False, True, "relu"),
        (2 * w, w, 4, 2, 1, False, True, "relu"),
        (w, 3, 4, 2, 1, False, arch == "seed", "tanh"),
    ]


def discriminator_blocks(arch, w):
    """As Architecture.discriminator."""
    if arch == "seed":
        return [
            (3, w, 4, 2, 0, True, True, "lrelu"),
            (w, 2 * w, 4, 2, 0, True, True, "lrelu"),
            (2 * w, 4 * w, 4, 1, 0, True, True, "lrelu"),
            (4 * w, 4 * w, 4, 2, 0, True, True, "lrelu"),
            (4 * w, 1, 4, 2, 0, True, False, "none"),
        ]
    return [
        (3, w, 4, 2, 1, False, False, "lrelu"),
        (w, 2 * w, 4, 2, 1, False, True, "lrelu"),
        (2 * w, 4 * w, 4, 2, 1, False, True, "lrelu"),
        (4 * w, 8 * w, 4, 2, 1, False, True, "lrelu"),
        (8 * w, 1, 4, 1, 0, False, False, "none"),
    ]


def build(blocks, transposed):
    layers = []
    for (cin, cout, k, s, p, bias, bn, act) in blocks:
        conv = nn.ConvTranspose2d if transposed else nn.Conv2d
        layers.append(conv(cin, cout, k, s, p, bias=bias))
        if bn:
            layers.append(nn.BatchNorm2d(cout, eps=BN_EPS, momentum=BN_MOMENTUM))
        if act == "relu":
            layers.append(nn.ReLU(True))
        elif act == "lrelu":
            layers.append(nn.LeakyReLU(0.2, inplace=True))
        elif act == "tanh":
            layers.append(nn.Tanh())
    return nn.Sequential(*layers)


def make_pair(arch, zdim, gw, dw):
    return build(generator_blocks(arch, zdim, gw), True), build(discriminator_blocks(arch, dw), False)


def dcgan_init(m):
    """The tutorial's weights_init: conv N(0, 0.02), BN gamma N(1, 0.02), beta 0."""
    name = m.__class__.__name__
    if name.find("Conv") != -1:
        nn.init.normal_(m.weight.data, 0.0, 0.02)
    elif name.find("BatchNorm") != -1:
        nn.init.normal_(m.weight.data, 1.0, 0.02)
        nn.init.constant_(m.bias.data, 0)


def adam(params, lr=2e-4, beta1=0.5, beta2=0.999):
    return torch.optim.Adam(params, lr=lr, betas=(beta1, beta2), eps=1e-8)


def d_gradient(G, D, real, z):
    """(1) D's gradient: mean of BCE(D(x), 1) and BCE(D(G(z)), 0). Returns (loss, fake, real logits, fake logits)."""
    bce = nn.BCEWithLogitsLoss()
    fake = G(z)
    lr = D(real)
    lf = D(fake.detach())
    loss = 0.5 * (bce(lr, torch.ones_like(lr)) + bce(lf, torch.zeros_like(lf)))
    loss.backward()
    return loss, fake, lr, lf


def g_gradient(G, D, z):
    """(2) G's gradient on fresh noise, non-saturating: BCE(D(G(z')), 1). Returns (loss, logits)."""
    bce = nn.BCEWithLogitsLoss()
    out = D(G(z))
    loss = bce(out, torch.ones_like(out))
    loss.backward()
    return loss, out


def gan_step(G, D, opt_g, opt_d, real, zdim, device="cpu"):
    """One full step as org.celebadcgan.train.GanStep."""
    b = real.shape[0]
    D.zero_grad(set_to_none=True)
    loss_d, _, _, _ = d_gradient(G, D, real, torch.randn(b, zdim, 1, 1, device=device))
    opt_d.step()
    G.zero_grad(set_to_none=True)
    D.zero_grad(set_to_none=True)
    loss_g, _ = g_gradient(G, D, torch.randn(b, zdim, 1, 1, device=device))
    opt_g.step()
    return loss_d.item(), loss_g.item()
