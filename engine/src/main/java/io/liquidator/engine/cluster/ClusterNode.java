package io.liquidator.engine.cluster;

import io.aeron.ChannelUriStringBuilder;
import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpLock;
import org.agrona.concurrent.ShutdownSignalBarrier;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One cluster member in this process: its own media driver, archive, consensus module and the
 * {@link LiquidatorClusteredService}, in the member's directory ({@code aeron/}, {@code archive/},
 * {@code cluster/}, {@code events/} and the {@code pid}, {@code role} and {@code state-hash} files).
 * The layout follows Aeron's cluster tutorial; what is specific here is that every agent shares one
 * driver thread and idles politely ({@link ClusterConfig.Idle}), so that three members and a client
 * fit on a 2-core machine, and that a member killed with SIGKILL can be restarted at once (its stale
 * mark files are removed when the process that owned them is gone).
 */
public final class ClusterNode implements AutoCloseable {
    private static final String TERM_LENGTH = "4m";
    private static final String LOG_TERM_LENGTH = "16m";

    private final ClusteredMediaDriver driver;
    private final ClusteredServiceContainer container;
    /**
     * SIGTERM/SIGINT and the cluster's own termination both end here. Aeron's consensus module makes
     * one of these by default, and Agrona's barrier takes over the TERM and INT handlers, so the
     * JVM's shutdown hooks never run on SIGTERM; this one is shared and awaited instead.
     */
    private final ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();

    private ClusterNode(final ClusterConfig cluster, final int memberId, final LiquidatorConfig config,
                        final EngineSettings settings, final long fingerprint,
                        final io.liquidator.engine.cluster.shard.ShardMap shards, final int shard) {
        final Path dir = cluster.memberDir(memberId).toAbsolutePath();
        prepare(dir);
        final String aeronDir = dir.resolve("aeron").toString();
        final ErrorHandler errors = t -> {
            System.err.println("member " + memberId + ": " + t);
            t.printStackTrace(System.err);
        };
        final Supplier<IdleStrategy> idle = idleStrategy(cluster.idle());

        final MediaDriver.Context driverContext = new MediaDriver.Context()
            .aeronDirectoryName(aeronDir)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(idle.get())
            .termBufferSparseFile(true)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .errorHandler(errors);

        final Archive.Context archiveContext = new Archive.Context()
            .aeronDirectoryName(aeronDir)
            .archiveDir(dir.resolve("archive").toFile())
            .controlChannel(udp(cluster.endpoint(memberId, ClusterConfig.ARCHIVE_CONTROL)))
            .localControlChannel("aeron:ipc?term-length=64k")
            .replicationChannel("aeron:udp?endpoint=" + cluster.host() + ":0")
            .recordingEventsEnabled(false)
            .threadingMode(ArchiveThreadingMode.SHARED)
            .idleStrategySupplier(idle)
            .archiveId(memberId)
            .errorHandler(errors);

        final AeronArchive.Context archiveClient = new AeronArchive.Context()
            .lock(NoOpLock.INSTANCE)
            .controlRequestChannel(archiveContext.localControlChannel())
            .controlRequestStreamId(archiveContext.localControlStreamId())
            .controlResponseChannel(archiveContext.localControlChannel())
            .aeronDirectoryName(aeronDir);

        final long heartbeatNs = TimeUnit.MILLISECONDS.toNanos(cluster.heartbeatTimeoutMs());
        final ConsensusModule.Context consensus = new ConsensusModule.Context()
            .clusterMemberId(memberId)
            .clusterMembers(cluster.clusterMembers())
            .clusterDir(dir.resolve("cluster").toFile())
            .aeronDirectoryName(aeronDir)
            .ingressChannel("aeron:udp?term-length=" + TERM_LENGTH)
            .logChannel(new ChannelUriStringBuilder().media("udp").termLength(16 * 1024 * 1024)
                .controlMode("manual").controlEndpoint(cluster.endpoint(memberId, ClusterConfig.LOG_CONTROL)).build())
            .replicationChannel("aeron:udp?endpoint=" + cluster.host() + ":0")
            .archiveContext(archiveClient.clone())
            .leaderHeartbeatTimeoutNs(heartbeatNs)
            .leaderHeartbeatIntervalNs(Math.max(TimeUnit.MILLISECONDS.toNanos(20), heartbeatNs / 20))
            .startupCanvassTimeoutNs(Math.max(TimeUnit.SECONDS.toNanos(5), 2 * heartbeatNs))
            .idleStrategySupplier(idle)
            .terminationHook(barrier::signalAll)
            .shutdownSignalBarrier(barrier)
            .errorHandler(errors);

        this.driver = ClusteredMediaDriver.launch(driverContext, archiveContext, consensus);
        try {
            final LiquidatorClusteredService service =
                new LiquidatorClusteredService(config, settings, fingerprint, dir, memberId, shards, shard);
            this.container = ClusteredServiceContainer.launch(new ClusteredServiceContainer.Context()
                .aeronDirectoryName(aeronDir)
                .archiveContext(archiveClient.clone())
                .clusterDir(dir.resolve("cluster").toFile())
                .clusteredService(service)
                .idleStrategySupplier(idle)
                .terminationHook(barrier::signalAll)
                .shutdownSignalBarrier(barrier)
                .errorHandler(errors));
        } catch (final RuntimeException e) {
            CloseHelper.quietClose(driver);
            throw e;
        }
    }

    /**
     * Launches member {@code memberId} of {@code cluster} running {@code config} under {@code settings}:
     * the whole configuration, or, when the cluster file names a {@code shard}, that shard of the
     * configuration's {@code shards:} list (inputs of other shards are refused; the shard's name is
     * part of the snapshot fingerprint, so one shard's snapshot never restores into another).
     */
    public static ClusterNode launch(final ClusterConfig cluster, final int memberId, final LiquidatorConfig config,
                                     final EngineSettings settings, final long fingerprint) {
        if (memberId < 0 || memberId >= cluster.members()) {
            throw new IllegalArgumentException("member id " + memberId + " is not in 0.." + (cluster.members() - 1));
        }
        if (cluster.shard() == null) {
            return new ClusterNode(cluster, memberId, config, settings, fingerprint, null, -1);
        }
        final io.liquidator.engine.cluster.shard.ShardMap shards = io.liquidator.engine.cluster.shard.ShardMap.of(config);
        final int shard = shards.indexOf(cluster.shard());
        if (shard < 0) {
            throw new IllegalArgumentException("the cluster file names shard '" + cluster.shard()
                + "', which the engine configuration's shards: list does not have:\n" + shards.describe());
        }
        long shardFingerprint = fingerprint;
        for (final char c : cluster.shard().toCharArray()) {
            shardFingerprint = 31 * shardFingerprint + c;
        }
        return new ClusterNode(cluster, memberId, config, settings, shardFingerprint, shards, shard);
    }

    /** Waits for SIGTERM/SIGINT or the cluster terminating this member (an orderly cluster shutdown). */
    public void awaitShutdown() {
        barrier.await();
    }

    @Override
    public void close() {
        CloseHelper.closeAll(container, driver);
    }

    static Supplier<IdleStrategy> idleStrategy(final ClusterConfig.Idle idle) {
        switch (idle) {
            case BUSY_SPIN:
                return BusySpinIdleStrategy::new;
            case SLEEPING:
                return () -> new SleepingMillisIdleStrategy(1);
            default:
                // a few spins and yields for bursts, then parks growing to 1 ms: near-zero CPU when idle
                return () -> new BackoffIdleStrategy(10, 10, TimeUnit.MICROSECONDS.toNanos(1),
                    TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private static String udp(final String endpoint) {
        return new ChannelUriStringBuilder().media("udp").termLength(64 * 1024).endpoint(endpoint).build();
    }

    /**
     * Creates the member's directory and, when the process that last ran this member is gone (killed),
     * removes its mark files: Aeron refuses to start for 10 s over a mark file that looks alive, and a
     * dead owner's cannot be. The log, the archive and the recording log are kept: they are the member.
     */
    private static void prepare(final Path dir) {
        try {
            Files.createDirectories(dir);
            final Path pidFile = dir.resolve("pid");
            if (Files.exists(pidFile)) {
                final long pid = Long.parseLong(Files.readString(pidFile).trim());
                final boolean alive = pid != ProcessHandle.current().pid()
                    && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                if (alive) {
                    throw new IllegalStateException("member directory " + dir + " is in use by process " + pid);
                }
                for (final String mark : new String[] {"cluster/cluster-mark.dat", "cluster/cluster-mark-service-0.dat",
                    "archive/archive-mark.dat"}) {
                    Files.deleteIfExists(dir.resolve(mark));
                }
            }
            Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
            Files.deleteIfExists(dir.resolve("role"));
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot prepare member directory " + dir, e);
        } catch (final NumberFormatException e) {
            throw new IllegalStateException("unreadable pid file in " + dir, e);
        }
    }
}
