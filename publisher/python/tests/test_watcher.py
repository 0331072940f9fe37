import threading
import time
import unittest

from _deps import require, require_wire

torch = require("torch", "python3-torch")
np = require("numpy", "python3-numpy")
require_wire()
from torch import nn  # noqa: E402

from esdmon_publisher._proto import snapshot_pb2, types_pb2  # noqa: E402
from esdmon_publisher.sink import Sink  # noqa: E402
from esdmon_publisher.spectrum import eigenvalues  # noqa: E402
from esdmon_publisher.watcher import Watcher  # noqa: E402


class FakeSink(Sink):
    """Records what is sent; acknowledges on poll, fails keys in ``fail_keys``, and can hold every send
    until ``release`` is set (a broker that does not answer)."""

    def __init__(self, fail_keys=()):
        self.records = []  # (key, SnapshotRecord)
        self.fail_keys = set(fail_keys)
        self.waiting = []
        self.release = threading.Event()
        self.release.set()
        self.entered = threading.Event()
        self.closed = False

    def send(self, key, value, on_delivery):
        self.entered.set()
        self.release.wait()
        self.records.append((key, snapshot_pb2.SnapshotRecord.FromString(value)))
        self.waiting.append((on_delivery, "broker said no" if key in self.fail_keys else None))

    def poll(self, timeout):
        if not self.waiting:
            time.sleep(min(timeout, 0.01))
        while self.waiting:
            callback, error = self.waiting.pop(0)
            callback(error)

    def close(self, timeout):
        self.closed = True
        return len(self.waiting)

    def chunks(self):
        return [(k, r.chunk) for k, r in self.records if r.WhichOneof("record") == "chunk"]

    def manifests(self):
        return [(k, r.manifest) for k, r in self.records if r.WhichOneof("record") == "manifest"]


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        torch.manual_seed(0)
        self.features = nn.Sequential(nn.Conv2d(2, 4, 3))
        self.fc1 = nn.Linear(36, 300)
        self.fc2 = nn.Linear(300, 10).to(torch.bfloat16)


def joined(chunks):
    chunks = sorted(chunks, key=lambda c: c.chunk_index)
    return b"".join(c.data for c in chunks)


def by_snapshot(chunks):
    out = {}
    for _, c in chunks:
        out.setdefault(c.header.snapshot_id, []).append(c)
    return out


class PublishingTest(unittest.TestCase):

    def watcher(self, model, sink, **kw):
        kw.setdefault("every", 2)
        w = Watcher(model, "run-1", sink, tags={"batch_size": 8}, chunk_bytes=4096, **kw)
        self.addCleanup(w.close, 5)
        return w

    def test_every_n_steps_all_layers_then_a_manifest(self):
        model, sink = Net(), FakeSink()
        w = self.watcher(model, sink)
        published = [w.step(epoch=s // 3) for s in range(1, 6)]
        self.assertEqual([False, True, False, True, False], published)
        self.assertTrue(w.flush(10))
        manifests = sink.manifests()
        self.assertEqual([(b"run-1", 2, 0), (b"run-1", 4, 1)], [(k, m.step, m.epoch) for k, m in manifests])
        snapshots = by_snapshot(sink.chunks())
        self.assertEqual(6, len(snapshots))
        for key, m in manifests:
            self.assertEqual({"batch_size": "8"}, dict(m.tags))
            self.assertEqual([("features.0", types_pb2.CONV2D, 0), ("fc1", types_pb2.DENSE, 1),
                              ("fc2", types_pb2.DENSE, 2)],
                             [(l.layer, l.kind, l.layer_index) for l in m.layers])
            for entry in m.layers:
                chunks = snapshots[entry.snapshot_id]
                self.assertEqual(entry.chunk_count, len(chunks))
                self.assertEqual(entry.total_bytes, len(joined(chunks)))
                h = chunks[0].header
                self.assertEqual((m.step, m.epoch, m.wall_time), (h.layer_step.step, h.layer_step.epoch,
                                                                  h.layer_step.wall_time))
        # every chunk of a layer is keyed run/layer, and the manifest comes after its step's chunks
        order = [k for k, _ in sink.records]
        for k, c in sink.chunks():
            self.assertEqual(f"run-1/{c.header.layer_step.layer}".encode(), k)
        self.assertEqual(b"run-1", order[-1])
        self.assertEqual(2, w.stats.snapshots_published)
        self.assertEqual(len(sink.records), w.stats.records_delivered)

    def test_weights_are_those_of_the_snapshot_step_even_when_sent_later(self):
        model, sink = Net(), FakeSink()
        sink.release.clear()  # nothing leaves before the weights change
        w = self.watcher(model, sink, every=1)
        expected = {n: m.weight.detach().clone() for n, m in [("fc1", model.fc1), ("fc2", model.fc2),
                                                             ("features.0", model.features[0])]}
        self.assertTrue(w.step())
        with torch.no_grad():
            for p in model.parameters():
                p.add_(1.0)
        sink.release.set()
        self.assertTrue(w.flush(10))
        for chunks in by_snapshot(sink.chunks()).values():
            h = chunks[0].header
            want = expected[h.layer_step.layer]
            self.assertEqual(list(want.shape), list(h.tensor.shape))
            payload = joined(chunks)
            if h.tensor.dtype == types_pb2.BF16:
                got = (np.frombuffer(payload, "<u2").astype(np.uint32) << 16).view(np.float32)
                np.testing.assert_array_equal(want.float().numpy().ravel(), got)
                self.assertEqual(2 * want.numel(), h.total_bytes)
            else:
                self.assertEqual(types_pb2.F32, h.tensor.dtype)
                np.testing.assert_array_equal(want.numpy().ravel(), np.frombuffer(payload, "<f4"))
        self.assertGreater(len(by_snapshot(sink.chunks())), 0)
        fc1 = [c for _, c in sink.chunks() if c.header.layer_step.layer == "fc1"]
        self.assertEqual(-(-36 * 300 * 4 // 4096), len(fc1))  # chunked at chunk_bytes

    def test_spectrum_only_layers_carry_their_eigenvalues(self):
        model, sink = Net(), FakeSink()
        w = self.watcher(model, sink, every=1, spectrum_only=["features.0", "fc1"])
        conv = model.features[0].weight.detach().clone()
        w.step()
        self.assertTrue(w.flush(10))
        headers = {c.header.layer_step.layer: (c.header, k) for k, c in sink.chunks()}
        self.assertEqual("tensor", headers["fc2"][0].WhichOneof("content"))
        h = headers["features.0"][0]
        self.assertEqual((4, 2, 9), (h.spectrum.n, h.spectrum.m, h.spectrum.rf))
        got = np.frombuffer(joined([c for _, c in sink.chunks() if c.header.snapshot_id == h.snapshot_id]), "<f8")
        np.testing.assert_array_equal(eigenvalues(conv, types_pb2.CONV2D).evals.numpy(), got)
        self.assertEqual((300, 36, 1), (headers["fc1"][0].spectrum.n, headers["fc1"][0].spectrum.m,
                                        headers["fc1"][0].spectrum.rf))

    def test_explicit_steps_and_publish_now(self):
        model, sink = Net(), FakeSink()
        w = self.watcher(model, sink, every=10)
        self.assertTrue(w.publish(step=0))
        self.assertFalse(w.step(step=15))
        self.assertTrue(w.step(step=20, epoch=3))
        self.assertFalse(w.step())
        self.assertEqual(21, w.current_step)
        self.assertTrue(w.flush(10))
        self.assertEqual([(0, 0), (20, 3)], [(m.step, m.epoch) for _, m in sink.manifests()])


class BackpressureTest(unittest.TestCase):

    def test_a_full_queue_drops_whole_snapshots_without_blocking_training(self):
        model, sink = Net(), FakeSink()
        sink.release.clear()  # Kafka does not answer
        w = Watcher(model, "run-slow", sink, every=1, queue_size=1)
        self.addCleanup(w.close, 5)
        self.assertTrue(w.step())           # taken by the sender, which now hangs in send()
        self.assertTrue(sink.entered.wait(5))
        self.assertTrue(w.step())           # waits in the queue
        started = time.monotonic()
        with self.assertLogs("esdmon_publisher", "WARNING") as logs:
            results = [w.step() for _ in range(5)]
        self.assertLess(time.monotonic() - started, 1.0)
        self.assertEqual([False] * 5, results)
        self.assertEqual(5, w.stats.snapshots_dropped)
        self.assertIn("snapshot of step 3 dropped", logs.output[0])
        self.assertIn("5 dropped so far", logs.output[-1])
        sink.release.set()
        self.assertTrue(w.flush(10))
        self.assertEqual([1, 2], [m.step for _, m in sink.manifests()])
        self.assertEqual((2, 2), (w.stats.snapshots_queued, w.stats.snapshots_published))
        self.assertTrue(w.step())  # room again

    def test_close_gives_up_after_its_timeout_and_says_so(self):
        model, sink = Net(), FakeSink()
        sink.release.clear()
        errors = []
        w = Watcher(model, "run-stuck", sink, every=1, on_error=errors.append)
        w.step()
        self.assertTrue(sink.entered.wait(5))
        started = time.monotonic()
        with self.assertLogs("esdmon_publisher", "ERROR"):
            stats = w.close(timeout=0.3)
        self.assertLess(time.monotonic() - started, 3.0)
        self.assertIn("abandoned", stats.last_error)
        self.assertTrue(any("still unsent" in e for e in errors))
        with self.assertRaisesRegex(RuntimeError, "closed"):
            w.step()
        sink.release.set()


class DeliveryErrorTest(unittest.TestCase):

    def test_failed_layers_are_reported_counted_and_the_step_gets_no_manifest(self):
        model, sink = Net(), FakeSink(fail_keys={b"run-1/fc1"})
        errors = []
        w = Watcher(model, "run-1", sink, every=1, on_error=errors.append, chunk_bytes=8192)
        self.addCleanup(w.close, 5)
        with self.assertLogs("esdmon_publisher", "ERROR") as logs:
            w.step()
            self.assertTrue(w.flush(10))
        fc1_chunks = -(-36 * 300 * 4 // 8192)
        self.assertEqual(fc1_chunks, w.stats.delivery_errors)
        self.assertEqual(1, w.stats.layers_failed)
        self.assertTrue(any("fc1" in e and "broker said no" in e for e in errors))
        self.assertTrue(any("layer fc1 was not delivered" in line for line in logs.output))
        self.assertTrue(any("no manifest sent because 1 of 3 layers failed" in e for e in errors))
        self.assertEqual([], sink.manifests())
        self.assertEqual({"features.0", "fc1", "fc2"}, {c.header.layer_step.layer for _, c in sink.chunks()})
        self.assertEqual(0, w.stats.snapshots_published)

    def test_a_layer_that_cannot_be_encoded_does_not_stop_the_others(self):
        model, sink = Net(), FakeSink()
        w = Watcher(model, "run-1", sink, every=1)
        self.addCleanup(w.close, 5)
        model.fc1.weight = nn.Parameter(torch.zeros(300, 36, dtype=torch.int32), requires_grad=False)
        with self.assertLogs("esdmon_publisher", "ERROR") as logs:
            w.step()
            self.assertTrue(w.flush(10))
        self.assertIn("torch.int32 is not published", "\n".join(logs.output))
        self.assertEqual([], sink.manifests())
        self.assertEqual({"features.0", "fc2"}, {c.header.layer_step.layer for _, c in sink.chunks()})
        sink.records.clear()
        model.fc1.weight = nn.Parameter(torch.zeros(300, 36))  # fixed: the next step is complete again
        w.step()
        self.assertTrue(w.flush(10))
        (_, manifest), = sink.manifests()
        self.assertEqual(["features.0", "fc1", "fc2"], [l.layer for l in manifest.layers])


class ArgumentTest(unittest.TestCase):

    def test_bad_arguments_are_refused_with_what_to_do(self):
        model, sink = Net(), FakeSink()
        cases = [(dict(run="a/b"), "without '/'"), (dict(every=0), "every must be"),
                 (dict(every=2.5), "every must be"), (dict(queue_size=0), "queue_size"),
                 (dict(tags={"k": "v" * 300}), "256"), (dict(chunk_bytes=10 ** 6), "786432"),
                 (dict(spectrum_only=["nope"]), "nope")]
        for kw, message in cases:
            args = dict(run="r", every=1)
            args.update(kw)
            run = args.pop("run")
            with self.subTest(kw=kw), self.assertRaisesRegex(ValueError, message):
                Watcher(model, run, sink, **args)

    def test_bad_steps_are_refused(self):
        w = Watcher(Net(), "r", FakeSink(), every=1)
        self.addCleanup(w.close, 5)
        for bad in (-1, 1.0, "3", True):
            with self.assertRaisesRegex(ValueError, "whole number"):
                w.step(step=bad)
        with self.assertRaisesRegex(ValueError, "epoch"):
            w.step(epoch=-2)

    def test_close_twice_and_context_manager(self):
        sink = FakeSink()
        with Watcher(Net(), "r", sink, every=1) as w:
            w.step()
        self.assertTrue(sink.closed)
        self.assertEqual(1, w.close().snapshots_published)


if __name__ == "__main__":
    unittest.main()
