import struct
import unittest
import warnings

from _deps import require, require_wire

torch = require("torch", "python3-torch")
np = require("numpy", "python3-numpy")
require_wire()
from torch import nn  # noqa: E402

from esdmon_publisher._proto import types_pb2  # noqa: E402
from esdmon_publisher.layers import find_layers, tensor_bytes, wire_dtype  # noqa: E402


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(50, 8)
        self.features = nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(), nn.Conv2d(4, 6, 3))
        self.norm = nn.LayerNorm(8)
        self.fc1 = nn.Linear(8, 16)
        self.head = nn.Sequential(nn.Linear(16, 2000))


class FindLayersTest(unittest.TestCase):

    def test_linear_conv_and_embedding_in_model_order_with_module_names(self):
        found = find_layers(Net())
        self.assertEqual([("emb", types_pb2.EMBEDDING, 0), ("features.0", types_pb2.CONV2D, 1),
                          ("features.2", types_pb2.CONV2D, 2), ("fc1", types_pb2.DENSE, 3),
                          ("head.0", types_pb2.DENSE, 4)],
                         [(l.name, l.kind, l.index) for l in found])
        self.assertFalse(any(l.spectrum_only for l in found))

    def test_a_bare_layer_is_named_after_its_class(self):
        self.assertEqual(["Linear"], [l.name for l in find_layers(nn.Linear(3, 2))])

    def test_spectrum_only_by_size_names_predicate_or_all(self):
        def spectral(selector):
            return [l.name for l in find_layers(Net(), spectrum_only=selector) if l.spectrum_only]
        self.assertEqual(["head.0"], spectral(16 * 2000))
        self.assertEqual([], spectral(16 * 2000 + 1))
        self.assertEqual(["emb", "fc1"], spectral({"fc1", "emb"}))
        self.assertEqual(["features.0", "features.2"], spectral(lambda name, m: isinstance(m, nn.Conv2d)))
        self.assertEqual(["emb", "features.0", "features.2", "fc1", "head.0"], spectral(True))
        self.assertEqual([], spectral(False))

    def test_layers_filter_renumbers_the_watched_layers(self):
        found = find_layers(Net(), layers=["fc1", "features.2"])
        self.assertEqual([("features.2", 0), ("fc1", 1)], [(l.name, l.index) for l in found])

    def test_unknown_names_are_refused_with_the_available_ones(self):
        with self.assertRaisesRegex(ValueError, r"\['fc9'\].*'emb', 'features.0'"):
            find_layers(Net(), spectrum_only=["fc9"])
        with self.assertRaisesRegex(ValueError, "collection of layer names"):
            find_layers(Net(), layers="fc1")
        with self.assertRaisesRegex(ValueError, ">= 1"):
            find_layers(Net(), spectrum_only=0)

    def test_models_without_publishable_layers_are_refused(self):
        with self.assertRaisesRegex(ValueError, "nothing to watch"):
            find_layers(nn.Sequential(nn.ReLU(), nn.LayerNorm(3)))
        with self.assertRaisesRegex(ValueError, "torch.nn.Module"):
            find_layers("model")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # torch's note that lazy modules are new
            lazy = nn.LazyLinear(3)
        with self.assertRaisesRegex(ValueError, "first forward pass"):
            find_layers(lazy)
        with self.assertRaisesRegex(ValueError, "complex64 is not published"):
            find_layers(nn.Linear(3, 2, dtype=torch.complex64))


class DTypeTest(unittest.TestCase):
    """Known bit patterns of each dtype, little-endian, row-major."""

    VALUES = [1.0, -2.0, 0.5, 3.140625]

    def check(self, dtype, wire, expected: bytes):
        t = torch.tensor(self.VALUES, dtype=dtype).reshape(2, 2)
        self.assertEqual(wire, wire_dtype(t))
        self.assertEqual(expected, tensor_bytes(t))

    def test_float32_and_float64(self):
        self.check(torch.float32, types_pb2.F32, struct.pack("<4f", *self.VALUES))
        self.check(torch.float64, types_pb2.F64, struct.pack("<4d", *self.VALUES))

    def test_float16_raw_bits(self):
        # binary16: 1.0 = 0x3C00, -2.0 = 0xC000, 0.5 = 0x3800, 3.140625 = 0x4248
        self.check(torch.float16, types_pb2.F16, struct.pack("<4H", 0x3C00, 0xC000, 0x3800, 0x4248))

    def test_bfloat16_raw_bits(self):
        # bfloat16 is the upper half of binary32: 1.0 = 0x3F80, -2.0 = 0xC000, 0.5 = 0x3F00, 3.140625 = 0x4049
        self.check(torch.bfloat16, types_pb2.BF16, struct.pack("<4H", 0x3F80, 0xC000, 0x3F00, 0x4049))

    def test_bfloat16_widens_to_the_same_float32_values(self):
        t = torch.randn(7, 5, generator=torch.Generator().manual_seed(3)).to(torch.bfloat16)
        bits = np.frombuffer(tensor_bytes(t), dtype="<u2").astype(np.uint32) << 16
        np.testing.assert_array_equal(t.float().numpy().ravel(), bits.view(np.float32))

    def test_float16_reads_back_with_numpy(self):
        t = torch.randn(4, 6, generator=torch.Generator().manual_seed(4)).half()
        np.testing.assert_array_equal(t.numpy().ravel(), np.frombuffer(tensor_bytes(t), dtype="<f2"))

    def test_transposed_views_travel_in_row_major_order(self):
        base = torch.arange(6, dtype=torch.float32).reshape(2, 3)
        view = base.t()  # 3 x 2, not contiguous: [[0, 3], [1, 4], [2, 5]]
        self.assertEqual(struct.pack("<6f", 0, 3, 1, 4, 2, 5), tensor_bytes(view))

    def test_other_dtypes_are_refused(self):
        with self.assertRaisesRegex(ValueError, "torch.int8 is not published"):
            tensor_bytes(torch.zeros(2, 2, dtype=torch.int8))


if __name__ == "__main__":
    unittest.main()
