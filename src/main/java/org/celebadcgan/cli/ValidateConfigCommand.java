package org.celebadcgan.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code validate-config}: checks a configuration without running anything (exit 0 valid, 2 invalid). */
@Command(name = "validate-config", mixinStandardHelpOptions = true,
        description = "Checks a configuration without running: exit 0 when valid, 2 with the key at fault.")
final class ValidateConfigCommand implements Runnable {

    @Mixin
    ConfigOptions options;

    @Override
    public void run() {
        var s = options.settings();
        System.out.printf("config is valid: %s G/D widths %d/%d, batch %d, %d steps, output %s%n",
                s.model().arch().id(), s.model().gWidth(), s.model().dWidth(), s.batchSize(), s.steps(),
                s.outputRoot());
    }
}
