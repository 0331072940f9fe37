package io.esdmon.formats;

import java.io.IOException;

/**
 * A weight file that cannot be read: corrupt, truncated, or holding data esdmon does not analyze.
 * The message says what is wrong and, where there is one, what to do; it does not repeat the file
 * name, which callers print in front of it.
 */
public class WeightFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public WeightFormatException(String message) {
        super(message);
    }

    public WeightFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
