"""Where records go: a Kafka producer (Debian's python3-confluent-kafka, librdkafka) behind a small interface."""
import logging
from typing import Callable, Mapping, Optional

log = logging.getLogger("esdmon_publisher")

#: Called once per record with None when the broker acknowledged it, else a description of the failure.
DeliveryCallback = Callable[[Optional[str]], None]

#: Producer settings that make the records land where the Java publisher's would.
PRODUCER_DEFAULTS = {
    # Java's default partitioner (murmur2 of the key): a layer's snapshots share the partition number of
    # its analyses, which the monitor relies on. librdkafka's own default (CRC32) would not.
    "partitioner": "murmur2_random",
    "acks": "all",
    "enable.idempotence": True,
    # Java's delivery.timeout.ms: a record not acknowledged within 2 minutes is reported as failed.
    "message.timeout.ms": 120_000,
    "linger.ms": 5,
    "client.id": "esdmon-publisher-python",
}


class KafkaLoginError(RuntimeError):
    """The broker refused the producer's credentials (SASL) or the TLS handshake failed; retrying cannot help."""


def login_failure(bootstrap: str, config: Mapping, error: str, tls: bool) -> str:
    """One line saying which listener, mechanism and user failed and what to check; never the password."""
    protocol = config.get("security.protocol", "plaintext")
    if tls:
        return (f"the TLS handshake with Kafka at {bootstrap} (security.protocol {protocol}) failed: {error}. "
                "Check ssl.ca.location (the CA that signed the broker's certificate) and that the certificate "
                "names the host in bootstrap.servers.")
    mechanism = config.get("sasl.mechanism", config.get("sasl.mechanisms", "GSSAPI"))
    user = config.get("sasl.username")
    who = f'user "{user}"' if user else "no sasl.username"
    return (f"Kafka at {bootstrap} rejected the login (security.protocol {protocol}, sasl.mechanism {mechanism}, "
            f"{who}): {error}. Check sasl.username and sasl.password, that the broker has that user for "
            f"{mechanism}, and that this listener enables {mechanism}.")


class Sink:
    """The interface the publisher's sender thread uses; only that thread calls it."""

    def send(self, key: bytes, value: bytes, on_delivery: DeliveryCallback) -> None:
        """Hands a record over; may wait while the client's buffer is full. Raises when it cannot be queued."""
        raise NotImplementedError

    def poll(self, timeout: float) -> None:
        """Serves delivery callbacks, waiting at most ``timeout`` seconds for one."""
        raise NotImplementedError

    def close(self, timeout: float) -> int:
        """Waits up to ``timeout`` seconds for outstanding records; returns how many are still undelivered."""
        raise NotImplementedError


class KafkaSink(Sink):
    """Produces to one topic with confluent-kafka; ``config`` overrides PRODUCER_DEFAULTS (librdkafka names)."""

    def __init__(self, bootstrap: str, topic: str, config: Optional[Mapping] = None):
        try:
            from confluent_kafka import KafkaError, KafkaException, Producer
        except ImportError as e:
            raise ImportError("esdmon_publisher needs the Kafka client confluent-kafka; install it with "
                              "'apt-get install python3-confluent-kafka' and run with /usr/bin/python3") from e
        if not isinstance(bootstrap, str) or not bootstrap:
            raise ValueError(f"bootstrap must be 'host:port[,host:port...]', got {bootstrap!r}")
        if not isinstance(topic, str) or not topic:
            raise ValueError(f"topic must be a non-empty string, got {topic!r}")
        conf = dict(PRODUCER_DEFAULTS)
        conf.update(config or {})
        conf["bootstrap.servers"] = bootstrap
        conf["error_cb"] = self._client_error
        conf.setdefault("logger", logging.getLogger("esdmon_publisher.kafka"))  # librdkafka's own log lines
        try:
            self._producer = Producer(conf)
        except KafkaException as e:
            raise ValueError(f"the Kafka producer rejected its configuration: {e}") from e
        self._topic = topic
        self._bootstrap = bootstrap
        self._config = {k: v for k, v in conf.items() if isinstance(v, (str, int, bool))}
        self._login_codes = {KafkaError._AUTHENTICATION: False, KafkaError._SSL: True}
        #: set when the broker refused the login: records fail at once instead of after message.timeout.ms
        self.login_failure: Optional[str] = None

    def _client_error(self, err) -> None:
        if err.code() in self._login_codes:
            if self.login_failure is None:
                self.login_failure = login_failure(self._bootstrap, self._config, err.str(),
                                                   self._login_codes[err.code()])
                log.error("esdmon: %s", self.login_failure)
                self._producer.purge()  # queued records are reported failed now, with the reason below
            return
        # connection trouble: librdkafka keeps retrying and reports the records that finally fail
        log.warning("esdmon: Kafka client (%s): %s", self._bootstrap, err)

    def send(self, key: bytes, value: bytes, on_delivery: DeliveryCallback) -> None:
        if self.login_failure is not None:
            raise KafkaLoginError(self.login_failure)

        def report(err, _msg):
            if err is None:
                on_delivery(None)
            else:
                on_delivery(self.login_failure or f"{err.str()} ({err.name()})")

        while True:
            try:
                self._producer.produce(self._topic, value=value, key=key, on_delivery=report)
                return
            except BufferError:  # librdkafka's queue is full: serve deliveries to make room
                self._producer.poll(0.1)

    def poll(self, timeout: float) -> None:
        self._producer.poll(timeout)

    def close(self, timeout: float) -> int:
        return self._producer.flush(timeout)
