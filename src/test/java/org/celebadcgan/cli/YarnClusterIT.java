package org.celebadcgan.cli;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * submit/yarn.sh as an operator runs it, against a real YARN and HDFS (MiniYARNCluster and MiniDFSCluster in this
 * JVM, one node each): SPARK_HOME holds only Spark's own jars (incl. spark-yarn), HADOOP_CONF_DIR the cluster's
 * site files, and the job goes in the built jar with its dependencies, as the launcher picks them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class YarnClusterIT {

    /** A tiny model: a YARN round trip costs more than its training. */
    private static final List<String> TINY = List.of("--set", "data.generated=32", "--set", "model.arch=paper",
            "--set", "model.gWidth=4", "--set", "model.dWidth=4", "--set", "train.batchSize=8",
            "--set", "train.device=cpu");

    static java.nio.file.Path base;
    static java.nio.file.Path sparkHome;
    static java.nio.file.Path hadoopConf;
    static MiniDFSCluster hdfs;
    static MiniYARNCluster yarn;
    static YarnClient client;
    static FileSystem fs;

    @BeforeAll
    static void startClusters() throws Exception {
        base = Files.createTempDirectory("yarn-it");
        sparkHome = stageSparkHome();
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.resolve("hdfs").toString());
        hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        hdfs.waitActive();
        fs = hdfs.getFileSystem();

        YarnConfiguration yc = new YarnConfiguration(hdfs.getConfiguration(0));
        yc.setInt(YarnConfiguration.NM_PMEM_MB, 4096);
        yc.setInt(YarnConfiguration.NM_VCORES, 4);
        yc.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
        // ND4J allocates off-heap: YARN's memory checks would kill containers for what the JVM flags allow
        yc.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
        yc.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        yc.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 99.9f);
        // the queues a capacity-scheduler.xml would define (none is on this classpath): one default queue
        yc.set("yarn.scheduler.capacity.root.queues", "default");
        yc.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        yc.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
        yc.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
        yc.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
        yc.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
        yc.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
        yc.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
        // one small node: the default 10% would not start a 1.4 GB ApplicationMaster
        yc.setFloat("yarn.scheduler.capacity.maximum-am-resource-percent", 1.0f);
        // one GPU on the node, as GPU clusters have (YARN counts it; nothing here is a GPU): these runs use no GPU
        // config, so yarn.sh asks for none (the CPU path) and the scheduler must place them all the same
        yc.set("yarn.resource-types", "yarn.io/gpu");
        yc.set("yarn.nodemanager.resource-type.yarn.io/gpu", "1");
        // as on GPU clusters: the scheduler counts resource types beyond memory
        yc.set("yarn.scheduler.capacity.resource-calculator",
                "org.apache.hadoop.yarn.util.resource.DominantResourceCalculator");
        yarn = new MiniYARNCluster("YarnClusterIT", 1, 1, 1);
        yarn.init(yc);
        yarn.start();
        Configuration live = yarn.getConfig();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (live.get(YarnConfiguration.RM_ADDRESS, "").endsWith(":0")) { // the RM publishes its port once up
            if (System.nanoTime() > deadline) {
                fail("ResourceManager address not published: " + live.get(YarnConfiguration.RM_ADDRESS));
            }
            Thread.sleep(100);
        }
        // A client's site files, as an operator gets them: where HDFS and the ResourceManager are, and the resource
        // types (not the minicluster's own settings, which name Hadoop test classes that clients do not have)
        hadoopConf = Files.createDirectories(base.resolve("hadoop-conf"));
        Configuration core = new Configuration(false);
        core.set("fs.defaultFS", live.get("fs.defaultFS"));
        Configuration site = new Configuration(false);
        for (String key : new String[]{YarnConfiguration.RM_ADDRESS, YarnConfiguration.RM_SCHEDULER_ADDRESS,
                YarnConfiguration.RM_WEBAPP_ADDRESS, "yarn.resource-types"}) {
            site.set(key, live.get(key));
        }
        try (OutputStream out = Files.newOutputStream(hadoopConf.resolve("core-site.xml"))) {
            core.writeXml(out);
        }
        try (OutputStream out = Files.newOutputStream(hadoopConf.resolve("yarn-site.xml"))) {
            site.writeXml(out);
        }
        client = YarnClient.createYarnClient();
        client.init(new YarnConfiguration(live));
        client.start();
        writeSparkDefaults();
    }

    @AfterAll
    static void stopClusters() throws Exception {
        if (client != null) {
            client.stop();
        }
        File yarnWork = yarn == null ? null : yarn.getTestWorkDir();
        if (yarn != null) {
            yarn.stop();
        }
        if (hdfs != null) {
            hdfs.shutdown(true);
        }
        for (java.nio.file.Path dir : new java.nio.file.Path[]{base, yarnWork == null ? null : yarnWork.toPath()}) {
            try {
                deleteTree(dir);
            } catch (IOException e) { // a leftover temp folder is not the test's verdict
                System.err.println("YarnClusterIT: could not delete " + dir + ": " + e);
            }
        }
    }

    @Test
    @Order(1)
    void clusterModeTrainsToHdfsThenResumes() throws Exception {
        String root = fs.getUri() + "/runs/cluster";
        Run first = yarnSh("cluster", train(root, 2));
        assertSucceededOnce(first);
        assertCheckpointAndGrids(root, 2);
        Run second = yarnSh("cluster", train(root, 4));
        assertSucceededOnce(second);
        assertCheckpointAndGrids(root, 4);
        String driverOut = containerLog(second.appId(), "stdout");
        assertTrue(driverOut.contains("resuming from checkpoint step-00000002"), driverOut);
    }

    @Test
    @Order(2)
    void clientModeTrainsToHdfs() throws Exception {
        String root = fs.getUri() + "/runs/client";
        Run first = yarnSh("client", train(root, 2));
        assertSucceededOnce(first);
        assertCheckpointAndGrids(root, 2);
    }

    @Test
    @Order(3)
    void aBadConfigKeyIsExit2FromTheLauncherAndSubmitsNothing() throws Exception {
        String root = fs.getUri() + "/runs/bad";
        for (String mode : new String[]{"client", "cluster"}) {
            int apps = client.getApplications().size();
            List<String> args = train(root, 2);
            args.addAll(List.of("--set", "train.noSuchKey=1"));
            Run r = yarnSh(mode, args);
            assertEquals(2, r.exit(), mode + " mode: " + r.out());
            assertTrue(r.out().contains("unknown config key train.noSuchKey"), mode + ": " + r.out());
            assertEquals(apps, client.getApplications().size(), mode + ": no YARN application for a bad key");
        }
    }

    private static List<String> train(String root, int steps) {
        List<String> a = new ArrayList<>(List.of("train", "--set", "output.root=" + root));
        a.addAll(TINY);
        a.addAll(List.of("--set", "train.steps=" + steps));
        return a;
    }

    /** What one yarn.sh run printed, its exit code and the YARN application it submitted (null if none). */
    record Run(int exit, String out, String appId) {
    }

    private static Run yarnSh(String mode, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", "submit/yarn.sh"));
        cmd.addAll(args);
        File log = Files.createTempFile(base, "yarn-sh-" + mode + "-", ".log").toFile();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log);
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("HADOOP_CONF_DIR", hadoopConf.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("PATH", sparkHome.resolve("bin") + File.pathSeparator + env.get("PATH"));
        env.put("DEPLOY_MODE", mode);
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(8, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
            fail("yarn.sh " + mode + " did not finish in 8 minutes:\n" + tail(Files.readString(log.toPath())));
        }
        String out = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        System.out.printf("yarn.sh %s %s: exit %d in %.1f s%n", mode, args, p.exitValue(),
                (System.nanoTime() - t0) / 1e9);
        Matcher m = Pattern.compile("application_\\d+_\\d+").matcher(out);
        return new Run(p.exitValue(), out, m.find() ? m.group() : null);
    }

    private static void assertSucceededOnce(Run r) throws Exception {
        assertEquals(0, r.exit(), () -> "spark-submit exit:\n" + tail(r.out()) + diagnostics(r.appId()));
        assertTrue(r.appId() != null, "no application id printed:\n" + tail(r.out()));
        ApplicationId id = ApplicationId.fromString(r.appId());
        ApplicationReport report = client.getApplicationReport(id);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (report.getYarnApplicationState() != YarnApplicationState.FINISHED
                && report.getYarnApplicationState() != YarnApplicationState.FAILED
                && report.getYarnApplicationState() != YarnApplicationState.KILLED && System.nanoTime() < deadline) {
            Thread.sleep(250); // client mode: the ApplicationMaster unregisters after spark-submit's driver stops
            report = client.getApplicationReport(id);
        }
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(),
                () -> r.appId() + ": " + tail(r.out()) + diagnostics(r.appId()));
        assertEquals(1, client.getApplicationAttempts(id).size(), "one attempt, no retry: " + r.appId());
    }

    private static void assertCheckpointAndGrids(String root, int step) throws IOException {
        String name = String.format("step-%08d", step);
        assertTrue(fs.exists(new Path(root, "checkpoints/" + name + "/manifest.json")), root + " " + name);
        assertEquals(name, new String(fs.open(new Path(root, "checkpoints/LATEST")).readAllBytes(),
                StandardCharsets.UTF_8).strip());
        assertTrue(fs.exists(new Path(root, "samples/" + name + ".png")), root + " samples/" + name + ".png");
        assertTrue(fs.exists(new Path(root, "samples/latest.png")), root + " samples/latest.png");
    }

    /** A container log of the application's first container (the ApplicationMaster: the driver in cluster mode). */
    private static String containerLog(String appId, String file) throws IOException {
        String am = "container_" + appId.substring("application_".length()) + "_01_000001";
        try (Stream<java.nio.file.Path> s = Files.walk(yarn.getTestWorkDir().toPath())) {
            java.nio.file.Path p = s.filter(f -> f.getFileName().toString().equals(file)
                    && f.getParent().getFileName().toString().equals(am)).findFirst().orElse(null);
            return p == null ? "(no " + file + " of " + am + ")" : Files.readString(p);
        }
    }

    private static String diagnostics(String appId) {
        if (appId == null) {
            return "";
        }
        try {
            return "\nApplicationMaster stderr:\n" + tail(containerLog(appId, "stderr"))
                    + "\nApplicationMaster stdout:\n" + tail(containerLog(appId, "stdout"));
        } catch (IOException e) {
            return "\n(container logs: " + e + ")";
        }
    }

    private static String tail(String s) {
        return s.length() > 6000 ? "..." + s.substring(s.length() - 6000) : s;
    }

    /**
     * SPARK_HOME as a Spark distribution lays it out, built from the Maven repository by
     * {@code scripts/local_standalone.sh stage} (jars/ from src/test/yarn/spark-home-pom.xml, bin/spark-submit over
     * Spark's launcher library). A home of its own (this test writes YARN's spark-defaults.conf into it), kept under
     * target/ between runs (only the jars take time).
     */
    private static java.nio.file.Path stageSparkHome() throws Exception {
        String version = System.getProperty("spark.version", "3.5.5");
        java.nio.file.Path home = java.nio.file.Path.of("target", "yarn-it-spark-" + version).toAbsolutePath();
        ProcessBuilder stage = new ProcessBuilder("bash", "scripts/local_standalone.sh", "stage").inheritIO();
        stage.environment().put("SPARK_VERSION", version);
        stage.environment().put("SPARK_HOME_DIR", home.toString());
        assertEquals(0, stage.start().waitFor(), "scripts/local_standalone.sh stage into " + home);
        return home;
    }

    /**
     * What an operator puts in spark-defaults.conf for this cluster: Spark's jars are on every node (local:, so
     * no 200 MB upload per submit), one small executor, and Java where the containers look for it.
     */
    private static void writeSparkDefaults() throws IOException {
        java.nio.file.Path fakeBin = Files.createDirectories(base.resolve("node-bin"));
        // Were a GPU asked for (GPU=1), the discovery script yarn.sh ships asks nvidia-smi for the node's GPUs
        // (this node's one GPU is YARN's count)
        script(fakeBin.resolve("nvidia-smi"), "#!/usr/bin/env bash\necho 0\n");
        String java = System.getProperty("java.home");
        String defaults = String.join("\n",
                "spark.yarn.jars local:" + sparkHome.resolve("jars") + "/*",
                "spark.executor.instances 1",
                "spark.executor.cores 1",
                "spark.executor.memory 768m",
                "spark.driver.memory 768m",
                "spark.yarn.am.memory 512m",
                "spark.ui.enabled false",
                // one node: submissions stage the job's jars (700 MB, thin jar and its dependencies) on the local
                // disk the NodeManager reads, not through the in-JVM DataNode (a minute per submit on 2 cores)
                "spark.yarn.stagingDir file://" + base.resolve("staging"),
                "spark.yarn.appMasterEnv.JAVA_HOME " + java,
                "spark.executorEnv.JAVA_HOME " + java,
                "spark.executorEnv.PATH " + fakeBin + ":/usr/local/bin:/usr/bin:/bin",
                "");
        Files.writeString(sparkHome.resolve("conf/spark-defaults.conf"), defaults);
    }

    private static void script(java.nio.file.Path p, String text) throws IOException {
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void deleteTree(java.nio.file.Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<java.nio.file.Path> s = Files.walk(root)) {
            for (java.nio.file.Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
