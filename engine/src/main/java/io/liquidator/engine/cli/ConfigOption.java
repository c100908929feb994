package io.liquidator.engine.cli;

import io.liquidator.engine.config.LiquidatorConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The {@code --config FILE} option every command shares (a picocli mixin): without it, the bundled
 * default configuration of {@code formats.md}.
 */
public final class ConfigOption {
    @Option(names = "--config", paramLabel = "FILE",
        description = "Configuration YAML (assets, instruments, brackets). Default: the bundled BTCUSDT, ETHUSDT and BTCUSD.")
    private Path file;

    boolean given() {
        return file != null;
    }

    /** @throws io.liquidator.engine.config.ConfigException naming file, line and key of the first problem */
    /** The file given, or null for the bundled default. */
    Path file() {
        return file;
    }

    LiquidatorConfig load() {
        return file == null ? LiquidatorConfig.bundledDefault() : LiquidatorConfig.load(file);
    }
}
