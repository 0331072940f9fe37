package io.esdmon.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Checks and picks TCP ports before a server binds them, so a clash gives a clear message (the
 * broker, and commands that check all their ports before starting anything).
 */
public final class Ports {

    private Ports() {
    }

    /**
     * {@code port} itself after checking it is free, or a free port when it is 0.
     *
     * @throws PortInUseException when it is taken; {@code what} names it in the message
     */
    public static int claim(String host, int port, String what) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
            return socket.getLocalPort();
        } catch (java.net.BindException e) {
            throw new PortInUseException(host, port, what, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind " + what + " " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }
}
