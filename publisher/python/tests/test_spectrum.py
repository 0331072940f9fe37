import unittest

from _deps import require, require_wire

torch = require("torch", "python3-torch")
np = require("numpy", "python3-numpy")
require_wire()
from esdmon_publisher._proto import types_pb2  # noqa: E402
from esdmon_publisher.spectrum import EPS64, eigenvalues, unresolved  # noqa: E402


def with_singular_values(rows, cols, sigmas, seed=0):
    """rows x cols = U diag(sigmas) V^T with random orthonormal U, V: its Gram eigenvalues are sigmas^2."""
    rng = np.random.default_rng(seed)
    k = min(rows, cols)
    u, _ = np.linalg.qr(rng.standard_normal((rows, k)))
    v, _ = np.linalg.qr(rng.standard_normal((cols, k)))
    return (u * np.asarray(sigmas, dtype=np.float64)) @ v.T


class DenseSpectrumTest(unittest.TestCase):

    def test_known_singular_values_tall(self):
        sigmas = np.linspace(0.5, 4.0, 20)
        w = torch.tensor(with_singular_values(50, 20, sigmas))
        s = eigenvalues(w, types_pb2.DENSE)
        self.assertEqual((50, 20, 1), (s.n, s.m, s.rf))
        np.testing.assert_allclose(np.sort(s.evals.numpy()), sigmas ** 2, rtol=1e-12)

    def test_wide_matrices_use_the_smaller_gram(self):
        sigmas = np.linspace(1.0, 3.0, 20)
        w = torch.tensor(with_singular_values(20, 50, sigmas, seed=1))
        s = eigenvalues(w, types_pb2.EMBEDDING)
        self.assertEqual((50, 20, 1), (s.n, s.m, s.rf))
        np.testing.assert_allclose(np.sort(s.evals.numpy()), sigmas ** 2, rtol=1e-12)

    def test_float32_weights_match_numpy_eigvalsh_of_the_float64_gram(self):
        w = torch.randn(64, 30, generator=torch.Generator().manual_seed(5))
        w64 = w.double().numpy()
        expected = np.linalg.eigvalsh(w64.T @ w64)
        np.testing.assert_allclose(np.sort(eigenvalues(w, types_pb2.DENSE).evals.numpy()), expected, rtol=1e-10)

    def test_half_precision_weights_are_widened_exactly(self):
        w = torch.randn(40, 12, generator=torch.Generator().manual_seed(6)).to(torch.bfloat16)
        w64 = w.float().double().numpy()
        np.testing.assert_allclose(np.sort(eigenvalues(w, types_pb2.DENSE).evals.numpy()),
                                   np.linalg.eigvalsh(w64.T @ w64), rtol=1e-10)

    def test_rank_deficient_layers_keep_exact_zeros(self):
        # rank 6 of 10: the Gram route alone leaves ~1e-16*lambda_max noise; the SVD fallback keeps the
        # four missing singular values below the hard-rank threshold sigma_max * N * eps
        sigmas = [0, 0, 0, 0, 1, 2, 3, 4, 5, 6]
        s = eigenvalues(torch.tensor(with_singular_values(40, 10, sigmas, seed=2)), types_pb2.DENSE)
        evals = np.sort(s.evals.numpy())
        sv = np.sqrt(np.clip(evals, 0, None))
        self.assertEqual(6, int(np.sum(sv > sv.max() * 40 * EPS64)))
        np.testing.assert_allclose(evals[4:], np.square(sigmas[4:]), rtol=1e-12)

    def test_eigenvalues_near_the_weak_rank_tolerance_come_from_the_svd(self):
        # lambda_max = 4e4 puts the Gram floor (1e5 * eps * lambda_max = 8.9e-7) just under lambda = 1e-6, the
        # weak-rank tolerance: only the tolerance rule sends this slice to the SVD. The Gram route's absolute
        # error ~eps * lambda_max would be ~1e-5 relative on lambda = 1e-6; the SVD's is ~1e-10.
        sigmas = [1e-3, 1.5e-3, 1, 2, 3, 200]
        w = torch.tensor(with_singular_values(30, 6, sigmas, seed=3))
        gram = torch.linalg.eigvalsh(w.T @ w)
        self.assertGreater(gram[0].item(), 1e5 * EPS64 * gram[-1].item())
        self.assertTrue(unresolved(gram.unsqueeze(0), 1e-6).item())
        self.assertFalse(unresolved(gram.unsqueeze(0), 1e-4).item())
        evals = np.sort(eigenvalues(w, types_pb2.DENSE).evals.numpy())
        np.testing.assert_allclose(evals, np.square(sigmas), rtol=1e-8)

    def test_unresolved_rows(self):
        rows = torch.tensor([[1e-3, 1.0, 2.0],      # well above the floor: trusted
                             [1e-13, 1.0, 2.0],     # below 1e5 * eps * 2 = 4.4e-11: SVD
                             [-1e-16, 1.0, 2.0],    # negative: SVD
                             [0.0, 0.0, 0.0]],      # all zero: SVD
                            dtype=torch.float64)
        self.assertEqual([False, True, True, True], unresolved(rows, 1e-6).tolist())

    def test_payload_is_float64_little_endian(self):
        s = eigenvalues(torch.tensor(with_singular_values(8, 4, [1, 2, 3, 4])), types_pb2.DENSE)
        np.testing.assert_array_equal(s.evals.numpy(), np.frombuffer(s.payload(), dtype="<f8"))


class ConvSpectrumTest(unittest.TestCase):

    def numpy_conv_evals(self, w, scale):
        out_ch, in_ch, kh, kw = w.shape
        pooled = []
        for i in range(kh):
            for j in range(kw):
                pooled.extend(np.linalg.svd(w[:, :, i, j], compute_uv=False) ** 2 * scale)
        return np.sort(pooled)

    def test_slices_are_pooled_and_halved_as_weightwatcher(self):
        w = torch.randn(8, 5, 3, 2, generator=torch.Generator().manual_seed(7), dtype=torch.float64)
        s = eigenvalues(w, types_pb2.CONV2D)
        self.assertEqual((8, 5, 6), (s.n, s.m, s.rf))
        np.testing.assert_allclose(np.sort(s.evals.numpy()), self.numpy_conv_evals(w.numpy(), 0.5), rtol=1e-10)

    def test_without_conv2d_norm_the_eigenvalues_are_not_scaled(self):
        w = torch.randn(3, 7, 3, 3, generator=torch.Generator().manual_seed(8), dtype=torch.float64)
        s = eigenvalues(w, types_pb2.CONV2D, conv2d_norm=False)
        self.assertEqual((7, 3, 9), (s.n, s.m, s.rf))
        np.testing.assert_allclose(np.sort(s.evals.numpy()), self.numpy_conv_evals(w.numpy(), 1.0), rtol=1e-10)

    def test_slice_order_is_i_times_kw_plus_j(self):
        # slice (i, j) is diagonal with entries 10*i + j + 1: its eigenvalues are that number squared (halved)
        w = torch.zeros(2, 2, 2, 3, dtype=torch.float64)
        for i in range(2):
            for j in range(3):
                w[:, :, i, j] = torch.eye(2) * (10 * i + j + 1)
        evals = eigenvalues(w, types_pb2.CONV2D).evals.numpy().reshape(6, 2)
        expected = [0.5 * (10 * i + j + 1) ** 2 for i in range(2) for j in range(3)]
        np.testing.assert_allclose(evals, np.repeat(np.array(expected)[:, None], 2, axis=1), rtol=1e-12)


if __name__ == "__main__":
    unittest.main()
