package io.liquidator.engine.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * The members of a cluster as child processes of this JVM ({@code liquidator cluster-node}, same
 * Java, classpath and JVM flags as this process), so that a test or {@code cluster-replay} can kill
 * the leader with SIGKILL and restart it, as an operator's {@code scripts/cluster} does. Each
 * member's output goes to {@code node-N.log} beside its directory. Who leads is read from the
 * {@code role} file each member's service writes on every role change, trusted only while that
 * member's process is alive.
 */
public final class LocalCluster implements AutoCloseable {
    private final ClusterConfig config;
    private final Path configFile;
    private final List<String> jvmOptions;
    private final Process[] processes;

    public LocalCluster(final ClusterConfig config, final Path configFile, final List<String> extraJvmOptions) {
        this.config = config;
        this.configFile = configFile;
        this.processes = new Process[config.members()];
        final List<String> opts = new ArrayList<>();
        for (final String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // the flags this JVM runs with (add-opens/exports, Chronicle properties; a flag and its value
            // may be two arguments), not its agents, debugger or heap size (the members get their own)
            if (!a.startsWith("-agent") && !a.startsWith("-javaagent") && !a.startsWith("-Xrunjdwp")
                && !a.startsWith("-Xmx") && !a.startsWith("-Xms")) {
                opts.add(a);
            }
        }
        opts.addAll(extraJvmOptions);
        this.jvmOptions = List.copyOf(opts);
        // members must not outlive this process (a test or tool that dies leaves no cluster behind)
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (final Process p : processes) {
                if (p != null) {
                    p.destroyForcibly();
                }
            }
        }, "local-cluster-cleanup"));
    }

    public ClusterConfig config() {
        return config;
    }

    /** Starts every member. */
    public void start() {
        for (int m = 0; m < processes.length; m++) {
            start(m);
        }
    }

    /** Starts (or restarts) member {@code m}. */
    public void start(final int m) {
        final List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.liquidator.engine.cli.LiquidatorCli");
        cmd.add("cluster-node");
        cmd.add("--id");
        cmd.add(Integer.toString(m));
        cmd.add("--config");
        cmd.add(configFile.toAbsolutePath().toString());
        try {
            Files.createDirectories(config.directory());
            final Path log = config.directory().resolve("node-" + m + ".log");
            processes[m] = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot start member " + m, e);
        }
    }

    /** Whether member {@code m}'s process is running. */
    public boolean isAlive(final int m) {
        return processes[m] != null && processes[m].isAlive();
    }

    /**
     * Throws if a member's process has exited (a bad classpath or flag, a port in use): what it
     * printed is in its log, quoted here, rather than a silent wait for an election that cannot happen.
     */
    public void checkStarted() {
        for (int m = 0; m < processes.length; m++) {
            if (processes[m] != null && !processes[m].isAlive()) {
                String tail;
                try {
                    final List<String> lines = Files.readAllLines(config.directory().resolve("node-" + m + ".log"));
                    tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
                } catch (final IOException e) {
                    tail = "(no log: " + e.getMessage() + ")";
                }
                throw new IllegalStateException("member " + m + " exited with " + processes[m].exitValue() + ":\n" + tail);
            }
        }
    }

    /** The member that is leader now, if one is (its role file says so and it is alive). */
    public OptionalInt leader() {
        for (int m = 0; m < processes.length; m++) {
            if (isAlive(m) && "LEADER".equals(role(m).orElse(""))) {
                return OptionalInt.of(m);
            }
        }
        return OptionalInt.empty();
    }

    /**
     * What member {@code m}'s role file says (LEADER, FOLLOWER, CANDIDATE), if its current process
     * wrote it: the file names the writing process, so a file left by a killed predecessor does not count.
     */
    public Optional<String> role(final int m) {
        final Process p = processes[m];
        if (p == null || !p.isAlive()) {
            return Optional.empty();
        }
        try {
            final Path f = config.memberDir(m).resolve("role");
            if (!Files.exists(f)) {
                return Optional.empty();
            }
            final String[] parts = Files.readString(f).trim().split(" ");
            return parts.length == 2 && parts[1].equals(Long.toString(p.pid())) ? Optional.of(parts[0]) : Optional.empty();
        } catch (final IOException e) {
            return Optional.empty();
        }
    }

    /** Kills member {@code m} with SIGKILL and waits for the process to be gone. */
    public void kill(final int m) throws InterruptedException {
        final Process p = processes[m];
        if (p != null) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Waits for a live leader, running {@code whileWaiting} between looks (a client's duty cycle);
     * returns it, or empty after the timeout.
     */
    public OptionalInt awaitLeader(final long timeoutMs, final Runnable whileWaiting) {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadline) {
            final OptionalInt l = leader();
            if (l.isPresent()) {
                return l;
            }
            whileWaiting.run();
            sleep(2);
        }
        return OptionalInt.empty();
    }

    /**
     * The state-hash line member {@code m} wrote for query {@code correlationId}: {@code inputSeq
     * outputSeq hash}, empty until it has applied the query (a restarted member may still be catching up).
     */
    public Optional<String> stateHash(final int m, final long correlationId) {
        final Path f = config.memberDir(m).resolve("state-hash");
        try {
            if (!Files.exists(f)) {
                return Optional.empty();
            }
            final String prefix = correlationId + " ";
            String found = null;
            for (final String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (line.startsWith(prefix)) {
                    found = line.substring(prefix.length()).trim();
                }
            }
            return Optional.ofNullable(found);
        } catch (final IOException e) {
            return Optional.empty();
        }
    }

    /** Stops every member with SIGTERM (their shutdown hooks close the cluster parts), then SIGKILL after 20 s. */
    @Override
    public void close() {
        for (final Process p : processes) {
            if (p != null && p.isAlive()) {
                p.destroy();
            }
        }
        for (final Process p : processes) {
            if (p == null) {
                continue;
            }
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }

    private static void sleep(final long ms) {
        try {
            Thread.sleep(ms);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
