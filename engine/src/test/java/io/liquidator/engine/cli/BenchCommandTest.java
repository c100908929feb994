package io.liquidator.engine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code liquidator bench} finds the checkout's scripts, says which one it runs, passes the
 * arguments after {@code --} and the script's output through, exits with the script's code, and
 * refuses a missing script or an unknown target in one line. Scripts are stand-ins in a temporary
 * directory (the real ones take minutes), except for the dry run, which finds this checkout's.
 */
class BenchCommandTest {
    private static Path scripts(final Path dir) throws IOException {
        final Path s = Files.createDirectories(dir.resolve("scripts"));
        Files.writeString(s.resolve("lib.sh"), "");
        Files.writeString(s.resolve("bench"), "#!/usr/bin/env bash\necho \"jmh stand-in: $*\"\necho \"in $(basename \"$PWD\")\"\n");
        Files.writeString(s.resolve("alloc-guard"), "#!/usr/bin/env bash\necho 'over the threshold' >&2\nexit 3\n");
        return s;
    }

    @Test
    void runsTheTargetsScriptWithTheArgumentsAfterTheDoubleDash(@TempDir final Path dir) throws IOException {
        final Path s = scripts(dir.resolve("checkout"));
        final Cli.Result r = Cli.run("bench", "--scripts", s.toString(), "jmh", "--", "TickBenchmark", "-p", "positions=1000");
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals(List.of("bench: running " + s.resolve("bench") + " TickBenchmark -p positions=1000",
            "jmh stand-in: TickBenchmark -p positions=1000", "in checkout"), r.outLines());
    }

    @Test
    void exitsWithTheScriptsCodeAndPassesItsErrorsThrough(@TempDir final Path dir) throws IOException {
        final Path s = scripts(dir);
        final Cli.Result r = Cli.run("bench", "--scripts", s.toString(), "alloc-guard");
        assertEquals(3, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("over the threshold"), r.out());
    }

    @Test
    void aMissingScriptIsOneLineNamingIt(@TempDir final Path dir) throws IOException {
        final Path s = scripts(dir);
        final Cli.Result r = Cli.run("bench", "--scripts", s.toString(), "latency", "--", "--smoke");
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals(List.of("liquidator bench: " + s.resolve("bench-latency") + " not found: this checkout has no"
            + " 'latency' benchmark script (present: jmh, alloc-guard)"), r.errLines());
        assertTrue(r.out().isEmpty(), r.out());
    }

    @Test
    void unknownOrMissingTargetsAreOneLine(@TempDir final Path dir) throws IOException {
        final Path s = scripts(dir);
        final Cli.Result unknown = Cli.run("bench", "--scripts", s.toString(), "fast");
        assertEquals(1, unknown.code());
        assertEquals(List.of("liquidator bench: unknown target fast; the targets are jmh, latency, compare, alloc-guard,"
            + " report"), unknown.errLines());
        final Cli.Result none = Cli.run("bench", "--scripts", s.toString());
        assertEquals(1, none.code());
        assertEquals(1, none.errLines().size(), none.err());
        assertTrue(none.err().startsWith("liquidator bench: name a target: jmh, latency"), none.err());
    }

    @Test
    void theDryRunFindsThisCheckoutsScripts() {
        final Cli.Result r = Cli.run("bench", "--dry-run", "jmh", "--", "-l");
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals(1, r.outLines().size(), r.out());
        assertTrue(r.out().startsWith("bench: would run ") && r.out().trim().endsWith("scripts/bench -l"), r.out());
        final Path script = Path.of(r.out().trim().substring("bench: would run ".length(), r.out().trim().length() - 3));
        assertTrue(Files.isRegularFile(script), script.toString());
        final Cli.Result list = Cli.run("bench", "--list");
        assertEquals(0, list.code(), list.err());
        assertEquals(5, list.outLines().size(), list.out());
        assertTrue(list.outLines().get(0).startsWith("jmh "), list.out());
    }

    @Test
    void helpListsTheTargets() {
        final Cli.Result r = Cli.run("bench", "--help");
        assertEquals(0, r.code(), r.err());
        for (final String target : BenchCommand.TARGETS.keySet()) {
            assertTrue(r.out().contains("  " + target + " "), r.out());
        }
        assertTrue(r.out().contains("scripts/bench-latency"), r.out());
    }
}
