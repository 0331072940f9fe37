"""The publisher: snapshots on the training thread, everything else on one background sender thread."""
import atexit
import logging
import queue
import threading
import time
from dataclasses import dataclass
from typing import Callable, List, Mapping, Optional

import torch

from . import wire
from .layers import Layer, find_layers, tensor_bytes, wire_dtype
from .sink import Sink
from .spectrum import DEFAULT_WEAK_RANK_TOLERANCE, eigenvalues

log = logging.getLogger("esdmon_publisher")

_STOP = object()


@dataclass(frozen=True)
class PublisherStats:
    """Counters since the watcher started."""
    #: snapshots (one per published step, all watched layers) handed to the sender thread
    snapshots_queued: int
    #: snapshots dropped because queue_size snapshots were still waiting (Kafka or the sender too slow)
    snapshots_dropped: int
    #: snapshots whose manifest the broker acknowledged
    snapshots_published: int
    #: layer snapshots that could not be built or were not acknowledged (each also logged)
    layers_failed: int
    #: records (chunks and manifests) the broker acknowledged, and their value bytes
    records_delivered: int
    bytes_delivered: int
    #: records the broker or the client reported as failed
    delivery_errors: int
    #: the last failure, for people
    last_error: Optional[str]


@dataclass
class _Capture:
    layer: Layer
    data: torch.Tensor  # a CPU copy of the weight, or a device copy for spectrum-only layers


@dataclass
class _StepSnapshot:
    info: wire.StepInfo
    captures: List[_Capture]


class _Deliveries:
    """Acknowledgements of the records of one step, counted per layer (sender thread only)."""

    def __init__(self):
        self.outstanding = 0
        self.failures = {}  # snapshot id -> first error

    def expect(self, snapshot_id: str, on_ok: Callable[[int], None], on_error: Callable[[str], None], size: int):
        self.outstanding += 1

        def done(error: Optional[str]):
            self.outstanding -= 1
            if error is None:
                on_ok(size)
            else:
                self.failures.setdefault(snapshot_id, error)
                on_error(error)
        return done


class Watcher:
    """Publishes a model's layer weights to esd.snapshots every ``every`` steps without blocking training.

    Call :meth:`step` once per optimizer step. On a publishing step the training thread only copies
    the weights (``detach().to('cpu', copy=True)``; spectrum-only layers are cloned on their device);
    eigenvalues, serialization, chunking and sending happen on a background thread. At most
    ``queue_size`` snapshots wait behind the one being sent; when the queue is full a step's snapshot
    is dropped whole, with a warning and a count, instead of waiting. Use :func:`esdmon_publisher.watch`
    to make one.
    """

    def __init__(self, model: torch.nn.Module, run: str, sink: Sink, *, every: int = 100,
                 tags: Optional[Mapping] = None, layers=None, spectrum_only=None, queue_size: int = 2,
                 chunk_bytes: int = wire.DEFAULT_CHUNK_BYTES, conv2d_norm: bool = True,
                 weak_rank_tolerance: float = DEFAULT_WEAK_RANK_TOLERANCE,
                 on_error: Optional[Callable[[str], None]] = None):
        self._run = wire.check_run_id(run)
        if not isinstance(every, int) or isinstance(every, bool) or every < 1:
            raise ValueError(f"every must be a whole number of steps >= 1, got {every!r}")
        if not isinstance(queue_size, int) or isinstance(queue_size, bool) or queue_size < 1:
            raise ValueError(f"queue_size must be >= 1 snapshots, got {queue_size!r}")
        if not weak_rank_tolerance >= 0:
            raise ValueError(f"weak_rank_tolerance must be >= 0, got {weak_rank_tolerance!r}")
        self._every = every
        self._tags = wire.check_tags(tags)
        self._layers = find_layers(model, layers, spectrum_only)
        self._chunk_bytes = wire.check_chunk_bytes(chunk_bytes)
        self._conv2d_norm = bool(conv2d_norm)
        self._weak_rank_tolerance = float(weak_rank_tolerance)
        self._on_error = on_error
        self._sink = sink
        self._queue = queue.Queue(maxsize=queue_size)
        self._queue_size = queue_size
        self._step = 0
        self._epoch = 0
        self._closed = False
        self._abandon = False
        self._lock = threading.Condition()
        self._pending = 0  # snapshots queued or being sent
        self._counts = dict(snapshots_queued=0, snapshots_dropped=0, snapshots_published=0, layers_failed=0,
                            records_delivered=0, bytes_delivered=0, delivery_errors=0)
        self._last_error = None
        self._thread = threading.Thread(target=self._send_loop, name=f"esdmon-publisher-{run}", daemon=True)
        self._thread.start()
        atexit.register(self.close)  # a script that forgets close() still sends what it queued

    # ---- training thread -------------------------------------------------------------------------

    @property
    def layers(self) -> List[Layer]:
        """The watched layers in model order."""
        return list(self._layers)

    @property
    def current_step(self) -> int:
        return self._step

    def step(self, step: Optional[int] = None, epoch: Optional[int] = None) -> bool:
        """Counts one optimizer step (or sets the step number to ``step``) and, when the step is a multiple
        of ``every``, queues a snapshot of every watched layer. ``epoch`` is remembered until changed.
        Returns whether a snapshot was queued."""
        self._advance(step, epoch)
        return self._step % self._every == 0 and self._snapshot()

    def publish(self, step: Optional[int] = None, epoch: Optional[int] = None) -> bool:
        """Queues a snapshot now, whatever the step (for example the initial weights at step 0).
        ``step`` defaults to the current step. Returns whether it was queued (False: dropped)."""
        if step is not None or epoch is not None:
            self._set(step, epoch)
        return self._snapshot()

    def _advance(self, step, epoch):
        if step is None:
            self._set(self._step + 1, epoch)
        else:
            self._set(step, epoch)

    def _set(self, step, epoch):
        self._require_open()
        for name, value in (("step", step), ("epoch", epoch)):
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
                raise ValueError(f"{name} must be a whole number >= 0, got {value!r}")
        if step is not None:
            self._step = step
        if epoch is not None:
            self._epoch = epoch

    def _require_open(self):
        if self._closed:
            raise RuntimeError(f"the esdmon watcher of run {self._run} is closed; create a new one with watch()")

    def _snapshot(self) -> bool:
        self._require_open()
        if self._queue.full():
            with self._lock:
                self._counts["snapshots_dropped"] += 1
                dropped = self._counts["snapshots_dropped"]
            log.warning("esdmon: snapshot of step %d dropped: %d snapshot(s) are still waiting to be sent "
                        "(queue_size=%d); Kafka or the network is slower than one snapshot every %d steps. "
                        "%d dropped so far; publish less often (every=...) or fewer layers",
                        self._step, self._queue_size, self._queue_size, self._every, dropped)
            return False
        info = wire.StepInfo(self._run, self._step, self._epoch, time.time_ns(), self._tags)
        with torch.no_grad():
            captures = [_Capture(layer, self._copy(layer.weight, layer.spectrum_only)) for layer in self._layers]
        with self._lock:
            self._pending += 1
            self._counts["snapshots_queued"] += 1
        self._queue.put_nowait(_StepSnapshot(info, captures))
        return True

    @staticmethod
    def _copy(weight: torch.Tensor, on_device: bool) -> torch.Tensor:
        w = weight.detach()
        return w.clone() if on_device else w.to("cpu", copy=True)

    def flush(self, timeout: Optional[float] = None) -> bool:
        """Waits until every queued snapshot was sent and acknowledged (or reported as failed).
        Returns False when ``timeout`` seconds passed first."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._lock:
            while self._pending > 0:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._lock.wait(left)
        return True

    def close(self, timeout: float = 30.0) -> PublisherStats:
        """Sends what is queued (waiting at most ``timeout`` seconds), stops the sender and returns the
        final counters. Snapshots still unsent after the timeout are abandoned with an error log."""
        if self._closed:
            return self.stats
        self._closed = True
        atexit.unregister(self.close)
        start = time.monotonic()
        done = self.flush(timeout)
        if not done:
            self._abandon = True
            self._report(f"close: {self._pending} snapshot(s) still unsent after {timeout} s are abandoned")
        try:
            self._queue.put(_STOP, timeout=1.0)
        except queue.Full:  # the sender is stuck in a send; it is a daemon thread and dies with the process
            pass
        self._thread.join(max(0.0, timeout - (time.monotonic() - start)) + 1.0)
        left = self._sink.close(max(0.0, timeout - (time.monotonic() - start)) if done else 0.0)
        if left:
            self._report(f"close: {left} record(s) were never acknowledged by Kafka")
        return self.stats

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    @property
    def stats(self) -> PublisherStats:
        with self._lock:
            return PublisherStats(last_error=self._last_error, **self._counts)

    # ---- sender thread ---------------------------------------------------------------------------

    def _send_loop(self):
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            try:
                if not self._abandon:
                    self._send_step(item)
            except Exception as e:  # never let the sender die: report and go on with the next step
                self._report(f"step {item.info.step}: {type(e).__name__}: {e}")
            finally:
                item.captures.clear()
                with self._lock:
                    self._pending -= 1
                    self._lock.notify_all()

    def _send_step(self, item: _StepSnapshot):
        """Sends every layer, then, if all were acknowledged, the manifest (as the Java publisher does: a step
        with a failed layer gets no manifest, so consumers never take it for complete)."""
        deliveries = _Deliveries()
        sent = []
        failed = 0
        step = item.info.step
        while item.captures and not self._abandon:
            capture = item.captures.pop(0)  # drop each weight copy as soon as it is serialized
            layer = capture.layer
            try:
                header, payload = self._encode(item.info, capture)
                records = wire.chunk_records(header, payload, self._chunk_bytes)
                del payload
                entry = wire.ManifestEntry(layer.name, layer.kind, layer.index, header.snapshot_id, len(records),
                                           header.total_bytes)
                key = wire.layer_key(self._run, layer.name)
                where = f"step {step}, layer {layer.name}"
                for record in records:
                    self._sink.send(key, record, deliveries.expect(
                        entry.snapshot_id, self._delivered, lambda e, w=where: self._failed(w, e), len(record)))
                sent.append(entry)
            except Exception as e:
                failed += 1
                self._layer_failed(f"step {step}, layer {layer.name}: {type(e).__name__}: {e}")
        self._await(deliveries)
        for entry in sent:
            if entry.snapshot_id in deliveries.failures:
                failed += 1
                self._layer_failed(f"step {step}, layer {entry.layer} was not delivered: "
                                   f"{deliveries.failures[entry.snapshot_id]}")
        if self._abandon:
            return
        if failed:
            arrived = len(self._layers) - failed
            still = f"; the monitor still analyzes the {arrived} that arrived" if arrived else ""
            self._report(f"step {step}: no manifest sent because {failed} of {len(self._layers)} layers failed"
                         + still)
            return
        manifest = wire.manifest_record(item.info, sent)
        acks = _Deliveries()
        self._sink.send(wire.run_key(self._run), manifest, acks.expect(
            "manifest", self._delivered, lambda e: self._failed(f"manifest of step {step}", e), len(manifest)))
        self._await(acks)
        if not acks.failures:
            with self._lock:
                self._counts["snapshots_published"] += 1

    def _encode(self, info: wire.StepInfo, capture: _Capture):
        layer = capture.layer
        snapshot_id = wire.new_snapshot_id()
        if layer.spectrum_only:
            spectrum = eigenvalues(capture.data, layer.kind, self._conv2d_norm, self._weak_rank_tolerance)
            payload = spectrum.payload()
            return wire.spectrum_header(snapshot_id, info.layer_step(layer.name, layer.kind, layer.index),
                                        spectrum.n, spectrum.m, spectrum.rf, payload), payload
        payload = tensor_bytes(capture.data)
        header = wire.tensor_header(snapshot_id, info.layer_step(layer.name, layer.kind, layer.index),
                                    list(capture.data.shape), wire_dtype(capture.data), payload)
        return header, payload

    def _await(self, deliveries: _Deliveries):
        while deliveries.outstanding > 0 and not self._abandon:
            self._sink.poll(0.1)

    def _delivered(self, size: int):
        with self._lock:
            self._counts["records_delivered"] += 1
            self._counts["bytes_delivered"] += size

    def _failed(self, where: str, error: str):
        with self._lock:
            self._counts["delivery_errors"] += 1
        self._report(f"{where}: Kafka delivery failed: {error}")

    def _layer_failed(self, message: str):
        with self._lock:
            self._counts["layers_failed"] += 1
        self._report(message)

    def _report(self, message: str):
        with self._lock:
            self._last_error = message
        log.error("esdmon: run %s: %s", self._run, message)
        if self._on_error is not None:
            try:
                self._on_error(message)
            except Exception:  # a faulty callback must not stop publishing
                log.exception("esdmon: the on_error callback raised")

