"""esdmon's wire format on the Python side: record keys, snapshot headers, chunks and manifests.

The same rules as the Java classes io.esdmon.wire.RecordKeys, SnapshotChunker and SnapshotRules:
every value on esd.snapshots is a SnapshotRecord; a layer snapshot's payload (little-endian tensor
bytes or float64 eigenvalues) is cut into chunks of at most 768 KiB, each carrying the full
header, keyed "<run_id>/<layer>"; a step's SnapshotManifest is keyed "<run_id>". No torch here.
"""
import uuid
import zlib
from dataclasses import dataclass
from typing import Dict, List, Mapping, Optional, Sequence

from ._proto import snapshot_pb2, timestamp_pb2, types_pb2

#: Payload bytes per record: leaves room for the header under Kafka's default 1 MB record limit.
DEFAULT_CHUNK_BYTES = 768 * 1024
MAX_TAGS = 64
MAX_SHORT_TEXT_BYTES = 256
MAX_LAYER_NAME_BYTES = 1024

#: Element size of each wire dtype.
DTYPE_BYTES = {types_pb2.F32: 4, types_pb2.F16: 2, types_pb2.BF16: 2, types_pb2.F64: 8}


def _utf8_len(s: str) -> int:
    return len(s.encode("utf-8"))


#: Bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE and its kin): text would read otherwise than it is.
_BIDI_CONTROLS = {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def _refused_char(s: str):
    """The first character a name may not hold (as NameRules in io.esdmon.wire), or None."""
    for c in s:
        cp = ord(c)
        if (cp < 0x20 or 0x7F <= cp <= 0x9F or cp in _BIDI_CONTROLS or cp in (0x2028, 0x2029, 0xFFFD)
                or 0xD800 <= cp <= 0xDFFF):
            return c
    return None


def _check_chars(what: str, s: str) -> str:
    bad = _refused_char(s)
    if bad is not None:
        raise ValueError(f"{what} {s!r} holds U+{ord(bad):04X}; names may not hold control, bidi or separator "
                         f"characters, rename it")
    return s


def check_run_id(run_id) -> str:
    """A run id is non-empty, has no '/' (it starts record keys) and is at most 256 UTF-8 bytes."""
    if not isinstance(run_id, str) or not run_id or "/" in run_id or _utf8_len(run_id) > MAX_SHORT_TEXT_BYTES:
        raise ValueError(f"run must be a non-empty string of at most {MAX_SHORT_TEXT_BYTES} bytes without '/', "
                         f"got {run_id!r}; choose a name like 'resnet18-bs32-2024-05-01'")
    return _check_chars("run id", run_id)


def check_layer_name(layer) -> str:
    if not isinstance(layer, str) or not layer or _utf8_len(layer) > MAX_LAYER_NAME_BYTES:
        raise ValueError(f"layer name must be 1..{MAX_LAYER_NAME_BYTES} UTF-8 bytes, got {layer!r}")
    return _check_chars("layer name", layer)


def check_tags(tags: Optional[Mapping]) -> Dict[str, str]:
    """Tags as strings; at most 64, keys and values at most 256 UTF-8 bytes each."""
    if tags is None:
        return {}
    if not isinstance(tags, Mapping):
        raise ValueError(f"tags must be a mapping such as {{'batch_size': 32}}, got {type(tags).__name__}")
    out = {str(k): str(v) for k, v in tags.items()}
    if len(out) > MAX_TAGS:
        raise ValueError(f"{len(out)} tags given, at most {MAX_TAGS} are allowed")
    for k, v in out.items():
        if _utf8_len(k) > MAX_SHORT_TEXT_BYTES or _utf8_len(v) > MAX_SHORT_TEXT_BYTES:
            raise ValueError(f"tag {k!r}: keys and values must be at most {MAX_SHORT_TEXT_BYTES} UTF-8 bytes")
        if not k:
            raise ValueError("tag keys must not be empty")
        _check_chars("tag key", k)
        _check_chars(f"value of tag {k!r}", v)
    return out


def layer_key(run_id: str, layer: str) -> bytes:
    """Key of a layer's records: "<run_id>/<layer>" in UTF-8."""
    return f"{check_run_id(run_id)}/{check_layer_name(layer)}".encode("utf-8")


def run_key(run_id: str) -> bytes:
    """Key of a run's manifests: the run id in UTF-8."""
    return check_run_id(run_id).encode("utf-8")


def new_snapshot_id() -> str:
    """A fresh random UUID: every upload of a layer snapshot gets its own."""
    return str(uuid.uuid4())


def timestamp(wall_time_ns: int):
    return timestamp_pb2.Timestamp(seconds=wall_time_ns // 1_000_000_000, nanos=wall_time_ns % 1_000_000_000)


@dataclass(frozen=True)
class StepInfo:
    """What every layer snapshot of one step shares."""
    run_id: str
    step: int
    epoch: int
    wall_time_ns: int
    tags: Mapping[str, str]

    def layer_step(self, layer: str, kind: int, layer_index: int):
        return types_pb2.LayerStep(run_id=self.run_id, step=self.step, epoch=self.epoch,
                                   wall_time=timestamp(self.wall_time_ns), layer=layer, kind=kind,
                                   layer_index=layer_index, tags=dict(self.tags))


def tensor_header(snapshot_id: str, layer_step, shape: Sequence[int], dtype: int, payload: bytes):
    """Header of a weight-tensor payload (little-endian, row-major ``shape`` elements of ``dtype``)."""
    if len(shape) not in (2, 4) or any(d < 1 for d in shape):
        raise ValueError(f"{layer_step.layer}: a weight tensor must be 2-D or 4-D with positive sizes, got {list(shape)}")
    count = 1
    for d in shape:
        count *= d
    if dtype not in DTYPE_BYTES or count * DTYPE_BYTES[dtype] != len(payload):
        raise ValueError(f"{layer_step.layer}: shape {list(shape)} of dtype {dtype} does not match "
                         f"{len(payload)} payload bytes")
    return snapshot_pb2.SnapshotHeader(
        snapshot_id=snapshot_id, layer_step=layer_step,
        tensor=snapshot_pb2.TensorLayout(shape=list(shape), dtype=dtype),
        total_bytes=len(payload), crc32=zlib.crc32(payload))


def spectrum_header(snapshot_id: str, layer_step, n: int, m: int, rf: int, payload: bytes):
    """Header of an eigenvalue payload: m*rf float64 little-endian eigenvalues of N x M slices."""
    if not (1 <= m <= n and rf >= 1) or len(payload) != 8 * m * rf:
        raise ValueError(f"{layer_step.layer}: a spectrum needs 1 <= m <= n, rf >= 1 and 8*m*rf payload bytes; "
                         f"got n={n}, m={m}, rf={rf} and {len(payload)} bytes")
    return snapshot_pb2.SnapshotHeader(
        snapshot_id=snapshot_id, layer_step=layer_step,
        spectrum=snapshot_pb2.SpectrumLayout(n=n, m=m, rf=rf),
        total_bytes=len(payload), crc32=zlib.crc32(payload))


def check_chunk_bytes(chunk_bytes: int) -> int:
    if not isinstance(chunk_bytes, int) or not 1 <= chunk_bytes <= DEFAULT_CHUNK_BYTES:
        raise ValueError(f"chunk_bytes must be in 1..{DEFAULT_CHUNK_BYTES} so that records fit Kafka's default "
                         f"1 MB limit, got {chunk_bytes!r}")
    return chunk_bytes


def chunk_records(header, payload: bytes, chunk_bytes: int = DEFAULT_CHUNK_BYTES) -> List[bytes]:
    """The serialized SnapshotRecords of one snapshot, in chunk order."""
    check_chunk_bytes(chunk_bytes)
    total = len(payload)
    if total != header.total_bytes or total == 0:
        raise ValueError(f"the header says {header.total_bytes} bytes but the payload has {total}")
    count = (total + chunk_bytes - 1) // chunk_bytes
    view = memoryview(payload)
    records = []
    for i in range(count):
        start = i * chunk_bytes
        chunk = snapshot_pb2.LayerSnapshotChunk(header=header, chunk_index=i, chunk_count=count, offset=start,
                                                data=bytes(view[start:start + chunk_bytes]))
        records.append(snapshot_pb2.SnapshotRecord(chunk=chunk).SerializeToString())
    return records


@dataclass(frozen=True)
class ManifestEntry:
    """One delivered layer snapshot of a step."""
    layer: str
    kind: int
    layer_index: int
    snapshot_id: str
    chunk_count: int
    total_bytes: int


def manifest_record(step: StepInfo, layers: Sequence[ManifestEntry]) -> bytes:
    """The serialized SnapshotRecord holding the manifest of one step."""
    manifest = snapshot_pb2.SnapshotManifest(
        run_id=step.run_id, step=step.step, epoch=step.epoch, wall_time=timestamp(step.wall_time_ns),
        tags=dict(step.tags),
        layers=[snapshot_pb2.ManifestLayer(layer=e.layer, kind=e.kind, layer_index=e.layer_index,
                                           snapshot_id=e.snapshot_id, chunk_count=e.chunk_count,
                                           total_bytes=e.total_bytes) for e in layers])
    return snapshot_pb2.SnapshotRecord(manifest=manifest).SerializeToString()
