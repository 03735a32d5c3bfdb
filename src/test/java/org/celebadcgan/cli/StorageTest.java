package org.celebadcgan.cli;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.celebadcgan.checkpoint.CheckpointStore;
import org.celebadcgan.checkpoint.CheckpointStoreTest;
import org.celebadcgan.io.OutputRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same stop/resume, outputs and secrets checks against each file system the output root may live on: the local
 * one, a real in-process HDFS (MiniDFSCluster), and S3 through s3a against a real S3-API server (s3proxy).
 */
class StorageTest {

    static final String SECRET = "PLANTED-SECRET-7f3c9";
    static final String ACCESS = "test-access";
    static MiniDFSCluster hdfs;
    static Process s3proxy;
    static int s3Port;
    static File base;

    @BeforeAll
    static void start() throws IOException {
        base = Files.createTempDirectory("storage-test").toFile();
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(base, "hdfs").getAbsolutePath());
        conf.setInt("dfs.replication", 1);
        hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        hdfs.waitActive();
        startS3();
    }

    /** s3proxy with the filesystem-nio2 backend, as a separate JVM on a free loopback port; the secret is SECRET. */
    static void startS3() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s3Port = s.getLocalPort();
        }
        File blobs = new File(base, "s3");
        Files.createDirectories(blobs.toPath());
        File props = new File(base, "s3proxy.conf");
        Files.writeString(props.toPath(), String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + s3Port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS,
                "s3proxy.credential=" + SECRET,
                "jclouds.provider=filesystem-nio2",
                "jclouds.filesystem.basedir=" + blobs.getAbsolutePath()) + "\n");
        File jar = new File("target/s3proxy/s3proxy.jar");
        s3proxy = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-Xmx256m", "-jar",
                jar.getAbsolutePath(), "--properties", props.getAbsolutePath())
                .redirectErrorStream(true).redirectOutput(new File(base, "s3proxy.log")).start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            try (java.net.Socket ok = new java.net.Socket("127.0.0.1", s3Port)) {
                break;
            } catch (IOException notYet) {
                if (System.currentTimeMillis() > deadline || !s3proxy.isAlive()) {
                    throw new IOException("s3proxy did not start: " + Files.readString(
                            new File(base, "s3proxy.log").toPath()));
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
        }
        createBucket("runs");
    }

    static void createBucket(String name) {
        com.amazonaws.services.s3.AmazonS3 client = com.amazonaws.services.s3.AmazonS3ClientBuilder.standard()
                .withEndpointConfiguration(new com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration(
                        "http://127.0.0.1:" + s3Port, "us-east-1"))
                .withPathStyleAccessEnabled(true)
                .withCredentials(new com.amazonaws.auth.AWSStaticCredentialsProvider(
                        new com.amazonaws.auth.BasicAWSCredentials(ACCESS, SECRET)))
                .build();
        client.createBucket(name);
        client.shutdown();
    }

    static Configuration hadoop() {
        Configuration c = new Configuration();
        c.set("fs.s3a.endpoint", "http://127.0.0.1:" + s3Port);
        c.set("fs.s3a.path.style.access", "true");
        c.set("fs.s3a.connection.ssl.enabled", "false");
        c.set("fs.s3a.access.key", ACCESS);
        c.set("fs.s3a.secret.key", SECRET);
        c.set("fs.s3a.change.detection.version.required", "false");
        return c;
    }

    @AfterAll
    static void stop() {
        if (hdfs != null) {
            hdfs.shutdown(true);
        }
        if (s3proxy != null) {
            s3proxy.destroy();
        }
    }

    static String root(String fs, String name) {
        return switch (fs) {
            case "hdfs" -> "hdfs://localhost:" + hdfs.getNameNodePort() + "/runs/" + name;
            case "s3" -> "s3a://runs/" + name;
            default -> new File(base, name).toURI().toString();
        };
    }

    static PrintCapture train(String root, int steps, String... extra) {
        PrintCapture c = PrintCapture.run(trainArgs(root, steps, extra));
        assertEquals(0, c.code(), c.err());
        return c;
    }

    static String[] trainArgs(String root, int steps, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--set", "output.root=" + root,
                "--set", "data.generated=48", "--set", "model.arch=paper", "--set", "model.gWidth=4",
                "--set", "model.dWidth=4", "--set", "train.batchSize=8", "--set", "train.workers=2",
                "--set", "train.syncEvery=2", "--set", "train.steps=" + steps, "--set", "checkpoint.everySteps=2",
                "--set", "samples.everySteps=4", "--set", "log.everySteps=2", "--set", "spark.master=local[2]",
                "--set", "spark.ui.enabled=false"));
        args.addAll(s3Sets());
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    /** The s3a settings as a user passes them: --set spark.hadoop.fs.s3a.*. */
    static List<String> s3Sets() {
        return List.of("--set", "spark.hadoop.fs.s3a.secret.key=" + SECRET,
                "--set", "spark.hadoop.fs.s3a.access.key=" + ACCESS,
                "--set", "spark.hadoop.fs.s3a.endpoint=http://127.0.0.1:" + s3Port,
                "--set", "spark.hadoop.fs.s3a.path.style.access=true",
                "--set", "spark.hadoop.fs.s3a.connection.ssl.enabled=false",
                "--set", "spark.hadoop.fs.s3a.change.detection.version.required=false");
    }

    static String read(String root, String file) throws IOException {
        FileSystem fs = FileSystem.get(URI.create(root), hadoop());
        try (var in = fs.open(new Path(root + "/" + file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String paramsHashes(String root, int step) throws IOException {
        String m = read(root, String.format("checkpoints/step-%08d/manifest.json", step));
        return m.substring(m.indexOf("\"params_sha256\""), m.indexOf("}", m.indexOf("\"params_sha256\"")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hdfs", "s3"})
    void aCrashAtAnyStepOfACheckpointWriteLeavesAResumableRun(String fsName) throws Exception {
        for (String phase : List.of("generator", "discriminator", "state", "manifest", "latest", "retention")) {
            OutputRoot out = new OutputRoot(URI.create(root(fsName, "crash-" + phase)), hadoop());
            CheckpointStoreTest.crashAndRecover(out, phase);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "hdfs", "s3"})
    void stopAndResumeIsBitForBitAndWritesEveryOutput(String fsName) throws Exception {
        String straight = root(fsName, "straight");
        train(straight, 8);
        String stopped = root(fsName, "stopped");
        train(stopped, 4);
        FileSystem fs = FileSystem.get(URI.create(stopped), hadoop());
        fs.mkdirs(new Path(stopped + "/checkpoints/step-00000006")); // an interrupted checkpoint write
        System.setProperty(CheckpointStore.CRASH_AFTER, "state"); // and a crash writing step 6, before its manifest
        try {
            PrintCapture crashed = PrintCapture.run(trainArgs(stopped, 6));
            assertEquals(1, crashed.code(), crashed.err());
            assertTrue(crashed.err().contains("simulated crash"), crashed.err());
        } finally {
            System.clearProperty(CheckpointStore.CRASH_AFTER);
        }
        assertTrue(fs.exists(new Path(stopped + "/checkpoints/step-00000006/state.json")), "the crash left it");
        PrintCapture resumed = train(stopped, 8);
        assertTrue(resumed.out().contains("resuming from checkpoint step-00000004"), resumed.out());
        assertEquals(paramsHashes(straight, 8), paramsHashes(stopped, 8));

        for (String f : new String[]{"samples/real.png", "samples/latest.png", "samples/step-00000008.png",
                "metrics.jsonl", "index.html", "checkpoints/LATEST", "checkpoints/step-00000008/state.json"}) {
            assertTrue(fs.exists(new Path(stopped + "/" + f)), f);
        }
        assertEquals(4, read(stopped, "metrics.jsonl").strip().split("\n").length);
        String report = read(stopped, "index.html");
        assertTrue(report.contains("data:image/png;base64,") && report.contains("step-00000008"), "report");
        assertTrue(read(stopped, "checkpoints/step-00000008/state.json").contains("\"gWidth\""));

        // The planted secret appears in no file of the run (state.json, report, metrics, manifests) nor its output.
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(new Path(stopped), true);
        int checked = 0;
        while (files.hasNext()) {
            LocatedFileStatus f = files.next();
            try (var in = fs.open(f.getPath())) {
                String content = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                assertFalse(content.contains(SECRET), f.getPath() + " contains the secret");
                checked++;
            }
        }
        assertTrue(checked > 10, "checked " + checked + " files");
        assertTrue(read(stopped, "index.html").contains("&lt;redacted&gt;"), "the secret's key shows as redacted");
        assertFalse(resumed.out().contains(SECRET) || resumed.err().contains(SECRET));
    }

    @org.junit.jupiter.api.Test
    void generateAndInterpolateReadARunOnS3AndWriteToS3WithTheSetSettings() throws Exception {
        String run = root("s3", "to-sample");
        train(run, 2);
        FileSystem fs = FileSystem.get(URI.create(run), hadoop());
        List<String> before = listing(fs, run);
        // A bucket no one has opened yet: its file system is made from the command's own settings (--set), not
        // taken from Hadoop's cache of one opened with this test's configuration.
        createBucket("samples");
        // Were the settings lost, s3a must fail here, not look for credentials on a cloud metadata address.
        System.setProperty("com.amazonaws.sdk.disableEc2Metadata", "true");
        List<String> args = new ArrayList<>(List.of("generate", "--checkpoint", run, "--output",
                "s3a://samples/faces", "--format", "png", "--count", "5"));
        args.addAll(s3Sets());
        PrintCapture gen = PrintCapture.run(args.toArray(String[]::new));
        assertEquals(0, gen.code(), gen.err());
        args = new ArrayList<>(List.of("interpolate", "--checkpoint", run, "--output", "s3a://samples/walk.png",
                "--rows", "2", "--steps", "3"));
        args.addAll(s3Sets());
        PrintCapture walk = PrintCapture.run(args.toArray(String[]::new));
        assertEquals(0, walk.code(), walk.err());

        FileSystem samples = FileSystem.get(URI.create("s3a://samples/"), hadoop());
        for (int k = 0; k < 5; k++) {
            try (var in = samples.open(new Path(String.format("s3a://samples/faces/sample-%04d.png", k)))) {
                java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(in);
                assertEquals(64, img.getWidth());
                assertEquals(64, img.getHeight());
            }
        }
        assertEquals(5, samples.listStatus(new Path("s3a://samples/faces")).length);
        try (var in = samples.open(new Path("s3a://samples/walk.png"))) {
            assertEquals(2 + 3 * 66, javax.imageio.ImageIO.read(in).getWidth());
        }
        assertEquals(before, listing(fs, run), "the readers left the run as it was");
    }

    /** Every file under {@code root} with its size and modification time. */
    static List<String> listing(FileSystem fs, String root) throws IOException {
        List<String> out = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(new Path(root), true);
        while (files.hasNext()) {
            LocatedFileStatus f = files.next();
            out.add(f.getPath() + " " + f.getLen() + " " + f.getModificationTime());
        }
        out.sort(String::compareTo);
        return out;
    }
}
