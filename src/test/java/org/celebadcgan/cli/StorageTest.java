package org.celebadcgan.cli;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
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
 * one and a real in-process HDFS (MiniDFSCluster).
 */
class StorageTest {

    static final String SECRET = "PLANTED-SECRET-7f3c9";
    static MiniDFSCluster hdfs;
    static File base;

    @BeforeAll
    static void start() throws IOException {
        base = Files.createTempDirectory("storage-test").toFile();
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(base, "hdfs").getAbsolutePath());
        conf.setInt("dfs.replication", 1);
        hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        hdfs.waitActive();
    }

    @AfterAll
    static void stop() {
        if (hdfs != null) {
            hdfs.shutdown(true);
        }
    }

    static String root(String fs, String name) {
        return fs.equals("hdfs") ? "hdfs://localhost:" + hdfs.getNameNodePort() + "/runs/" + name
                : new File(base, name).toURI().toString();
    }

    static PrintCapture train(String root, int steps, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--set", "output.root=\"" + root + "\"",
                "--set", "data.generated=48", "--set", "model.arch=paper", "--set", "model.gWidth=4",
                "--set", "model.dWidth=4", "--set", "train.batchSize=8", "--set", "train.workers=2",
                "--set", "train.syncEvery=2", "--set", "train.steps=" + steps, "--set", "checkpoint.everySteps=2",
                "--set", "samples.everySteps=4", "--set", "log.everySteps=2", "--set", "spark.master=\"local[2]\"",
                "--set", "spark.ui.enabled=false", "--set", "spark.hadoop.fs.s3a.secret.key=\"" + SECRET + "\""));
        args.addAll(List.of(extra));
        PrintCapture c = PrintCapture.run(args.toArray(String[]::new));
        assertEquals(0, c.code(), c.err());
        return c;
    }

    static String read(String root, String file) throws IOException {
        FileSystem fs = FileSystem.get(URI.create(root), new Configuration());
        try (var in = fs.open(new Path(root + "/" + file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String paramsHashes(String root, int step) throws IOException {
        String m = read(root, String.format("checkpoints/step-%08d/manifest.json", step));
        return m.substring(m.indexOf("\"params_sha256\""), m.indexOf("}", m.indexOf("\"params_sha256\"")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "hdfs"})
    void stopAndResumeIsBitForBitAndWritesEveryOutput(String fsName) throws Exception {
        String straight = root(fsName, "straight");
        train(straight, 8);
        String stopped = root(fsName, "stopped");
        train(stopped, 4);
        FileSystem fs = FileSystem.get(URI.create(stopped), new Configuration());
        fs.mkdirs(new Path(stopped + "/checkpoints/step-00000006")); // an interrupted checkpoint write
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
}
