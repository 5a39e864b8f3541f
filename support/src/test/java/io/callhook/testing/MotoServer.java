package io.callhook.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A moto_server (moto's AWS emulator, Apache-2.0) started by a test on 127.0.0.1 and a free port, for the AWS
 * services the project's engine does not have (EventBridge rules, SQS); where Docker runs, LocalStack does the
 * same. {@link #start()} returns once the server says it is listening; {@link #close()} stops it.
 */
public final class MotoServer implements AutoCloseable {

    private final Process process;
    private final URI endpoint;

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** Whether {@code moto_server} is on the PATH. */
    public static boolean installed() {
        try {
            Process help = new ProcessBuilder("moto_server", "-h").redirectErrorStream(true).start();
            help.getInputStream().transferTo(OutputStream.nullOutputStream());
            return help.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public static MotoServer start() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Process process = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String listening = "Running on http://127.0.0.1:" + port;
        List<String> seen = new ArrayList<>();
        String line;
        while ((line = output.readLine()) != null) {
            seen.add(line);
            if (line.contains(listening)) {
                Thread drain = new Thread(() -> {
                    try {
                        output.transferTo(Writer.nullWriter());
                    } catch (IOException e) {
                        // the server stopped
                    }
                }, "moto_server output");
                drain.setDaemon(true);
                drain.start();
                return new MotoServer(process, URI.create("http://127.0.0.1:" + port));
            }
        }
        process.destroyForcibly();
        throw new IOException("moto_server stopped before listening on port " + port + ": " + seen);
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
