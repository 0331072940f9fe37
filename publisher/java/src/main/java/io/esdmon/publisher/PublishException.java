package io.esdmon.publisher;

/** A snapshot or manifest was not acknowledged by the broker; the message names what and why. */
public final class PublishException extends RuntimeException {

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
