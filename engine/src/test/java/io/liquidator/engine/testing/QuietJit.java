package io.liquidator.engine.testing;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * For allocation tests: a method the JIT compiles (or deoptimises) during a measured phase can
 * allocate once on the measured thread, so the measurement starts only once compilation has settled.
 */
public final class QuietJit {
    private QuietJit() {
    }

    /** Waits (up to 10 s) until no compilation has finished for 300 ms. */
    public static void await() throws InterruptedException {
        final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            Thread.sleep(1000);
            return;
        }
        final long deadline = System.nanoTime() + 10_000_000_000L;
        long last = jit.getTotalCompilationTime();
        int quiet = 0;
        while (quiet < 6 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            final long now = jit.getTotalCompilationTime();
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
    }
}
