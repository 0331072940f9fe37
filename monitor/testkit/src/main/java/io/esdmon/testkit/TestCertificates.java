package io.esdmon.testkit;

import io.esdmon.broker.BrokerSecurity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost} / 127.0.0.1 made with the JDK's keytool: the
 * broker's key store, a client trust store holding the certificate, and the certificate as PEM (for
 * librdkafka's {@code ssl.ca.location}).
 *
 * @param keyStore   the broker's PKCS12 key store
 * @param trustStore PKCS12 trust store with the certificate, same password
 * @param caPem      the certificate, PEM
 * @param password   password of both stores
 */
public record TestCertificates(BrokerSecurity.KeyStore keyStore, Path trustStore, Path caPem, String password) {

    /** Generates the files in {@code dir} (valid for two days). */
    public static TestCertificates generate(Path dir, String password) {
        Path ks = dir.resolve("broker.p12");
        Path ts = dir.resolve("truststore.p12");
        Path pem = dir.resolve("ca.pem");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", ks.toString(),
                "-storetype", "PKCS12", "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", ks.toString(), "-storetype", "PKCS12",
                "-storepass", password, "-file", pem.toString());
        keytool("-importcert", "-noprompt", "-alias", "esdmon-test-ca", "-file", pem.toString(), "-keystore",
                ts.toString(), "-storetype", "PKCS12", "-storepass", password);
        return new TestCertificates(new BrokerSecurity.KeyStore(ks, password), ts, pem, password);
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool from " + System.getProperty("java.home")
                    + " (a JDK is needed, not a JRE): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}
