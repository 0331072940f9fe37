import unittest

from _deps import require, require_wire

require("confluent_kafka", "python3-confluent-kafka")
require_wire()
from esdmon_publisher.sink import PRODUCER_DEFAULTS, KafkaSink, login_failure  # noqa: E402


class KafkaSinkTest(unittest.TestCase):
    """Settings only; publishing to a real broker is checked by the Maven integration test
    (publisher/python/src/test/java/.../TorchPublisherTest.java)."""

    def test_records_are_partitioned_as_javas_default_partitioner(self):
        self.assertEqual("murmur2_random", PRODUCER_DEFAULTS["partitioner"])
        self.assertEqual("all", PRODUCER_DEFAULTS["acks"])

    def test_bad_settings_are_refused_with_the_reason(self):
        with self.assertRaisesRegex(ValueError, "host:port"):
            KafkaSink("", "esd.snapshots")
        with self.assertRaisesRegex(ValueError, "topic"):
            KafkaSink("localhost:1", "")
        with self.assertRaisesRegex(ValueError, "no.such.setting"):
            KafkaSink("localhost:1", "esd.snapshots", {"no.such.setting": 1})

    def test_a_login_failure_names_user_and_mechanism_but_not_the_password(self):
        config = {"security.protocol": "SASL_SSL", "sasl.mechanism": "SCRAM-SHA-512", "sasl.username": "trainer",
                  "sasl.password": "s3cret"}
        line = login_failure("kafka:9093", config, "SASL authentication error: invalid credentials", tls=False)
        self.assertIn('Kafka at kafka:9093 rejected the login (security.protocol SASL_SSL, sasl.mechanism '
                      'SCRAM-SHA-512, user "trainer")', line)
        self.assertNotIn("s3cret", line)
        tls = login_failure("kafka:9093", {"security.protocol": "SSL"}, "certificate verify failed", tls=True)
        self.assertIn("TLS handshake with Kafka at kafka:9093", tls)
        self.assertIn("ssl.ca.location", tls)

    def test_nothing_to_send_closes_at_once(self):
        sink = KafkaSink("localhost:1", "esd.snapshots", {"linger.ms": 1})
        self.assertEqual(0, sink.close(0.5))


if __name__ == "__main__":
    unittest.main()
