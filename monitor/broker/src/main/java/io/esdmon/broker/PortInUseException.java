package io.esdmon.broker;

/** A port the broker needs is taken by another process. */
public final class PortInUseException extends RuntimeException {

    private final int port;
    private final String what;

    public PortInUseException(String host, int port, String what, Throwable cause) {
        super(what + " " + host + ":" + port + " is already in use (is another broker running?); stop that process"
                + " or choose another port", cause);
        this.port = port;
        this.what = what;
    }

    public int port() {
        return port;
    }

    /** Which port: "port" (clients) or "controller port". */
    public String what() {
        return what;
    }
}
