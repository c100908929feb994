package io.liquidator.engine.cli;

import io.liquidator.engine.app.EngineSession;
import io.liquidator.engine.cluster.ClusterConfig;
import io.liquidator.engine.cluster.ClusterNode;
import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code liquidator cluster-node --id N --config FILE}: one member of a liquidator cluster in this
 * process (see {@link ClusterNode}); runs until the cluster shuts it down, or SIGTERM/SIGINT.
 * {@code scripts/cluster} starts three of these.
 */
@Command(name = "cluster-node", mixinStandardHelpOptions = true,
    description = {"Runs one member of a liquidator cluster (Aeron Cluster: its own media driver, archive,",
        "consensus module and the engine as the clustered service). The cluster file names the engine",
        "configuration, the members' loopback ports and directories (see scripts/cluster.yaml)."})
public final class ClusterNodeCommand implements Callable<Integer> {
    @Option(names = "--id", required = true, paramLabel = "N", description = "This member's id (0-based).")
    private int id;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The cluster file (YAML).")
    private Path config;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        final ClusterConfig cluster;
        try {
            cluster = ClusterConfig.load(config);
        } catch (final IllegalArgumentException e) {
            throw new InputException(e.getMessage());
        }
        final LiquidatorConfig engineConfig = cluster.engineConfigPath() == null
            ? LiquidatorConfig.bundledDefault() : LiquidatorConfig.load(cluster.engineConfigPath());
        final EngineSettings settings = EngineOptions.settingsOf(engineConfig, cluster.insuranceFund());
        final PrintWriter out = spec.commandLine().getOut();
        final ClusterNode node = ClusterNode.launch(cluster, id, engineConfig, settings,
            EngineSession.fingerprint(engineConfig, settings));
        out.printf("member %d of %d running (pid %d), directory %s%n", id, cluster.members(), ProcessHandle.current().pid(),
            cluster.memberDir(id).toAbsolutePath());
        out.flush();
        node.awaitShutdown();
        node.close();
        out.println("member " + id + " stopped");
        return LiquidatorCli.OK;
    }
}
