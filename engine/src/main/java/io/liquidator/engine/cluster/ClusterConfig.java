package io.liquidator.engine.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A cluster's deployment: which engine configuration its members run, where their directories are,
 * which loopback ports they use and how they idle. One file for every member and for the clients, so
 * they cannot disagree on the member list. Example ({@code scripts/cluster.yaml}):
 * <pre>
 * engine_config: bundled          # the engine's YAML (relative to this file), or "bundled"
 * insurance_fund: [USDT=50000000] # as replay's --insurance-fund
 * directory: target/cluster       # node N lives in DIRECTORY/node-N (relative to the working directory)
 * host: localhost
 * port_base: 21000                # member N uses port_base + 10 N + 1..6
 * members: 3
 * heartbeat_timeout_ms: 3000      # a leader silent this long is replaced
 * idle: backoff                   # backoff (spin, yield, then park up to 1 ms) | sleeping (1 ms) | busy-spin
 * shard: usdt                     # optional: this cluster holds that shard of the engine configuration's shards:
 * </pre>
 */
public record ClusterConfig(Path source, String engineConfig, List<String> insuranceFund, Path directory, String host,
                            int portBase, int members, long heartbeatTimeoutMs, Idle idle, String shard) {

    private static final Set<String> KEYS = Set.of("engine_config", "insurance_fund", "directory", "host", "port_base",
        "members", "heartbeat_timeout_ms", "idle", "shard");

    /** How every agent of a member (driver, archive, consensus, service) waits when it has no work. */
    public enum Idle { BACKOFF, SLEEPING, BUSY_SPIN }

    // port offsets within a member's block of 10 (as in Aeron's cluster tutorial)
    static final int ARCHIVE_CONTROL = 1;
    static final int INGRESS = 2;
    static final int CONSENSUS = 3;
    static final int LOG = 4;
    static final int CATCHUP = 5;
    static final int LOG_CONTROL = 6;

    public static ClusterConfig load(final Path file) {
        final JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (final IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the cluster configuration: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": a cluster configuration is a YAML map");
        }
        for (final Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            final String name = names.next();
            if (!KEYS.contains(name)) {
                throw new IllegalArgumentException(file + ": unknown key '" + name + "' (known: " + String.join(", ", KEYS) + ")");
            }
        }
        final List<String> fund = new ArrayList<>();
        final JsonNode f = root.path("insurance_fund");
        if (f.isArray()) {
            f.forEach(e -> fund.add(e.asText()));
        } else if (!f.isMissingNode() && !f.isNull()) {
            throw new IllegalArgumentException(file + ": insurance_fund is a list of ASSET=AMOUNT");
        }
        final int members = root.path("members").asInt(3);
        if (members < 1 || members > 9) {
            throw new IllegalArgumentException(file + ": members must be 1..9, not " + members);
        }
        final int portBase = root.path("port_base").asInt(21000);
        if (portBase < 1024 || portBase + 10 * members + 10 > 65535) {
            throw new IllegalArgumentException(file + ": port_base " + portBase + " leaves no room for " + members + " members");
        }
        final long heartbeat = root.path("heartbeat_timeout_ms").asLong(3000);
        if (heartbeat < 200) {
            throw new IllegalArgumentException(file + ": heartbeat_timeout_ms must be at least 200");
        }
        final String idleName = root.path("idle").asText("backoff").toUpperCase(Locale.ROOT).replace('-', '_');
        final Idle idle;
        try {
            idle = Idle.valueOf(idleName);
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": idle must be backoff, sleeping or busy-spin, not " + idleName);
        }
        return new ClusterConfig(file, root.path("engine_config").asText("bundled"), List.copyOf(fund),
            Path.of(root.path("directory").asText("target/cluster")), root.path("host").asText("localhost"), portBase,
            members, heartbeat, idle, root.hasNonNull("shard") ? root.get("shard").asText() : null);
    }

    /** The engine configuration file, resolved against this file's directory; null for the bundled default. */
    public Path engineConfigPath() {
        if ("bundled".equals(engineConfig)) {
            return null;
        }
        final Path p = Path.of(engineConfig);
        return p.isAbsolute() || source == null ? p : source.toAbsolutePath().getParent().resolve(p);
    }

    public Path memberDir(final int member) {
        return directory.resolve("node-" + member);
    }

    int port(final int member, final int offset) {
        return portBase + 10 * member + offset;
    }

    String endpoint(final int member, final int offset) {
        return host + ':' + port(member, offset);
    }

    /** Aeron's member list: {@code id,ingress,consensus,log,catchup,archive|…}. */
    String clusterMembers() {
        final StringBuilder sb = new StringBuilder();
        for (int m = 0; m < members; m++) {
            sb.append(m).append(',').append(endpoint(m, INGRESS)).append(',').append(endpoint(m, CONSENSUS)).append(',')
                .append(endpoint(m, LOG)).append(',').append(endpoint(m, CATCHUP)).append(',')
                .append(endpoint(m, ARCHIVE_CONTROL));
            if (m + 1 < members) {
                sb.append('|');
            }
        }
        return sb.toString();
    }

    /** The clients' view of the members: {@code 0=host:port,1=host:port,…}. */
    public String ingressEndpoints() {
        final StringBuilder sb = new StringBuilder();
        for (int m = 0; m < members; m++) {
            if (m > 0) {
                sb.append(',');
            }
            sb.append(m).append('=').append(endpoint(m, INGRESS));
        }
        return sb.toString();
    }

    /** The same deployment in another directory and port range (what {@code cluster-replay} runs). */
    public ClusterConfig withDirectory(final Path dir, final int newPortBase) {
        return new ClusterConfig(source, engineConfig, insuranceFund, dir, host, newPortBase, members, heartbeatTimeoutMs,
            idle, shard);
    }

    /** The same deployment running another engine configuration ("bundled" or a path) and fund. */
    public ClusterConfig withEngineConfig(final String engine, final List<String> fund) {
        return new ClusterConfig(source, engine, List.copyOf(fund), directory, host, portBase, members,
            heartbeatTimeoutMs, idle, shard);
    }

    /** The YAML for this configuration (what {@code cluster-replay} writes for the nodes it starts). */
    public String toYaml() {
        final StringBuilder sb = new StringBuilder();
        sb.append("engine_config: ").append(engineConfigPath() == null ? "bundled" : engineConfigPath().toAbsolutePath())
            .append('\n');
        sb.append("insurance_fund: [").append(String.join(", ", insuranceFund)).append("]\n");
        sb.append("directory: ").append(directory.toAbsolutePath()).append('\n');
        sb.append("host: ").append(host).append('\n');
        sb.append("port_base: ").append(portBase).append('\n');
        sb.append("members: ").append(members).append('\n');
        sb.append("heartbeat_timeout_ms: ").append(heartbeatTimeoutMs).append('\n');
        sb.append("idle: ").append(idle.name().toLowerCase(Locale.ROOT).replace('_', '-')).append('\n');
        if (shard != null) {
            sb.append("shard: ").append(shard).append('\n');
        }
        return sb.toString();
    }
}
