package io.esdmon.pipeline.output;

import io.esdmon.proto.DeadLetter;

/**
 * A dead letter and the key it is written under (the rejected record's key).
 */
public record DeadLetterRecord(byte[] key, DeadLetter letter) {
}
