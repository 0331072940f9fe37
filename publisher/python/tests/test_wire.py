import struct
import unittest

from _deps import require_wire

wire = require_wire()
from esdmon_publisher._proto import snapshot_pb2, types_pb2  # noqa: E402

STEP = wire.StepInfo("run-7", step=120, epoch=2, wall_time_ns=1_700_000_000_123_456_789, tags={"batch_size": "32"})


def parse(record: bytes):
    return snapshot_pb2.SnapshotRecord.FromString(record)


def bitwise_crc32(data: bytes) -> int:
    """CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) one bit at a time, independent of zlib."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0xEDB88320 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def tensor_header(payload: bytes, shape, dtype=types_pb2.F32, layer="fc1"):
    return wire.tensor_header("id-1", STEP.layer_step(layer, types_pb2.DENSE, 0), shape, dtype, payload)


class ChunkingTest(unittest.TestCase):

    def test_chunks_cover_the_payload_in_order_with_one_header(self):
        payload = bytes(range(256)) * 10  # 2560 bytes: chunks of 1000, 1000, 560
        header = tensor_header(payload, [640, 1])
        chunks = [parse(r).chunk for r in wire.chunk_records(header, payload, chunk_bytes=1000)]
        self.assertEqual([0, 1, 2], [c.chunk_index for c in chunks])
        self.assertEqual({3}, {c.chunk_count for c in chunks})
        self.assertEqual([0, 1000, 2000], [c.offset for c in chunks])
        self.assertEqual([1000, 1000, 560], [len(c.data) for c in chunks])
        self.assertEqual(payload, b"".join(c.data for c in chunks))
        for c in chunks:
            self.assertEqual(header, c.header)

    def test_a_payload_of_whole_chunks_has_no_empty_tail(self):
        payload = bytes(2000)
        chunks = [parse(r).chunk for r in wire.chunk_records(tensor_header(payload, [500, 1]), payload, 1000)]
        self.assertEqual([1000, 1000], [len(c.data) for c in chunks])

    def test_small_payload_is_one_chunk(self):
        payload = struct.pack("<6f", 1, 2, 3, 4, 5, 6)
        (record,) = wire.chunk_records(tensor_header(payload, [2, 3]), payload)
        c = parse(record).chunk
        self.assertEqual((0, 1, 0, payload), (c.chunk_index, c.chunk_count, c.offset, c.data))

    def test_default_chunks_stay_under_the_one_megabyte_record_limit_with_the_largest_header(self):
        tags = {f"k{i:03d}" + "x" * 250: "v" * 256 for i in range(wire.MAX_TAGS)}
        step = wire.StepInfo("r" * 256, 1, 1, 1, wire.check_tags(tags))
        payload = bytes(2 * wire.DEFAULT_CHUNK_BYTES + 1)
        header = wire.tensor_header("u" * 36, step.layer_step("l" * wire.MAX_LAYER_NAME_BYTES, types_pb2.DENSE, 0),
                                    [len(payload), 1], types_pb2.BF16, payload + bytes(len(payload)))
        records = wire.chunk_records(header, payload + bytes(len(payload)))
        self.assertEqual(5, len(records))  # 4 full chunks and 2 bytes
        # librdkafka's message.max.bytes default is 1,000,000; Java's max.request.size 1,048,576
        self.assertLess(max(len(r) for r in records), 1_000_000)

    def test_crc32_is_ieee_802_3_as_java_util_zip(self):
        self.assertEqual(0xCBF43926, bitwise_crc32(b"123456789"))  # the standard check value
        payload = struct.pack("<2f", 1.5, -2.0)
        self.assertEqual(bitwise_crc32(payload), tensor_header(payload, [2, 1]).crc32)

    def test_chunk_size_must_fit_kafka_records(self):
        payload = bytes(8)
        header = tensor_header(payload, [2, 1])
        for bad in (0, -1, wire.DEFAULT_CHUNK_BYTES + 1, 1.5):
            with self.assertRaisesRegex(ValueError, "786432"):
                wire.chunk_records(header, payload, bad)

    def test_header_and_payload_must_agree(self):
        header = tensor_header(bytes(8), [2, 1])
        with self.assertRaisesRegex(ValueError, "header says 8 bytes but the payload has 4"):
            wire.chunk_records(header, bytes(4))


class HeaderTest(unittest.TestCase):

    def test_tensor_header_describes_the_payload(self):
        payload = bytes(2 * 3 * 2)
        h = tensor_header(payload, [2, 3], types_pb2.F16, layer="features.0")
        self.assertEqual("tensor", h.WhichOneof("content"))
        self.assertEqual(([2, 3], types_pb2.F16, 12), (list(h.tensor.shape), h.tensor.dtype, h.total_bytes))
        ls = h.layer_step
        self.assertEqual(("run-7", 120, 2, "features.0", types_pb2.DENSE, {"batch_size": "32"}),
                         (ls.run_id, ls.step, ls.epoch, ls.layer, ls.kind, dict(ls.tags)))
        self.assertEqual((1_700_000_000, 123_456_789), (ls.wall_time.seconds, ls.wall_time.nanos))

    def test_tensor_header_rejects_shapes_that_do_not_fit(self):
        with self.assertRaisesRegex(ValueError, "2-D or 4-D"):
            tensor_header(bytes(8), [2])
        with self.assertRaisesRegex(ValueError, "does not match 8 payload bytes"):
            tensor_header(bytes(8), [2, 2], types_pb2.F32)
        with self.assertRaisesRegex(ValueError, "does not match"):
            tensor_header(bytes(8), [2, 1], types_pb2.DTYPE_UNSPECIFIED)

    def test_spectrum_header(self):
        payload = struct.pack("<3d", 0.5, 1.5, 2.5)
        h = wire.spectrum_header("s", STEP.layer_step("emb", types_pb2.EMBEDDING, 3), 10, 3, 1, payload)
        self.assertEqual((10, 3, 1, 24), (h.spectrum.n, h.spectrum.m, h.spectrum.rf, h.total_bytes))
        with self.assertRaisesRegex(ValueError, "1 <= m <= n"):
            wire.spectrum_header("s", h.layer_step, 2, 3, 1, payload)
        with self.assertRaisesRegex(ValueError, "8\\*m\\*rf"):
            wire.spectrum_header("s", h.layer_step, 10, 2, 1, payload)


class KeysAndTagsTest(unittest.TestCase):

    def test_keys(self):
        self.assertEqual(b"run-7/features.0", wire.layer_key("run-7", "features.0"))
        self.assertEqual("r\u00e9/\u00e9".encode(), wire.layer_key("r\u00e9", "\u00e9"))
        self.assertEqual(b"run-7", wire.run_key("run-7"))

    def test_bad_run_ids_are_refused_with_advice(self):
        for bad in ("", "a/b", None, 7, "x" * 257):
            with self.assertRaisesRegex(ValueError, "resnet18-bs32"):
                wire.run_key(bad)
        with self.assertRaisesRegex(ValueError, "layer name"):
            wire.layer_key("r", "")

    def test_names_may_not_hold_control_or_bidi_characters(self):
        for bad in ("nul\0run", "new\nline", "rlo\u202erun", "esc\x1b[31m", "sep\u2028x"):
            with self.assertRaisesRegex(ValueError, "control, bidi or separator"):
                wire.run_key(bad)
            with self.assertRaisesRegex(ValueError, "control, bidi or separator"):
                wire.layer_key("r", bad)
            with self.assertRaisesRegex(ValueError, "control, bidi or separator"):
                wire.check_tags({"k": bad})
        self.assertEqual(b"r\xc3\xa9sum\xc3\xa9 \xf0\x9f\x8e\x89/l", wire.layer_key("r\u00e9sum\u00e9 \U0001f389", "l"))

    def test_tags_become_strings_within_limits(self):
        self.assertEqual({"batch_size": "32", "lr": "0.001"}, wire.check_tags({"batch_size": 32, "lr": 0.001}))
        self.assertEqual({}, wire.check_tags(None))
        with self.assertRaisesRegex(ValueError, "65 tags"):
            wire.check_tags({str(i): i for i in range(65)})
        with self.assertRaisesRegex(ValueError, "256"):
            wire.check_tags({"k": "v" * 257})
        with self.assertRaisesRegex(ValueError, "mapping"):
            wire.check_tags(["batch_size"])

    def test_snapshot_ids_are_fresh_uuids(self):
        ids = {wire.new_snapshot_id() for _ in range(100)}
        self.assertEqual(100, len(ids))
        self.assertTrue(all(len(i) == 36 and i[14] == "4" for i in ids))


class ManifestTest(unittest.TestCase):

    def test_manifest_lists_the_layers_in_the_order_given(self):
        entries = [wire.ManifestEntry("features.0", types_pb2.CONV2D, 0, "a", 1, 1728),
                   wire.ManifestEntry("fc1", types_pb2.DENSE, 1, "b", 3, 2_000_000)]
        m = parse(wire.manifest_record(STEP, entries)).manifest
        self.assertEqual(("run-7", 120, 2, {"batch_size": "32"}), (m.run_id, m.step, m.epoch, dict(m.tags)))
        self.assertEqual((1_700_000_000, 123_456_789), (m.wall_time.seconds, m.wall_time.nanos))
        self.assertEqual([("features.0", types_pb2.CONV2D, 0, "a", 1, 1728), ("fc1", types_pb2.DENSE, 1, "b", 3,
                                                                              2_000_000)],
                         [(l.layer, l.kind, l.layer_index, l.snapshot_id, l.chunk_count, l.total_bytes)
                          for l in m.layers])


if __name__ == "__main__":
    unittest.main()
