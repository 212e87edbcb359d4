"""The SuperAE (Sec. III-A) in PyTorch, layer for layer the topology of
src/core/superae/buildSuperAE.ts, and the loss of Eq. 1-2.

Layer names match SUPERAE_LAYERS in buildSuperAE.ts; the exporter relies on them.
"""
import torch
import torch.nn as nn

BN_EPSILON = 1e-5  # BN_EPSILON in buildSuperAE.ts (PyTorch's default)
SIZE_MULTIPLE = 4  # two stride-2 stages


class SuperAE(nn.Module):
    """Input [B, 3, H, W] RGB in [0, 1], H and W multiples of 4.
    forward() returns (reconstruction, E1, E2, E3), the order of the tfjs model's outputs."""

    def __init__(self):
        super().__init__()
        # E1: conv3x3 'same' 3->64, BN, ReLU
        self.e1_conv = nn.Conv2d(3, 64, 3, padding=1)
        self.e1_bn = nn.BatchNorm2d(64, eps=BN_EPSILON)
        # E2, E3: stride 2 with symmetric padding 1 (tfjs: ZeroPadding2D(1) + 'valid')
        self.e2_conv = nn.Conv2d(64, 128, 3, stride=2, padding=1)
        self.e2_bn = nn.BatchNorm2d(128, eps=BN_EPSILON)
        self.e3_conv = nn.Conv2d(128, 256, 3, stride=2, padding=1)
        self.e3_bn = nn.BatchNorm2d(256, eps=BN_EPSILON)
        # D1, D2: transposed conv k4 s2 p1 (tfjs: Conv2DTranspose k4 s2 'same')
        self.d1_deconv = nn.ConvTranspose2d(256, 128, 4, stride=2, padding=1)
        self.d1_bn = nn.BatchNorm2d(128, eps=BN_EPSILON)
        self.d2_deconv = nn.ConvTranspose2d(128, 64, 4, stride=2, padding=1)
        self.d2_bn = nn.BatchNorm2d(64, eps=BN_EPSILON)
        # D3: conv3x3 'same' 64->3, sigmoid
        self.d3_conv = nn.Conv2d(64, 3, 3, padding=1)

    def forward(self, x):
        relu = torch.relu
        e1 = relu(self.e1_bn(self.e1_conv(x)))  # [B, 64, H, W]
        e2 = relu(self.e2_bn(self.e2_conv(e1)))  # [B, 128, H/2, W/2]
        e3 = relu(self.e3_bn(self.e3_conv(e2)))  # [B, 256, H/4, W/4]
        d1 = relu(self.d1_bn(self.d1_deconv(e3)))  # [B, 128, H/2, W/2]
        d2 = relu(self.d2_bn(self.d2_deconv(d1)))  # [B, 64, H, W]
        recon = torch.sigmoid(self.d3_conv(d2))  # [B, 3, H, W]
        return recon, e1, e2, e3


def superae_loss(x, recon, templates, lam):
    """Eq. 1-2. x, recon: [B, 3, H, W]; templates: [B, H, W] int64 superpixel ids (any values;
    ids are only compared within one image). Returns (total, reconstruction term, template term).

    Reconstruction term: 1/N sum_i ||x_i - x̂_i||^2 (squared norm over RGB, mean over pixels).
    Template term: 1/N sum_j sum_i s_ij ||x̂_i - m_j||^2 with m_j the mean of x̂ over
    superpixel j (Eq. 2), i.e. the within-superpixel variance of the reconstruction.
    """
    b, c, h, w = recon.shape
    n = b * h * w
    rec = ((x - recon) ** 2).sum() / n  # Eq. 1, first term
    if lam == 0:
        return rec, rec, torch.zeros((), dtype=rec.dtype)
    # one id space for the batch: (image, superpixel) -> 0..M-1
    key = templates + torch.arange(b, dtype=templates.dtype, device=templates.device).view(b, 1, 1) * (templates.max() + 1)
    _, ids = torch.unique(key.reshape(-1), return_inverse=True)  # [B*H*W]
    m = int(ids.max()) + 1
    pix = recon.permute(0, 2, 3, 1).reshape(-1, c)  # [B*H*W, 3]
    sums = torch.zeros(m, c, dtype=pix.dtype, device=pix.device).index_add_(0, ids, pix)
    counts = torch.bincount(ids, minlength=m).to(pix.dtype).unsqueeze(1)
    means = sums / counts  # m_j, Eq. 2
    tmpl = ((pix - means[ids]) ** 2).sum() / n  # Eq. 1, second term
    return rec + lam * tmpl, rec, tmpl
