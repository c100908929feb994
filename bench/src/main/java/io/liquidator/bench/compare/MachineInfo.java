package io.liquidator.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * What a figure was measured on, printed above the figures so that a pasted table carries it: the
 * cores the JVM sees, OS and architecture, the CPU model when {@code /proc/cpuinfo} is readable, the
 * JDK, the heap, the date and the command line.
 */
record MachineInfo(int cores, String os, String cpu, String jdk, long maxHeapBytes, String date, String command) {

    static MachineInfo current(final String command) {
        return new MachineInfo(Runtime.getRuntime().availableProcessors(),
            System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
            cpuModel(),
            System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
            Runtime.getRuntime().maxMemory(),
            ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
            command);
    }

    private static String cpuModel() {
        try {
            final List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (final String line : lines) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
            return "unknown (no model name in /proc/cpuinfo)";
        } catch (final IOException | RuntimeException e) {
            return "unknown (/proc/cpuinfo not readable)";
        }
    }
}
