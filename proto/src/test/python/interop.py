"""Python half of the wire-format interop test (driven by PythonInteropTest.java).

Builds the same messages as WireSamples.java from the same literals with the classes that
publisher/python/generate.sh produced, then for each NAME in the work directory:
  * parses NAME.java.bin (written by Java) and checks it equals the Python-built message, field
    for field, with no field Python does not know;
  * writes the Python-built message to NAME.python.bin for Java to check.
Usage: interop.py GENERATED_DIR WORK_DIR
"""
import struct
import sys

sys.path.insert(0, sys.argv[1])
from google.protobuf import timestamp_pb2  # noqa: E402
from google.protobuf.message import Message  # noqa: E402
from esdmon.v1 import analysis_pb2, deadletter_pb2, phase_pb2, snapshot_pb2, transition_pb2, types_pb2  # noqa: E402

WALL_TIME = timestamp_pb2.Timestamp(seconds=1_700_000_000, nanos=123_456_789)
SNAPSHOT_ID = "5f0c7c1e-7d55-4c3a-9a57-3b1d0c2f9e11"
TENSOR = [1.5, -2.25, 3e-8, 4.0, -5.0, 6.125]


def chunk():
    header = snapshot_pb2.SnapshotHeader(
        snapshot_id=SNAPSHOT_ID,
        layer_step=types_pb2.LayerStep(
            run_id="run-42", step=1200, epoch=3, wall_time=WALL_TIME, layer="features.0.weight",
            kind=types_pb2.DENSE, layer_index=7,
            tags={"batch_size": "32", "learning_rate": "0.001", "model": "MiniAlexNet"}),
        tensor=snapshot_pb2.TensorLayout(shape=[2, 3], dtype=types_pb2.F32),
        total_bytes=24, crc32=0xCBF43926)
    data = struct.pack("<6f", *TENSOR)
    return snapshot_pb2.SnapshotRecord(chunk=snapshot_pb2.LayerSnapshotChunk(
        header=header, chunk_index=1, chunk_count=3, offset=786_432, data=data))


def spectrum_chunk():
    header = snapshot_pb2.SnapshotHeader(
        snapshot_id="s-2",
        layer_step=types_pb2.LayerStep(run_id="run-42", step=5, layer="conv1.weight", kind=types_pb2.CONV2D,
                                       layer_index=-1),
        spectrum=snapshot_pb2.SpectrumLayout(n=64, m=32, rf=9), total_bytes=16, crc32=7)
    return snapshot_pb2.SnapshotRecord(chunk=snapshot_pb2.LayerSnapshotChunk(
        header=header, chunk_index=0, chunk_count=1, offset=0, data=struct.pack("<2d", 0.25, 9.5)))


def manifest():
    return snapshot_pb2.SnapshotRecord(manifest=snapshot_pb2.SnapshotManifest(
        run_id="run-42", step=1200, epoch=3, wall_time=WALL_TIME, tags={"batch_size": "32"},
        layers=[snapshot_pb2.ManifestLayer(layer="features.0.weight", kind=types_pb2.DENSE, layer_index=7,
                                           snapshot_id=SNAPSHOT_ID, chunk_count=3, total_bytes=2_000_000),
                snapshot_pb2.ManifestLayer(layer="conv1.weight", kind=types_pb2.CONV2D, layer_index=0,
                                           snapshot_id="s-2", chunk_count=1, total_bytes=16)]))


def evidence():
    return phase_pb2.Evidence(signal="num_spikes", value=3, relation=">=", threshold=1, threshold_high=0,
                              decisive=True, note="3 eigenvalues beyond the MP edge")


def mp(sigma):
    return analysis_pb2.MarchenkoPastur(sigma_mp=sigma, grid_sigma=sigma * 0.99, bulk_min=0.08, bulk_max=2.9,
                                        num_spikes=3, mp_softrank=0.31, w_scale=1.7, tracy_widom=0.012, success=True)


def analysis():
    return analysis_pb2.LayerAnalysis(
        analysis_id="a1b2c3d4e5f60718293a4b5c6d7e8f90",
        layer_step=types_pb2.LayerStep(run_id="run-42", step=1200, epoch=3, wall_time=WALL_TIME,
                                       layer="features.0.weight", kind=types_pb2.DENSE, layer_index=7,
                                       tags={"batch_size": "32"}),
        snapshot_id=SNAPSHOT_ID, config_id="cfg-0123456789ab",
        analyzed_at=timestamp_pb2.Timestamp(seconds=1_700_000_005, nanos=1), engine_nanos=64_000_000,
        spectrum=analysis_pb2.SpectrumSummary(n=1000, m=500, rf=1, q=2.0, num_evals=500, sv_max=9.75, sv_min=0.5,
                                              eigen_path="GRAM_NATIVE"),
        metrics=analysis_pb2.Metrics(
            power_law=analysis_pb2.PowerLaw(alpha=3.25, xmin=1.5, xmax=95.0625, d=0.0625, sigma=0.125,
                                            num_pl_spikes=41, num_fitted=500, raw_alpha=3.25, num_fingers=0,
                                            success=True, warning=""),
            norms=analysis_pb2.Norms(norm=1234.5, log_norm=3.0915, lambda_max=95.0625, log_spectral_norm=1.978,
                                     alpha_weighted=6.43, log_alpha_norm=6.5, stable_rank=12.98, matrix_rank=500,
                                     entropy=0.91, rank_loss=0, weak_rank_loss=2),
            mp_fit=mp(0.97),
            randomized=analysis_pb2.Randomized(max_rand_eval=3.1, rand_distance=0.42, ww_softrank=0.0326,
                                               ww_maxdist=91.9625, rand_mp_fit=mp(1.01)),
            detx=analysis_pb2.DetX(detx_num=17, detx_val=4.5, detx_val_unrescaled=1.8)),
        phase=phase_pb2.PhaseAssessment(phase="BULK_PLUS_SPIKES", classifier_config_id="phase-v1",
                                        evidence=[evidence()], margin=1.25, rule="SEPARATED_SPIKES"),
        esd=analysis_pb2.EsdHistogram(log10_lo=-3.5, log10_hi=2.0, counts=[0, 17, 400, 83], below=0),
        curves=analysis_pb2.FitCurves(grid=[0.01, 1.0, 100.0], mp_density=[0.0, 0.75, 0.0],
                                      pl_density=[0.0, 0.0, 0.002]))


def skipped_analysis():
    return analysis_pb2.LayerAnalysis(
        analysis_id="ff",
        layer_step=types_pb2.LayerStep(run_id="run-42", step=1, layer="fc3.weight", kind=types_pb2.DENSE),
        config_id="cfg-0123456789ab",
        skipped=analysis_pb2.Skipped(reason="TOO_FEW_EVALS", detail="8 eigenvalues < min_evals 10"))


def transition():
    return transition_pb2.PhaseTransition(
        transition_id="t-1",
        layer_step=types_pb2.LayerStep(run_id="run-42", step=1200, epoch=3, wall_time=WALL_TIME,
                                       layer="features.0.weight", kind=types_pb2.DENSE, layer_index=7,
                                       tags={"model": "MiniAlexNet"}),
        from_phase="RANDOM_LIKE", to_phase="BLEEDING_OUT",
        first_step=1100, last_step_before=1000, evidence=[evidence()],
        analysis_id="a1b2c3d4e5f60718293a4b5c6d7e8f90", config_id="cfg-0123456789ab",
        classifier_config_id="phase-v1", detected_at=timestamp_pb2.Timestamp(seconds=1_700_000_006))


def dead_letter():
    return deadletter_pb2.DeadLetter(
        reason=deadletter_pb2.INCOMPLETE_SNAPSHOT, detail="2 of 3 chunks arrived within 60 s",
        original=deadletter_pb2.RecordCoordinates(topic="esd.snapshots", partition=4, offset=99_001,
                                                  timestamp=WALL_TIME),
        original_key=b"run-42/features.0.weight", payload_size=900_000, payload_prefix=bytes([0x0A, 0x00, 0xFF]),
        payload_sha256="e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        run_id="run-42", layer="features.0.weight", step=1200, snapshot_id=SNAPSHOT_ID, record_count=2,
        stage="reassembly", rejected_at=timestamp_pb2.Timestamp(seconds=1_700_000_070))


SAMPLES = {
    "chunk": (snapshot_pb2.SnapshotRecord, chunk),
    "spectrumChunk": (snapshot_pb2.SnapshotRecord, spectrum_chunk),
    "manifest": (snapshot_pb2.SnapshotRecord, manifest),
    "analysis": (analysis_pb2.LayerAnalysis, analysis),
    "skippedAnalysis": (analysis_pb2.LayerAnalysis, skipped_analysis),
    "transition": (transition_pb2.PhaseTransition, transition),
    "deadLetter": (deadletter_pb2.DeadLetter, dead_letter),
}


def assert_all_known(msg, path):
    """Fails when Java sent a field that the Python classes do not know (schema drift)."""
    if len(msg.UnknownFields()):
        raise AssertionError(f"{path}: fields unknown to the Python classes")
    for field, value in msg.ListFields():
        if field.message_type is None or field.message_type.GetOptions().map_entry:
            continue
        items = value if field.label == field.LABEL_REPEATED else [value]
        for i, item in enumerate(items):
            if isinstance(item, Message):
                assert_all_known(item, f"{path}.{field.name}[{i}]")


def main():
    work = sys.argv[2]
    for name, (cls, build) in SAMPLES.items():
        expected = build()
        with open(f"{work}/{name}.java.bin", "rb") as f:
            parsed = cls.FromString(f.read())
        assert_all_known(parsed, name)
        if parsed != expected:
            raise AssertionError(f"{name}: Java wrote\n{parsed}\nPython expected\n{expected}")
        with open(f"{work}/{name}.python.bin", "wb") as f:
            f.write(expected.SerializeToString())
    # The payload convention itself: little-endian float32, row-major.
    data = chunk().chunk.data
    with open(f"{work}/chunk.java.bin", "rb") as f:
        java_data = snapshot_pb2.SnapshotRecord.FromString(f.read()).chunk.data
    if java_data != data or list(struct.unpack("<6f", java_data)) != [struct.unpack("<f", struct.pack("<f", v))[0]
                                                                       for v in TENSOR]:
        raise AssertionError("tensor bytes are not little-endian float32 in the agreed order")
    print(f"interop ok: {len(SAMPLES)} messages")


if __name__ == "__main__":
    main()
