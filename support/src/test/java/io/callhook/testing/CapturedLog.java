package io.callhook.testing;

import io.callhook.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The log lines written while it is open ({@code io.callhook.log.Log} writes JSON lines to standard output), each
 * parsed; they are still echoed. Closing it restores standard output. For tests that run one at a time.
 */
public final class CapturedLog implements AutoCloseable {

    private final PrintStream original = System.out;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

    private CapturedLog() {
        OutputStream tee = new OutputStream() {
            @Override
            public synchronized void write(int b) {
                kept.write(b);
                original.write(b);
            }

            @Override
            public synchronized void write(byte[] bytes, int offset, int length) {
                kept.write(bytes, offset, length);
                original.write(bytes, offset, length);
            }
        };
        System.setOut(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    public static CapturedLog start() {
        return new CapturedLog();
    }

    /** The raw text written so far. */
    public synchronized String text() {
        return kept.toString(StandardCharsets.UTF_8);
    }

    /** Every JSON log line written so far, parsed; other output is left out. */
    public List<Map<String, Object>> lines() {
        return text().lines().filter(line -> line.startsWith("{")).map(Json::parseObject).toList();
    }

    /** The lines with this {@code message}. */
    public List<Map<String, Object>> withMessage(String message) {
        return lines().stream().filter(line -> message.equals(line.get("message"))).toList();
    }

    @Override
    public void close() {
        System.out.flush();
        System.setOut(original);
    }
}
