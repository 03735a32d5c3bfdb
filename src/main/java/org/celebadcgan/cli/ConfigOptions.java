package org.celebadcgan.cli;

import com.typesafe.config.Config;
import org.celebadcgan.config.JobConfig;
import org.celebadcgan.config.JobSettings;
import picocli.CommandLine.Option;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/** The --config and --set options every configured subcommand shares. */
final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "a HOCON file layered over reference.conf")
    File file;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override one key (repeatable; wins over all)")
    List<String> sets = new ArrayList<>();

    Config config() {
        return JobConfig.load(file, sets);
    }

    JobSettings settings() {
        return JobSettings.from(config());
    }
}
