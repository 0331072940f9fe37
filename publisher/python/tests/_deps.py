"""Imports the Debian packages the tests need: a missing one skips the test module on a developer
machine and fails it in CI (CI=true), so CI never passes by skipping."""
import importlib
import os
import sys
import unittest

# the package under test lives next to this directory
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def require(module: str, debian_package: str):
    try:
        return importlib.import_module(module)
    except ImportError as e:
        message = (f"cannot import {module} ({e}); install it with 'apt-get install {debian_package}' and run the "
                   f"tests with /usr/bin/python3 (running {sys.executable})")
        if os.environ.get("CI") == "true":
            raise ImportError("CI=true, so this is a failure: " + message) from e
        raise unittest.SkipTest(message)


def require_wire():
    """The esdmon_publisher.wire module, whose import generates the protobuf classes with protoc."""
    require("google.protobuf", "python3-protobuf")
    try:
        return importlib.import_module("esdmon_publisher.wire")
    except ImportError as e:
        if "protoc" in str(e) and os.environ.get("CI") != "true":
            raise unittest.SkipTest(str(e))
        raise
