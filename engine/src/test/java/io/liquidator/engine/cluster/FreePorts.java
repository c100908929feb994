package io.liquidator.engine.cluster;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;

/**
 * What a test that starts real cluster members needs: port blocks that are free now (so its members
 * never collide with another run's) and a fresh directory under {@code target/} (kept afterwards, so
 * the members' logs can be read after a failure).
 */
public final class FreePorts {
    private FreePorts() {
    }

    /** The first base at or after {@code from} (stepping by 100) whose 40 UDP ports all bind now. */
    public static int block(final int from) {
        for (int base = from; base < 60000; base += 100) {
            boolean free = true;
            for (int p = base; p < base + 40 && free; p++) {
                try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("localhost", p))) {
                    free = s.isBound();
                } catch (final IOException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no free port block from " + from);
    }

    /** Empties (or creates) {@code dir}. */
    public static void freshDirectory(final java.nio.file.Path dir) throws IOException {
        if (java.nio.file.Files.exists(dir)) {
            try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.walk(dir)) {
                for (final java.nio.file.Path p
                    : (Iterable<java.nio.file.Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
                    java.nio.file.Files.delete(p);
                }
            }
        }
        java.nio.file.Files.createDirectories(dir);
    }

    /** A free block in a range that depends on this process, so parallel test runs start apart. */
    public static int block() {
        return block(24000 + (int) (ProcessHandle.current().pid() % 50) * 100);
    }
}
