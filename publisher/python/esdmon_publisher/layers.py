"""Which layers of a torch model are watched, and how their weights become wire bytes."""
from dataclasses import dataclass
from typing import Callable, Collection, List, Optional, Union

import torch
from torch import nn

from ._proto import types_pb2

#: Module classes (and their subclasses) whose ``weight`` is published, with the wire kind.
KINDS = ((nn.Linear, types_pb2.DENSE), (nn.Conv2d, types_pb2.CONV2D), (nn.Embedding, types_pb2.EMBEDDING))
_RANK = {types_pb2.DENSE: 2, types_pb2.EMBEDDING: 2, types_pb2.CONV2D: 4}

#: torch dtype -> (wire dtype, same-width integer dtype, little-endian numpy code of that integer)
WIRE_DTYPES = {
    torch.float32: (types_pb2.F32, torch.int32, "<i4"),
    torch.float16: (types_pb2.F16, torch.int16, "<i2"),
    torch.bfloat16: (types_pb2.BF16, torch.int16, "<i2"),
    torch.float64: (types_pb2.F64, torch.int64, "<i8"),
}

LayerFilter = Union[None, Callable[[str, nn.Module], bool], Collection[str]]
SpectrumSelector = Union[None, bool, int, Callable[[str, nn.Module], bool], Collection[str]]


@dataclass(frozen=True)
class Layer:
    """A watched layer: its name in ``model.named_modules()``, wire kind, index among watched layers."""
    name: str
    module: nn.Module
    kind: int
    index: int
    spectrum_only: bool

    @property
    def weight(self) -> torch.Tensor:
        return self.module.weight


def wire_dtype(t: torch.Tensor) -> int:
    """The wire DType of a tensor; ValueError for element types esdmon does not carry."""
    try:
        return WIRE_DTYPES[t.dtype][0]
    except KeyError:
        raise ValueError(f"dtype {t.dtype} is not published; esdmon carries float32, float16, bfloat16 and float64 "
                         "weights (exclude this layer with layers=...)") from None


def tensor_bytes(t: torch.Tensor) -> bytes:
    """The tensor's elements as they travel: row-major, little-endian, in their own dtype (bf16/f16 as is)."""
    wire_dtype(t)
    _, int_dtype, le_code = WIRE_DTYPES[t.dtype]
    # the integer view keeps every bit (bfloat16 has no numpy twin); astype only swaps bytes on big-endian hosts
    ints = t.detach().to("cpu").contiguous().view(int_dtype).numpy()
    return ints.astype(le_code, copy=False).tobytes()


def _kind_of(module: nn.Module) -> Optional[int]:
    for cls, kind in KINDS:
        if isinstance(module, cls):
            return kind
    return None


def _name_matcher(what: str, selector, names: List[str]) -> Callable[[str, nn.Module], bool]:
    if callable(selector):
        return selector
    if isinstance(selector, (str, bytes)) or not isinstance(selector, Collection):
        raise ValueError(f"{what} must be a predicate (name, module) -> bool or a collection of layer names, "
                         f"got {selector!r}")
    wanted = set(selector)
    unknown = sorted(wanted - set(names))
    if unknown:
        raise ValueError(f"{what} names layers the model does not have: {unknown}; its Linear/Conv2d/Embedding "
                         f"layers are {names}")
    return lambda name, module: name in wanted


def _spectrum_matcher(selector: SpectrumSelector, names: List[str]) -> Callable[[str, nn.Module], bool]:
    if selector is None or selector is False:
        return lambda name, module: False
    if selector is True:
        return lambda name, module: True
    if isinstance(selector, int):
        if selector < 1:
            raise ValueError(f"spectrum_only as a size is a number of weights >= 1, got {selector}")
        return lambda name, module: module.weight.numel() >= selector
    return _name_matcher("spectrum_only", selector, names)


def find_layers(model: nn.Module, layers: LayerFilter = None, spectrum_only: SpectrumSelector = None) -> List[Layer]:
    """The Linear, Conv2d and Embedding modules of ``model`` in ``named_modules()`` order, filtered by
    ``layers``; ``spectrum_only`` picks those published as eigenvalues. Raises ValueError with the reason
    when a selected layer cannot be published or nothing is left to watch."""
    if not isinstance(model, nn.Module):
        raise ValueError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    candidates = []
    for name, module in model.named_modules():
        kind = _kind_of(module)
        if kind is not None:
            candidates.append((name or type(module).__name__, module, kind))
    names = [c[0] for c in candidates]
    keep = (lambda name, module: True) if layers is None else _name_matcher("layers", layers, names)
    spectral = _spectrum_matcher(spectrum_only, names)
    found = []
    for name, module, kind in candidates:
        if not keep(name, module):
            continue
        w = getattr(module, "weight", None)
        if not isinstance(w, torch.Tensor) or nn.parameter.is_lazy(w):
            raise ValueError(f"layer {name} has no materialized weight yet; call watch() after the first forward "
                             "pass of a lazy module")
        if w.dim() != _RANK[kind]:
            raise ValueError(f"layer {name} ({type(module).__name__}) has a {w.dim()}-D weight; esdmon expects "
                             f"{_RANK[kind]}-D")
        wire_dtype(w)
        found.append(Layer(name, module, kind, len(found), bool(spectral(name, module))))
    if not found:
        raise ValueError(f"nothing to watch: the model has no selected Linear, Conv2d or Embedding layer "
                         f"(candidates: {names})")
    return found
