"""Publishes the weights of a PyTorch model to esdmon's Kafka topic while it trains.

    import esdmon_publisher
    watcher = esdmon_publisher.watch(model, run="mlp-bs32", bootstrap="localhost:9092", every=50)
    for epoch in range(epochs):
        for x, y in batches:
            ...; optimizer.step()
            watcher.step(epoch=epoch)
    watcher.close()

Needs Debian's python3-torch, python3-protobuf, python3-confluent-kafka and protobuf-compiler; run with
/usr/bin/python3. The records are those of esdmon's wire format (proto/, docs/wire-format.md).
"""
from typing import Callable, Mapping, Optional

from .wire import DEFAULT_CHUNK_BYTES

__all__ = ["watch", "Watcher", "PublisherStats", "DEFAULT_CHUNK_BYTES"]


def watch(model, run: str, bootstrap: str, every: int = 100, *, tags: Optional[Mapping] = None,
          spectrum_only=None, layers=None, topic: str = "esd.snapshots", queue_size: int = 2,
          chunk_bytes: int = DEFAULT_CHUNK_BYTES, conv2d_norm: bool = True,
          kafka_config: Optional[Mapping] = None, on_error: Optional[Callable[[str], None]] = None):
    """Starts publishing ``model``'s Linear, Conv2d and Embedding weights to Kafka every ``every`` steps.

    Args:
        model: the torch.nn.Module; layers are named as in ``model.named_modules()`` ("fc1", "features.0").
        run: the run id, non-empty and without '/'; every record of the run carries it.
        bootstrap: Kafka bootstrap servers, "host:port[,host:port]".
        every: publish on steps that are multiples of this (see Watcher.step).
        tags: facts about the run shown next to it ("batch_size", "learning_rate", ...), at most 64.
        spectrum_only: layers published as eigenvalues computed on the model's device instead of weights:
            True (all), an int (layers with at least that many weights), a collection of layer names, or a
            predicate (name, module) -> bool. None: publish every weight tensor.
        layers: which layers to watch: a collection of names or a predicate (name, module) -> bool; None: all.
        topic: the snapshot topic.
        queue_size: snapshots that may wait while one is being sent; more are dropped with a warning.
        chunk_bytes: payload bytes per record, at most 768 KiB (Kafka's default 1 MB record limit).
        conv2d_norm: halve pooled conv2d eigenvalues in spectrum-only mode, as WeightWatcher and the monitor do.
        kafka_config: librdkafka producer settings that override the defaults (sink.PRODUCER_DEFAULTS).
        on_error: called with a message for every failure (also logged on the "esdmon_publisher" logger).

    Returns:
        a Watcher: call ``step()`` after each optimizer step and ``close()`` at the end (or use ``with``).
    """
    from .sink import KafkaSink
    from .watcher import Watcher

    sink = KafkaSink(bootstrap, topic, kafka_config)
    try:
        return Watcher(model, run, sink, every=every, tags=tags, layers=layers, spectrum_only=spectrum_only,
                       queue_size=queue_size, chunk_bytes=chunk_bytes, conv2d_norm=conv2d_norm, on_error=on_error)
    except BaseException:
        sink.close(0)
        raise


def __getattr__(name):
    # torch is imported only when these are used, so the wire code works without it
    if name in ("Watcher", "PublisherStats"):
        from . import watcher
        return getattr(watcher, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
