// Test support, no I/O: captures the local stack's log lines.
package io.callhook.local;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The local stack's own log lines, kept for assertions and echoed to standard output. */
final class TestLog {

    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final PrintStream stream;

    TestLog() {
        OutputStream tee = new OutputStream() {
            @Override
            public synchronized void write(int b) {
                kept.write(b);
                System.out.write(b);
            }

            @Override
            public synchronized void write(byte[] bytes, int offset, int length) {
                kept.write(bytes, offset, length);
                System.out.write(bytes, offset, length);
            }
        };
        this.stream = new PrintStream(tee, true, StandardCharsets.UTF_8);
    }

    PrintStream stream() {
        return stream;
    }

    synchronized String text() {
        return kept.toString(StandardCharsets.UTF_8);
    }
}
