package org.celebadcgan.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cluster launchers' --dry-run commands: what operators' schedulers will actually run. */
class SubmitScriptsTest {

    static String[] dryRun(String script, String... args) throws IOException, InterruptedException {
        return dryRun(java.util.Map.of(), script, args);
    }

    static String[] dryRun(java.util.Map<String, String> env, String script, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", "submit/" + script, "--dry-run"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new String[]{String.valueOf(p.waitFor()), out, err};
    }

    private static void assertCommon(String out) {
        assertTrue(out.startsWith("spark-submit "), out);
        assertTrue(out.contains("--class org.celebadcgan.cli.Main"), out);
        assertTrue(out.contains("spark.driver.extraJavaOptions=--add-opens=java.base/java.lang=ALL-UNNAMED"), out);
        assertTrue(out.contains("spark.executor.extraJavaOptions=--add-opens"), out);
        assertTrue(out.contains("useDirectMethodHandle=false"), out);
        assertTrue(out.matches("(?s).*/target(-cluster)?/celeba-dcgan-spark[^ ]*\\.jar train --config "
                + "(conf/)?cluster-gpu\\.conf\\s*"), out);
    }

    @Test
    void yarnAsksForOneGpuPerExecutorAndShipsTheDiscoveryScript() throws Exception {
        String[] r = dryRun("yarn.sh", "train", "--config", "conf/cluster-gpu.conf");
        assertEquals("0", r[0], r[2]);
        assertCommon(r[1]);
        assertTrue(r[1].contains("--master yarn --deploy-mode cluster"), r[1]);
        assertTrue(r[1].contains("--files ") && r[1].contains("conf/getGpusResources.sh"), r[1]);
        // cluster mode: the driver runs in a YARN container, so the config travels with --files, by its base name
        assertTrue(r[1].matches("(?s).*--files [^ ]*getGpusResources\\.sh\\\\?,[^ ]*/conf/cluster-gpu\\.conf .*"),
                r[1]);
        assertTrue(r[1].endsWith("train --config cluster-gpu.conf ") || r[1].strip().endsWith(
                "train --config cluster-gpu.conf"), r[1]);
        assertEquals(1, r[1].split("--files ", -1).length - 1, "one --files: spark-submit keeps only the last");
        String[] client = dryRun(java.util.Map.of("DEPLOY_MODE", "client"), "yarn.sh", "train", "--config",
                "conf/cluster-gpu.conf");
        assertTrue(client[1].strip().endsWith("train --config conf/cluster-gpu.conf")
                && !client[1].contains("cluster-gpu.conf,") && !client[1].contains("cluster-gpu.conf\\,"),
                "client mode reads the file where it is: " + client[1]);
        assertTrue(r[1].contains("spark.executor.resource.gpu.amount=1")
                && r[1].contains("spark.task.resource.gpu.amount=1")
                && r[1].contains("spark.executor.resource.gpu.discoveryScript=./getGpusResources.sh"), r[1]);
    }

    @Test
    void theGpuConfigGivesNoSparkKeyALauncherSetsAValueOfItsOwn() throws Exception {
        // The job applies its config's spark.* keys after spark-submit: a key the launcher set (the discovery
        // script shipped with --files as ./getGpusResources.sh) must not come back with another value.
        com.typesafe.config.Config spark = org.celebadcgan.config.JobConfig.load(
                new java.io.File("conf/cluster-gpu.conf"), java.util.List.of()).getConfig("spark");
        int compared = 0;
        for (String launcher : new String[]{"yarn.sh", "k8s.sh", "standalone.sh"}) {
            String out = dryRun(launcher, "train", "--config", "conf/cluster-gpu.conf")[1];
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("--conf (spark\\.[^= ]+)=([^ ]*)")
                    .matcher(out);
            while (m.find()) {
                String key = m.group(1).substring("spark.".length());
                if (spark.hasPath(key)) {
                    compared++;
                    assertEquals(m.group(2), String.valueOf(spark.getValue(key).unwrapped()),
                            launcher + " sets spark." + key + "; conf/cluster-gpu.conf must not override it");
                }
            }
        }
        assertTrue(compared > 0, "the launchers and the config share keys (the GPU amounts), so this compares");
        assertTrue(!spark.hasPath("driver.memory"), "a driver's memory set in the config would do nothing");
        String[] r = dryRun(java.util.Map.of("DRIVER_MEMORY", "6g"), "yarn.sh", "train");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("--driver-memory 6g"), r[1]);
    }

    @Test
    void kubernetesUsesTheNvidiaVendorAndTheImage() throws Exception {
        String[] r = dryRun("k8s.sh", "train", "--config", "conf/cluster-gpu.conf");
        assertEquals("0", r[0], r[2]);
        assertCommon(r[1]);
        assertTrue(r[1].contains("--master k8s://https://kubernetes.default.svc --deploy-mode cluster"), r[1]);
        assertTrue(r[1].contains("spark.executor.resource.gpu.vendor=nvidia.com"), r[1]);
        assertTrue(r[1].contains("spark.kubernetes.container.image=celeba-dcgan-spark:latest"), r[1]);
    }

    @Test
    void standaloneTakesTheMasterUrl() throws Exception {
        String[] r = dryRun("standalone.sh", "train", "--config", "conf/cluster-gpu.conf");
        assertEquals("0", r[0], r[2]);
        assertCommon(r[1]);
        assertTrue(r[1].contains("--master spark://localhost:7077"), r[1]);
        assertTrue(!r[1].contains("waitAppCompletion"), "client mode waits by nature");
        String[] cluster = dryRun(java.util.Map.of("DEPLOY_MODE", "cluster"), "standalone.sh", "train");
        assertEquals("0", cluster[0], cluster[2]);
        assertTrue(cluster[1].contains("--deploy-mode cluster")
                && cluster[1].contains("spark.standalone.submit.waitAppCompletion=true"), cluster[1]);
    }

    @Test
    void theCudaBuildIsChosenByDcganBuildAndItsDriverIsPinnedToTheCpu() throws Exception {
        String[] r = dryRun(java.util.Map.of("DCGAN_BUILD", "cuda"), "yarn.sh", "train");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].matches("(?s).*/target-cuda(-cluster)?/celeba-dcgan-spark[^ ]*\\.jar train\\s*"), r[1]);
        assertTrue(r[1].contains("spark.yarn.appMasterEnv.BACKEND_PRIORITY_CPU=200"), r[1]);
        String[] bad = dryRun(java.util.Map.of("DCGAN_BUILD", "gpu"), "yarn.sh", "train");
        assertEquals("2", bad[0]);
        assertTrue(bad[2].contains("DCGAN_BUILD"), bad[2]);
    }

    @Test
    void noSubcommandIsBadUsage() throws Exception {
        String[] r = dryRun("yarn.sh");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("usage"), r[2]);
    }
}
