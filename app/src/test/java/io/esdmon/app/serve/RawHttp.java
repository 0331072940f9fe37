package io.esdmon.app.serve;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP/1.1 written by hand over a socket, for what {@link java.net.http.HttpClient} will not send:
 * any Host header, malformed paths, connections that send nothing.
 */
final class RawHttp {

    private RawHttp() {
    }

    /** Sends {@code GET path} with {@code Host: host} and {@code Connection: close}; returns the whole answer. */
    static String get(int port, String path, String host) throws IOException {
        try (Socket s = connect(port)) {
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** The status code of an answer {@link #get} returned. */
    static int status(String answer) {
        return Integer.parseInt(answer.substring(9, 12));
    }

    static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(30_000);
        return s;
    }

    static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /**
     * How long until the server closes {@code s} (reads end), or null when it is still open after
     * {@code within}; whatever the server sent meanwhile is skipped.
     */
    static Duration closedWithin(Socket s, Duration within) throws IOException {
        long start = System.nanoTime();
        s.setSoTimeout((int) within.toMillis());
        InputStream in = s.getInputStream();
        try {
            while (in.read() >= 0) {
                if (System.nanoTime() - start > within.toNanos()) {
                    return null;
                }
            }
            return Duration.ofNanos(System.nanoTime() - start);
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            return Duration.ofNanos(System.nanoTime() - start); // reset by the server
        }
    }
}
