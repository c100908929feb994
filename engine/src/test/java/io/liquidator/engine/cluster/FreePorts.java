package io.liquidator.engine.cluster;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;

/** Cluster port blocks that are free now, so that a test's members never collide with another run's. */
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

    /** A free block in a range that depends on this process, so parallel test runs start apart. */
    public static int block() {
        return block(24000 + (int) (ProcessHandle.current().pid() % 50) * 100);
    }
}
