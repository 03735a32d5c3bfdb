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
        return run(env, cmd);
    }

    /** The launcher variables this machine's environment might set: each test starts without them. */
    static final List<String> LAUNCHER_ENV = List.of("SPARK_HOME", "GPU", "APP_JAR", "APP_NAME", "QUEUE",
            "DRIVER_MEMORY", "PRINCIPAL", "KEYTAB", "DEPLOY_MODE", "DCGAN_BUILD", "UPLOAD_PATH", "DELETE_DRIVER",
            "NAMESPACE", "SERVICE_ACCOUNT", "IMAGE", "K8S_API", "SPARK_MASTER_URL");

    static String[] run(java.util.Map<String, String> env, List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
        LAUNCHER_ENV.forEach(pb.environment()::remove);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new String[]{String.valueOf(p.waitFor()), out, err};
    }

    private static void assertCommon(String out) {
        assertCommonOptions(out);
        assertTrue(out.matches("(?s).*/target(-cluster)?/celeba-dcgan-spark[^ ]*\\.jar train --config "
                + "(conf/)?cluster-gpu\\.conf\\s*"), out);
    }

    private static void assertCommonOptions(String out) {
        assertTrue(out.startsWith("spark-submit "), out);
        assertTrue(out.contains("--class org.celebadcgan.cli.Main"), out);
        assertTrue(out.contains("spark.driver.extraJavaOptions=--add-opens=java.base/java.lang=ALL-UNNAMED"), out);
        assertTrue(out.contains("spark.executor.extraJavaOptions=--add-opens"), out);
        assertTrue(out.contains("useDirectMethodHandle=false"), out);
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
            String[] r = dryRun(java.util.Map.of("UPLOAD_PATH", "s3a://bucket/uploads"), launcher, "train",
                    "--config", "conf/cluster-gpu.conf");
            assertEquals("0", r[0], launcher + ": " + r[2]);
            String out = r[1];
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
        // JavaCPP's limits fit the container: off-heap cap within memoryOverhead, the process cap below heap +
        // overhead (else the cluster manager kills the executor before JavaCPP can say why)
        java.util.Map<String, Long> javacpp = new java.util.HashMap<>();
        java.util.regex.Matcher jm = java.util.regex.Pattern.compile("-Dorg\\.bytedeco\\.javacpp\\.(\\w+)=(\\d+)g")
                .matcher(spark.getString("executor.defaultJavaOptions"));
        while (jm.find()) {
            javacpp.put(jm.group(1), Long.parseLong(jm.group(2)) << 30);
        }
        long heap = spark.getBytes("executor.memory");
        long overhead = spark.getBytes("executor.memoryOverhead");
        assertTrue(javacpp.get("maxbytes") <= overhead, "maxbytes within memoryOverhead: " + javacpp);
        assertTrue(javacpp.get("maxphysicalbytes") < heap + overhead
                && javacpp.get("maxphysicalbytes") >= heap + javacpp.get("maxbytes"), "process cap: " + javacpp);
        String[] r = dryRun(java.util.Map.of("DRIVER_MEMORY", "6g"), "yarn.sh", "train");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("--driver-memory 6g"), r[1]);
    }

    @Test
    void kubernetesUsesTheImagesPathsTheNvidiaVendorAndUploadsTheConfig() throws Exception {
        String[] r = dryRun(java.util.Map.of("UPLOAD_PATH", "s3a://bucket/uploads"), "k8s.sh", "train", "--config",
                "conf/cluster-gpu.conf");
        assertEquals("0", r[0], r[2]);
        assertCommonOptions(r[1]);
        assertTrue(r[1].contains("--master k8s://https://kubernetes.default.svc --deploy-mode cluster"), r[1]);
        assertTrue(r[1].contains("spark.kubernetes.container.image=celeba-dcgan-spark:latest"), r[1]);
        // the jar and the discovery script are the image's (Dockerfile), nothing local travels but the config
        assertTrue(r[1].strip().endsWith("local:///opt/celeba-dcgan/celeba-dcgan-spark-cluster.jar train --config "
                + "cluster-gpu.conf"), r[1]);
        assertTrue(r[1].contains("spark.executor.resource.gpu.vendor=nvidia.com")
                && r[1].contains("spark.executor.resource.gpu.amount=1")
                && r[1].contains("spark.executor.resource.gpu.discoveryScript=/opt/celeba-dcgan/getGpusResources.sh"),
                "vendor + amount: Spark's pod limit nvidia.com/gpu: 1 " + r[1]);
        assertTrue(r[1].contains("spark.kubernetes.file.upload.path=s3a://bucket/uploads")
                && r[1].matches("(?s).*--files /[^ ]*/conf/cluster-gpu\\.conf .*"), r[1]);
        assertTrue(r[1].matches("(?s).*spark\\.kubernetes\\.driver\\.pod\\.name=celeba-dcgan-train-[0-9]{8}-[0-9]{6}"
                + "-driver .*"), r[1]);
        assertTrue(r[1].contains("spark.kubernetes.namespace=default"), r[1]);

        String[] noUpload = dryRun("k8s.sh", "train", "--config", "conf/cluster-gpu.conf");
        assertEquals("2", noUpload[0], noUpload[1]);
        assertTrue(noUpload[2].contains("UPLOAD_PATH") && noUpload[2].contains("conf/cluster-gpu.conf"), noUpload[2]);
        String[] inImage = dryRun("k8s.sh", "train", "--config", "local:///opt/celeba-dcgan/conf/cluster-cpu.conf");
        assertEquals("0", inImage[0], inImage[2]);
        assertTrue(inImage[1].strip().endsWith("train --config /opt/celeba-dcgan/conf/cluster-cpu.conf")
                && !inImage[1].contains("--files") && !inImage[1].contains("upload.path"), inImage[1]);
        String[] cpu = dryRun(java.util.Map.of("UPLOAD_PATH", "s3a://b/u", "NAMESPACE", "ml"), "k8s.sh", "train",
                "--config", "conf/cluster-cpu.conf");
        assertEquals("0", cpu[0], cpu[2]);
        assertTrue(!cpu[1].contains("resource.gpu") && cpu[1].contains("spark.kubernetes.namespace=ml"), cpu[1]);
    }

    @Test
    void standaloneTakesTheMasterUrl() throws Exception {
        String[] r = dryRun("standalone.sh", "train", "--config", "conf/cluster-gpu.conf");
        assertEquals("0", r[0], r[2]);
        assertCommon(r[1]);
        assertTrue(r[1].contains("--master spark://localhost:7077"), r[1]);
        assertTrue(!r[1].contains("waitAppCompletion"), "client mode waits by nature");
        // the client-mode driver is spark-submit's JVM, whose logging starts before the job's jar is loaded
        assertTrue(r[1].matches("(?s).*spark\\.driver\\.extraJavaOptions=[^ ]*(\\\\ [^ ]*)*\\\\ "
                + "-Dlog4j2\\.configurationFile=/[^ ]*/src/main/resources/log4j2\\.properties .*"), r[1]);
        assertTrue(!r[1].matches("(?s).*spark\\.executor\\.extraJavaOptions=[^ ]*(\\\\ [^ ]*)*log4j2.*"), r[1]);
        String[] cluster = dryRun(java.util.Map.of("DEPLOY_MODE", "cluster"), "standalone.sh", "train");
        assertEquals("0", cluster[0], cluster[2]);
        assertTrue(cluster[1].contains("--deploy-mode cluster")
                && cluster[1].contains("spark.standalone.submit.waitAppCompletion=true"), cluster[1]);
        // cluster mode: the driver runs in a worker's directory, so a relative config path becomes absolute
        String[] config = dryRun(java.util.Map.of("DEPLOY_MODE", "cluster"), "standalone.sh", "train", "--config",
                "conf/cluster-cpu.conf");
        assertEquals("0", config[0], config[2]);
        assertTrue(config[1].matches("(?s).* train --config /[^ ]+/conf/cluster-cpu\\.conf\\s*"), config[1]);
        assertTrue(config[2].contains("reads /") && config[2].contains("on every worker"), config[2]);
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

    @Test
    void theCpuConfigAsksForNoGpuAndGpuOneOrZeroDecides() throws Exception {
        com.typesafe.config.Config spark = org.celebadcgan.config.JobConfig.load(
                new java.io.File("conf/cluster-cpu.conf"), List.of()).getConfig("spark");
        assertTrue(!spark.hasPath("executor.resource") && spark.hasPath("executor.memoryOverhead"), spark.toString());
        for (String launcher : new String[]{"yarn.sh", "k8s.sh", "standalone.sh"}) {
            String[] r = dryRun(java.util.Map.of("UPLOAD_PATH", "s3a://b/u"), launcher, "train", "--config",
                    "conf/cluster-cpu.conf");
            assertEquals("0", r[0], launcher + ": " + r[2]);
            assertTrue(!r[1].contains("resource.gpu") && !r[1].contains("getGpusResources"), launcher + ": " + r[1]);
            String[] gpu = dryRun(java.util.Map.of("UPLOAD_PATH", "s3a://b/u", "GPU", "1"), launcher, "train",
                    "--config", "conf/cluster-cpu.conf");
            assertTrue(gpu[1].contains("spark.executor.resource.gpu.amount=1")
                    && gpu[1].contains("spark.task.resource.gpu.amount=1"), launcher + " GPU=1: " + gpu[1]);
        }
        String[] yarnGpu = dryRun(java.util.Map.of("GPU", "1"), "yarn.sh", "train");
        assertTrue(yarnGpu[1].matches("(?s).*--files [^ ]*/conf/getGpusResources\\.sh .*"), yarnGpu[1]);
        String[] bySet = dryRun("yarn.sh", "train", "--set", "spark.executor.resource.gpu.amount=1");
        assertTrue(bySet[1].contains("discoveryScript=./getGpusResources.sh"), bySet[1]);
        String[] none = dryRun(java.util.Map.of("GPU", "0"), "yarn.sh", "train", "--config", "conf/cluster-cpu.conf");
        assertEquals("0", none[0], none[2]);
        assertTrue(!none[1].contains("resource.gpu"), none[1]);
        // the config's spark.* keys win over the launcher's, so GPU=0 cannot undo a GPU config: it says so
        String[] contradiction = dryRun(java.util.Map.of("GPU", "0"), "yarn.sh", "train", "--config",
                "conf/cluster-gpu.conf");
        assertEquals("2", contradiction[0], contradiction[1]);
        assertTrue(contradiction[2].contains("GPU=0") && contradiction[2].contains("conf/cluster-gpu.conf"),
                contradiction[2]);
        String[] bad = dryRun(java.util.Map.of("GPU", "yes"), "yarn.sh", "train");
        assertEquals("2", bad[0]);
        assertTrue(bad[2].contains("GPU must be 1 or 0"), bad[2]);
    }

    @Test
    void submitOptionsPassThroughAndKerberosNeedsBothHalves() throws Exception {
        String[] named = dryRun("yarn.sh", "train", "--config", "conf/cluster-cpu.conf");
        assertTrue(named[1].contains("--name celeba-dcgan\\ train\\ cluster-cpu.conf "), named[1]);
        // no MALLOC_MMAP_THRESHOLD_ anywhere: it made every step 2.8x slower (docs/performance.md, row 8)
        assertTrue(!named[1].contains("MALLOC_MMAP_THRESHOLD_"), named[1]);
        java.nio.file.Path keytab = java.nio.file.Files.createTempFile("dcgan", ".keytab");
        try {
            String[] r = dryRun(java.util.Map.of("QUEUE", "gpu", "APP_NAME", "nightly", "PRINCIPAL", "ml@EXAMPLE.COM",
                    "KEYTAB", keytab.toString(), "APP_JAR", "hdfs:///apps/celeba-dcgan.jar"), "yarn.sh",
                    "--num-executors", "4", "--conf", "spark.yarn.maxAppAttempts=1", "--", "train");
            assertEquals("0", r[0], r[2]);
            assertTrue(r[1].contains("--queue gpu") && r[1].contains("--name nightly")
                    && r[1].contains("--principal ml@EXAMPLE.COM --keytab " + keytab), r[1]);
            // spark-submit's own options go before the jar, the subcommand after it; APP_JAR replaces the upload
            assertTrue(r[1].strip().endsWith("--num-executors 4 --conf spark.yarn.maxAppAttempts=1 "
                    + "hdfs:///apps/celeba-dcgan.jar train"), r[1]);
            assertTrue(!r[1].contains("--jars") && !r[1].contains("target"), r[1]);
        } finally {
            java.nio.file.Files.delete(keytab);
        }
        String[] principalOnly = dryRun(java.util.Map.of("PRINCIPAL", "ml@EXAMPLE.COM"), "yarn.sh", "train");
        assertEquals("2", principalOnly[0], principalOnly[1]);
        assertTrue(principalOnly[2].contains("KEYTAB is not"), principalOnly[2]);
        String[] keytabOnly = dryRun(java.util.Map.of("KEYTAB", "/etc/ml.keytab"), "standalone.sh", "train");
        assertEquals("2", keytabOnly[0], keytabOnly[1]);
        assertTrue(keytabOnly[2].contains("PRINCIPAL is not"), keytabOnly[2]);
        String[] missing = dryRun(java.util.Map.of("PRINCIPAL", "ml@EXAMPLE.COM", "KEYTAB", "/nonexistent.keytab"),
                "yarn.sh", "train");
        assertEquals("2", missing[0]);
        assertTrue(missing[2].contains("/nonexistent.keytab"), missing[2]);
    }

    @Test
    void everyLauncherRunsSparkHomesSparkSubmitOrSaysWhatIsMissing() throws Exception {
        for (String launcher : new String[]{"yarn.sh", "k8s.sh", "standalone.sh"}) {
            String[] r = dryRun(java.util.Map.of("SPARK_HOME", "/opt/spark-3.5"), launcher, "train");
            assertEquals("0", r[0], r[2]);
            assertTrue(r[1].startsWith("/opt/spark-3.5/bin/spark-submit --master "), launcher + ": " + r[1]);
            List<String> cmd = List.of("bash", "submit/" + launcher, "train");
            String[] noHome = run(java.util.Map.of("SPARK_HOME", "/nonexistent/spark", "APP_JAR", "hdfs:///a.jar"),
                    cmd);
            assertEquals("2", noHome[0], launcher + ": " + noHome[2]);
            assertTrue(noHome[2].contains("SPARK_HOME=/nonexistent/spark has no executable bin/spark-submit"),
                    noHome[2]);
            String[] noPath = run(java.util.Map.of("PATH", "/usr/bin:/bin", "APP_JAR", "hdfs:///a.jar"), cmd);
            assertTrue(new java.io.File("/usr/bin/spark-submit").exists()
                    || noPath[2].contains("spark-submit is not on PATH: set SPARK_HOME"), noPath[2]);
            assertTrue(new java.io.File("/usr/bin/spark-submit").exists() || "2".equals(noPath[0]), noPath[0]);
        }
    }

    /** A SPARK_HOME whose bin/spark-submit prints {@code stderr} and exits with {@code rc}, like a real one. */
    private static java.nio.file.Path fakeSparkHome(String stderr, int rc) throws IOException {
        java.nio.file.Path home = java.nio.file.Files.createTempDirectory("fake-spark");
        java.nio.file.Path bin = java.nio.file.Files.createDirectories(home.resolve("bin"));
        java.nio.file.Path script = bin.resolve("spark-submit");
        java.nio.file.Files.writeString(script, "#!/usr/bin/env bash\necho \"args: $*\"\ncat >&2 <<'LOG'\n" + stderr
                + "\nLOG\nexit " + rc + "\n");
        assertTrue(script.toFile().setExecutable(true));
        java.nio.file.Path kubectl = bin.resolve("kubectl");
        java.nio.file.Files.writeString(kubectl, "#!/usr/bin/env bash\necho \"$*\" > \"$(dirname \"$0\")/kubectl.args\"\n");
        assertTrue(kubectl.toFile().setExecutable(true));
        return home;
    }

    @Test
    void clusterModeSaysWhereTheRunIsAndKeepsSparkSubmitsExitCode() throws Exception {
        String yarnLog = String.join("\n",
                "24/01/01 10:00:00 INFO Client: Submitted application application_1700000000000_0042",
                "24/01/01 10:00:01 INFO Client: Application report for application_1700000000000_0042 (state: ACCEPTED)",
                "\t tracking URL: http://rm:8088/proxy/application_1700000000000_0042/",
                "\t tracking URL: http://rm:8088/proxy/application_1700000000000_0042/",
                "24/01/01 10:09:00 INFO Client: Application report for application_1700000000000_0042 (state: FINISHED)");
        for (int rc : new int[]{0, 1}) {
            java.nio.file.Path home = fakeSparkHome(yarnLog, rc);
            String[] r = run(java.util.Map.of("SPARK_HOME", home.toString(), "APP_JAR", "hdfs:///apps/c.jar"),
                    List.of("bash", "submit/yarn.sh", "train"));
            assertEquals(String.valueOf(rc), r[0], "spark-submit's exit code is the launcher's: " + r[2]);
            assertTrue(r[1].startsWith("args: --master yarn"), "stdout passes through: " + r[1]);
            assertTrue(r[2].contains("Submitted application application_1700000000000_0042"), "log passes: " + r[2]);
            assertEquals(1, r[2].split("celeba-dcgan: YARN application application_1700000000000_0042; driver and "
                    + "executor logs: yarn logs -applicationId application_1700000000000_0042", -1).length - 1, r[2]);
            assertEquals(1, r[2].split("celeba-dcgan: tracking URL http://rm:8088/proxy/"
                    + "application_1700000000000_0042/", -1).length - 1, r[2]);
        }
        java.nio.file.Path standalone = fakeSparkHome(String.join("\n",
                "24/01/01 INFO ClientEndpoint: Driver successfully submitted as driver-20240101100000-0003",
                "24/01/01 INFO ClientEndpoint: State of driver driver-20240101100000-0003 is FINISHED, exiting "
                        + "spark-submit JVM."), 0);
        String[] s = run(java.util.Map.of("SPARK_HOME", standalone.toString(), "APP_JAR", "hdfs:///apps/c.jar",
                "DEPLOY_MODE", "cluster", "SPARK_MASTER_URL", "spark://m:7077"),
                List.of("bash", "submit/standalone.sh", "train"));
        assertEquals("0", s[0], s[2]);
        assertTrue(s[2].contains("celeba-dcgan: standalone driver driver-20240101100000-0003")
                && s[2].contains("spark-submit --master spark://m:7077 --kill driver-20240101100000-0003"), s[2]);

        // Spark 3.5's standalone client exits 0 whatever the driver's final state (seen on a real standalone
        // cluster): the launcher reads the state and fails the submit
        java.nio.file.Path standaloneFailed = fakeSparkHome(String.join("\n",
                "24/01/01 INFO ClientEndpoint: Driver successfully submitted as driver-20240101100000-0004",
                "24/01/01 INFO ClientEndpoint: State of driver driver-20240101100000-0004 is FAILED, exiting "
                        + "spark-submit JVM."), 0);
        String[] sf = run(java.util.Map.of("SPARK_HOME", standaloneFailed.toString(), "APP_JAR", "hdfs:///apps/c.jar",
                "DEPLOY_MODE", "cluster"), List.of("bash", "submit/standalone.sh", "train"));
        assertEquals("1", sf[0], sf[2]);
        assertTrue(sf[2].contains("standalone driver driver-20240101100000-0004 ended FAILED (spark-submit said 0)"),
                sf[2]);

        java.nio.file.Path k8s = fakeSparkHome("INFO LoggingPodStatusWatcherImpl: phase: Succeeded", 0);
        java.util.Map<String, String> env = new java.util.HashMap<>(java.util.Map.of("SPARK_HOME", k8s.toString(),
                "DELETE_DRIVER", "1", "NAMESPACE", "ml"));
        env.put("PATH", k8s.resolve("bin") + ":" + System.getenv("PATH"));
        String[] k = run(env, List.of("bash", "submit/k8s.sh", "train"));
        assertEquals("0", k[0], k[2]);
        java.util.regex.Matcher pod = java.util.regex.Pattern.compile(
                "celeba-dcgan: driver pod (celeba-dcgan-train-[0-9-]+-driver) in namespace ml; its log: "
                        + "kubectl logs -f -n ml \\1").matcher(k[2]);
        assertTrue(pod.find(), k[2]);
        assertTrue(k[1].contains("spark.kubernetes.driver.pod.name=" + pod.group(1)), k[1]);
        assertEquals("delete pod -n ml " + pod.group(1),
                java.nio.file.Files.readString(k8s.resolve("bin/kubectl.args")).strip(),
                "DELETE_DRIVER=1 deletes the driver pod after a successful run");
        java.nio.file.Path failed = fakeSparkHome("phase: Failed", 1);
        env.put("SPARK_HOME", failed.toString());
        env.put("PATH", failed.resolve("bin") + ":" + System.getenv("PATH"));
        String[] kf = run(env, List.of("bash", "submit/k8s.sh", "train"));
        assertEquals("1", kf[0], kf[2]);
        assertTrue(!failed.resolve("bin/kubectl.args").toFile().exists(), "a failed driver's pod stays for its log");
    }
}
