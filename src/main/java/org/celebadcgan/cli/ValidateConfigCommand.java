package org.celebadcgan.cli;

import org.celebadcgan.io.Uris;
import org.celebadcgan.config.HadoopConf;
import org.celebadcgan.io.OutputRoot;
import org.celebadcgan.runtime.SparkSessions;
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
        var config = options.config();
        var s = org.celebadcgan.config.JobSettings.from(config);
        var hadoop = HadoopConf.from(config);
        if (!s.dataInput().isEmpty()) { // fail here, not after a cluster has been scheduled
            java.net.URI in = Uris.parse(s.dataInput(), "data.input");
            try {
                if (!org.apache.hadoop.fs.FileSystem.get(in, hadoop).exists(new org.apache.hadoop.fs.Path(in))) {
                    throw new IllegalArgumentException("data.input " + in + " does not exist");
                }
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("data.input " + in + " cannot be checked: " + e.getMessage());
            }
        }
        new OutputRoot(Uris.parse(s.outputRoot(), "output.root"), hadoop).checkWritable();
        if (config.hasPath("spark.master")) {
            SparkSessions.checkReachable(config.getString("spark.master"));
        }
        System.out.printf("config is valid: %s G/D widths %d/%d, batch %d, %d steps, output %s%n",
                s.model().arch().id(), s.model().gWidth(), s.model().dWidth(), s.batchSize(), s.steps(),
                s.outputRoot());
    }
}
