"""The protobuf classes of esdmon's wire format, generated from proto/ on first import.

The *_pb2.py files are not committed: publisher/python/generate.sh builds them from the .proto files
with Debian's protoc. This module runs it when the generated files are missing or were generated
from other .proto contents (a SHA-256 of the schemas is kept next to them), so a fresh clone needs
no manual step. Generation writes to a temporary directory and renames it into place under a file
lock, so concurrent first imports do not see half-written files.

ESDMON_PROTO_GENERATED=DIR uses DIR (output of generate.sh DIR) as it is, without any check.
"""
import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

_HERE = Path(__file__).resolve().parent
_PUBLISHER = _HERE.parent
_GENERATE = _PUBLISHER / "generate.sh"
_SCHEMAS = _PUBLISHER.parent.parent / "proto" / "src" / "main" / "proto"
_STAMP = ".proto-sha256"


class ProtoSetupError(ImportError):
    """The wire-format classes could not be generated or imported; the message says what to do."""


def schema_digest(schemas: Path = _SCHEMAS) -> str:
    """SHA-256 over the names and contents of every .proto file under ``schemas``."""
    sha = hashlib.sha256()
    for f in sorted(schemas.rglob("*.proto")):
        sha.update(f.relative_to(schemas).as_posix().encode())
        sha.update(b"\0")
        sha.update(f.read_bytes())
        sha.update(b"\0")
    return sha.hexdigest()


def _candidate_dirs():
    yield _PUBLISHER / "generated"
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    yield cache / "esdmon-publisher" / "generated"


def _is_current(out: Path, digest: str) -> bool:
    stamp = out / _STAMP
    return stamp.is_file() and stamp.read_text().strip() == digest and (out / "esdmon" / "v1").is_dir()


def _generate(out: Path, digest: str) -> None:
    if shutil.which("protoc") is None:
        raise ProtoSetupError("esdmon_publisher needs protoc to generate its protobuf classes; install it with "
                              "'apt-get install protobuf-compiler libprotobuf-dev python3-protobuf'")
    out.mkdir(parents=True, exist_ok=True)
    with open(out / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _is_current(out, digest):
            return
        with tempfile.TemporaryDirectory(dir=out, prefix=".gen-") as tmp:
            run = subprocess.run(["bash", str(_GENERATE), tmp], capture_output=True, text=True)
            if run.returncode != 0:
                raise ProtoSetupError(f"{_GENERATE} failed (exit {run.returncode}): {run.stderr.strip()}")
            old = out / "esdmon"
            if old.exists():
                shutil.rmtree(old)
            os.rename(Path(tmp) / "esdmon", old)
        (out / _STAMP).write_text(digest + "\n")


def generated_dir() -> Path:
    """A directory holding esdmon/v1/*_pb2.py for the current schemas, generating it if needed."""
    override = os.environ.get("ESDMON_PROTO_GENERATED")
    if override:
        return Path(override)
    if not _SCHEMAS.is_dir():
        raise ProtoSetupError(f"the .proto schemas are not at {_SCHEMAS}; use esdmon_publisher from its place in "
                              "the esdmon repository, or run publisher/python/generate.sh DIR there and set "
                              "ESDMON_PROTO_GENERATED=DIR")
    digest = schema_digest()
    failures = []
    for out in _candidate_dirs():
        if _is_current(out, digest):
            return out
        try:
            _generate(out, digest)
            return out
        except OSError as e:  # not writable: try the next place
            failures.append(f"{out}: {e}")
    raise ProtoSetupError("could not write the generated protobuf classes anywhere: " + "; ".join(failures))


def _load():
    path = str(generated_dir())
    if path not in sys.path:
        sys.path.insert(0, path)
    try:
        from google.protobuf import timestamp_pb2
        from esdmon.v1 import snapshot_pb2, types_pb2
    except ImportError as e:
        raise ProtoSetupError(f"cannot import the generated classes from {path}: {e}; is python3-protobuf "
                              "installed (apt-get install python3-protobuf)?") from e
    return snapshot_pb2, timestamp_pb2, types_pb2


snapshot_pb2, timestamp_pb2, types_pb2 = _load()
