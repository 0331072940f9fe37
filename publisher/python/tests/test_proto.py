import shutil
import tempfile
import unittest
from pathlib import Path

from _deps import require_wire

require_wire()
from esdmon_publisher import _proto  # noqa: E402


class GeneratedClassesTest(unittest.TestCase):
    """A fresh clone has no generated classes: the first import must build them from proto/."""

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp)

    def test_generation_into_an_empty_directory_and_its_stamp(self):
        out = self.tmp / "generated"
        digest = _proto.schema_digest()
        self.assertFalse(_proto._is_current(out, digest))
        _proto._generate(out, digest)
        self.assertTrue((out / "esdmon" / "v1" / "snapshot_pb2.py").is_file())
        self.assertTrue(_proto._is_current(out, digest))
        self.assertFalse(_proto._is_current(out, "0" * 64), "other schemas must regenerate")

    def test_the_digest_follows_the_schema_contents(self):
        schemas = self.tmp / "proto"
        shutil.copytree(_proto._SCHEMAS, schemas)
        before = _proto.schema_digest(schemas)
        self.assertEqual(before, _proto.schema_digest(_proto._SCHEMAS))
        types = schemas / "esdmon" / "v1" / "types.proto"
        types.write_text(types.read_text() + "\n// a comment\n")
        self.assertNotEqual(before, _proto.schema_digest(schemas))


if __name__ == "__main__":
    unittest.main()
