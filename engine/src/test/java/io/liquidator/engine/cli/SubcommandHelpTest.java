package io.liquidator.engine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every registered subcommand answers {@code --help} with its usage on stdout and exit 0. The list
 * comes from {@link LiquidatorCli}'s own picocli model, so a subcommand added later is covered
 * without touching this test.
 */
class SubcommandHelpTest {
    static Stream<String> subcommands() {
        return new CommandLine(new LiquidatorCli()).getSubcommands().keySet().stream();
    }

    @ParameterizedTest(name = "liquidator {0} --help")
    @MethodSource("subcommands")
    void helpExitsZeroWithUsage(final String name) {
        final Cli.Result r = Cli.run(name, "--help");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Usage: liquidator " + name + " "), r.out());
        assertTrue(r.outLines().size() > 2, r.out());
        assertTrue(r.err().isEmpty(), r.err());
    }

    @Test
    void theTopLevelHelpListsEverySubcommand() {
        final Cli.Result r = Cli.run("--help");
        assertEquals(0, r.code(), r.err());
        final List<String> names = subcommands().toList();
        assertTrue(names.containsAll(List.of("run", "replay", "dump", "calc", "snapshot", "demo", "stat", "heatmap",
            "bench")), names.toString());
        for (final String name : names) {
            assertTrue(r.out().contains("\n  " + name + " "), name + " missing from:\n" + r.out());
        }
        assertFalse(r.out().isEmpty());
    }
}
