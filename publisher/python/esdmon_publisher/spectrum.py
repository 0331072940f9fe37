"""Eigenvalues of a layer on the trainer's own device, for layers too big to ship (spectrum-only mode).

The same ESD the monitor's engine computes from the weights (io.esdmon.engine.eigen.SpectrumCalculator):
lambda = sigma^2 of every slice of W, the eigenvalues of the M x M Gram matrix in float64 with no 1/N
factor; conv2d's kh*kw slices W[:, :, i, j] pooled (slice k = i*kw + j) and, with WeightWatcher's
conv2d_norm, halved. Slices whose Gram eigenvalues cannot resolve the ranks (an eigenvalue below
1e5 * eps * lambda_max, or that close to the weak-rank tolerance) are redone with an SVD, as the
engine's GramResolution does, so matrix_rank and weak_rank_loss stay right.
"""
from dataclasses import dataclass

import torch

from ._proto import types_pb2

EPS64 = 2.0 ** -52
#: Gram eigenvalues are trusted above this many eps * lambda_max (the engine's GramResolution.FLOOR_ULPS).
FLOOR_ULPS = 1e5
#: The engine's default AnalysisOptions.weakRankTolerance.
DEFAULT_WEAK_RANK_TOLERANCE = 1e-6


@dataclass(frozen=True)
class LayerSpectrum:
    """Pooled eigenvalues (float64, on the CPU, slice by slice, ascending within a slice) of N x M slices."""
    evals: torch.Tensor
    n: int
    m: int
    rf: int

    def payload(self) -> bytes:
        """The eigenvalues as float64 little-endian bytes."""
        return self.evals.numpy().astype("<f8", copy=False).tobytes()


def slices(weight: torch.Tensor, kind: int) -> torch.Tensor:
    """The matrices whose spectra are pooled, as one (rf, out, in) float64 tensor on the weight's device."""
    w = weight.detach().to(torch.float64)
    if kind == types_pb2.CONV2D:
        out_ch, in_ch, kh, kw = w.shape
        return w.permute(2, 3, 0, 1).reshape(kh * kw, out_ch, in_ch)
    if w.dim() != 2:
        raise ValueError(f"a dense or embedding weight is 2-D, got shape {list(w.shape)}")
    return w.unsqueeze(0)


def unresolved(evals: torch.Tensor, weak_threshold: float) -> torch.Tensor:
    """Which rows of ascending Gram eigenvalues (rf, M) are too inexact for the rank metrics."""
    lambda_max = evals[:, -1]
    floor = FLOOR_ULPS * EPS64 * lambda_max
    near_weak = ((evals - weak_threshold).abs() < floor.unsqueeze(1)).any(dim=1)
    return ~(lambda_max > 0) | (evals[:, 0] < floor) | near_weak


def eigenvalues(weight: torch.Tensor, kind: int, conv2d_norm: bool = True,
                weak_rank_tolerance: float = DEFAULT_WEAK_RANK_TOLERANCE) -> LayerSpectrum:
    """The layer's ESD, computed where the weight lives, returned on the CPU."""
    with torch.no_grad():
        s = slices(weight, kind)
        rf, rows, cols = s.shape
        st = s.transpose(-1, -2)
        gram = st @ s if rows >= cols else s @ st
        evals = torch.linalg.eigvalsh(gram)
        scale = 0.5 if kind == types_pb2.CONV2D and conv2d_norm else 1.0
        redo = unresolved(evals, weak_rank_tolerance / scale)
        if bool(redo.any()):
            evals[redo] = torch.linalg.svdvals(s[redo]).flip(-1) ** 2
        evals = (evals * scale).reshape(-1).to("cpu")
    return LayerSpectrum(evals, max(rows, cols), min(rows, cols), rf)
