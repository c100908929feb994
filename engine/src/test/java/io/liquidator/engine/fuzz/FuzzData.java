package io.liquidator.engine.fuzz;

/**
 * Choices drawn from a fuzzer's bytes, in order (little-endian), zeros once they run out: the one
 * source of randomness of the fuzz targets, so that Jazzer's coverage-guided mutation of the bytes
 * steers them, and a seeded run is just random bytes.
 */
final class FuzzData {
    private final byte[] data;
    private int at;

    FuzzData(final byte[] data) {
        this.data = data;
    }

    boolean exhausted() {
        return at >= data.length;
    }

    int remaining() {
        return Math.max(0, data.length - at);
    }

    int nextByte() {
        return at < data.length ? data[at++] : 0;
    }

    long nextLong() {
        long v = 0;
        for (int k = 0; k < 8; k++) {
            v |= (nextByte() & 0xFFL) << (8 * k);
        }
        return v;
    }

    int nextInt() {
        return (int) (nextByte() & 0xFF | (nextByte() & 0xFF) << 8 | (nextByte() & 0xFF) << 16 | (nextByte() & 0xFF) << 24);
    }

    /** In [0, bound). */
    int nextInt(final int bound) {
        return Math.floorMod(bound <= 256 ? nextByte() : nextInt(), bound);
    }

    boolean nextBoolean() {
        return (nextByte() & 1) != 0;
    }

    void nextBytes(final byte[] out) {
        for (int k = 0; k < out.length; k++) {
            out[k] = (byte) nextByte();
        }
    }

    /** Garbage and plausible values alike: MIN, MAX, 0, small negatives, anything, or a plausible positive. */
    long value() {
        switch (nextInt(10)) {
            case 0: return Long.MIN_VALUE;
            case 1: return Long.MAX_VALUE;
            case 2: return 0;
            case 3: return -1 - nextInt(1000);
            case 4: return nextLong();
            default: return 1 + Math.floorMod(nextLong(), 1_000_000_000L);
        }
    }

    /** An id-like int: MIN, MAX, -1, or small. */
    int smallInt() {
        switch (nextInt(8)) {
            case 0: return Integer.MIN_VALUE;
            case 1: return Integer.MAX_VALUE;
            case 2: return -1;
            default: return nextInt(4);
        }
    }
}
