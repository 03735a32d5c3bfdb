package org.celebadcgan.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Layering (reference, file, -D, --set), unknown keys and invalid values, each refused by name. */
class JobConfigTest {

    @Test
    void defaultsAreThePaperRecipe() {
        JobSettings s = JobSettings.from(JobConfig.load(null, List.of()));
        assertEquals("seed", s.model().arch().id());
        assertEquals(128, s.model().gWidth());
        assertEquals(32, s.model().dWidth());
        assertEquals(100, s.model().zDim());
        assertEquals(128, s.batchSize());
        assertEquals(2e-4, s.adam().lr());
        assertEquals(0.5, s.adam().beta1());
        assertEquals(0.999, s.adam().beta2());
    }

    @Test
    void setWinsOverFileWhichWinsOverReference(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("job.conf");
        Files.writeString(file, "train { batchSize = 16, steps = 7 }\nmodel.arch = paper\n");
        JobSettings s = JobSettings.from(JobConfig.load(file.toFile(), List.of("train.batchSize=8")));
        assertEquals(8, s.batchSize());
        assertEquals(7, s.steps());
        assertEquals(64, s.model().gWidth(), "paper's own width when model.gWidth is null");
    }

    @Test
    void systemPropertiesSitBetweenFileAndSet() {
        System.setProperty("train.steps", "99");
        try {
            assertEquals(99, JobSettings.from(JobConfig.load(null, List.of())).steps());
            assertEquals(5, JobSettings.from(JobConfig.load(null, List.of("train.steps=5"))).steps());
        } finally {
            System.clearProperty("train.steps");
        }
    }

    @Test
    void unknownKeysAreRefusedByName(@TempDir Path dir) throws Exception {
        var e = assertThrows(IllegalArgumentException.class,
                () -> JobConfig.load(null, List.of("train.stpes=3")));
        assertTrue(e.getMessage().contains("train.stpes"), e.getMessage());
        Path file = dir.resolve("bad.conf");
        Files.writeString(file, "model.widht = 3\n");
        e = assertThrows(IllegalArgumentException.class, () -> JobConfig.load(file.toFile(), List.of()));
        assertTrue(e.getMessage().contains("model.widht"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> JobConfig.load(null, List.of("eval.imgaes=3")));
        assertTrue(e.getMessage().contains("eval.imgaes"), e.getMessage());
    }

    @Test
    void evalSettingsAreReadAndCheckedAndMinusDReachesThem() {
        assertEquals(0, JobSettings.from(JobConfig.load(null, List.of("eval.everySteps=0"))).evalEvery());
        assertEquals(64, JobSettings.from(JobConfig.load(null, List.of("eval.images=64"))).evalImages());
        assertRefused("eval.everySteps=-1", "eval.everySteps");
        assertRefused("eval.images=1", "eval.images");
        String before = System.getProperty("eval.everySteps");
        System.setProperty("eval.everySteps", "7");
        try {
            assertEquals(7, JobSettings.from(JobConfig.load(null, List.of())).evalEvery(), "-D applies to eval.*");
            assertEquals(9, JobSettings.from(JobConfig.load(null, List.of("eval.everySteps=9"))).evalEvery(),
                    "--set wins over -D");
        } finally {
            if (before == null) {
                System.clearProperty("eval.everySteps");
            } else {
                System.setProperty("eval.everySteps", before);
            }
        }
    }

    @Test
    void sparkKeysPassThrough() {
        var c = JobConfig.load(null, List.of("spark.executor.memory=4g"));
        assertEquals("4g", c.getString("spark.executor.memory"));
    }

    @Test
    void invalidValuesNameTheirKey() {
        assertRefused("model.arch=resnet", "model.arch");
        assertRefused("train.lr=-1", "train.lr");
        assertRefused("train.beta1=1.5", "train.beta1");
        assertRefused("train.batchSize=0", "train.batchSize");
        assertRefused("train.steps=ten", "train.steps");
        assertRefused("model.gWidth=0", "model.gWidth");
        assertRefused("output.root=\"\"", "output.root");
        assertRefused("set-without-value", "key=value");
        assertRefused("train.sync.mode=sum", "train.sync.mode");
        assertRefused("train.sync.moments=median", "train.sync.moments");
        assertRefused("train.sync.transport=carrier-pigeon", "train.sync.transport");
        assertRefused("train.sync.timeout=0s", "train.sync.timeout");
        assertRefused("train.sync.timeout=soon", "train.sync.timeout");
        assertRefused("train.sync.bucketKb=-1", "train.sync.bucketKb");
        assertRefused("train.sync.bucketKb=big", "train.sync.bucketKb");
    }

    @Test
    void syncKeysAreReadAndTheUnbuiltOrImpossibleOnesRefusedByName() {
        var s = JobSettings.from(JobConfig.load(null, List.of("train.sync.transport=ring", "train.sync.moments=local",
                "train.sync.timeout=30s"))).sync();
        assertEquals(org.celebadcgan.train.SyncSettings.Moments.LOCAL, s.moments());
        assertEquals(org.celebadcgan.train.SyncSettings.Transport.RING, s.transport());
        assertEquals(java.time.Duration.ofSeconds(30), s.timeout());
        assertEquals(org.celebadcgan.train.SyncSettings.Mode.AVERAGE, s.mode());
        assertEquals(1L << 20, s.bucketBytes(), "reference.conf's 1024 KiB");
        assertEquals(256L << 10, JobSettings.from(JobConfig.load(null, List.of("train.sync.bucketKb=256")))
                .sync().bucketBytes());
        assertEquals(org.celebadcgan.train.SyncSettings.Mode.GRADIENTS, JobSettings.from(JobConfig.load(null,
                List.of("train.sync.mode=gradients", "train.sync.transport=ring"))).sync().mode());
        // The driver moves states once per round: it cannot all-reduce gradients every step.
        var e = assertThrows(IllegalArgumentException.class,
                () -> JobSettings.from(JobConfig.load(null, List.of("train.sync.mode=gradients",
                        "train.sync.transport=driver"))));
        assertTrue(e.getMessage().contains("train.sync.mode = gradients needs train.sync.transport = ring"),
                e.getMessage());
        // The driver averages the whole state every round: it cannot keep moments local.
        e = assertThrows(IllegalArgumentException.class, () -> JobSettings.from(JobConfig.load(null,
                List.of("train.sync.moments=local", "train.sync.transport=driver"))));
        assertTrue(e.getMessage().contains("train.sync.moments = local needs train.sync.transport = ring"),
                e.getMessage());
    }

    @Test
    void setValuesAreTakenLiterallyAsUsersTypeThem() {
        for (String uri : new String[]{"file:///a/b", "hdfs://nn:8020/x", "s3a://bucket/key",
                "/runs/a#1 b=c:d", "out/run", ""}) {
            var c = JobConfig.load(null, List.of("data.input=" + uri));
            assertEquals(uri, c.getString("data.input"), uri);
        }
        assertEquals("hdfs://nn:8020/runs/x", JobConfig.load(null, List.of("output.root=hdfs://nn:8020/runs/x"))
                .getString("output.root"), "a cut value would be 'hdfs:' (HOCON comments start at //)");
        assertEquals("123", JobConfig.load(null, List.of("output.root=123")).getString("output.root"),
                "a number for a string key stays text");
        assertEquals("/quoted/old style", JobConfig.load(null, List.of("output.root=\"/quoted/old style\""))
                .getString("output.root"), "a wholly quoted value is a HOCON string, as before");
        assertEquals("s3a://b/k", JobConfig.load(null, List.of("spark.hadoop.fs.s3a.x=s3a://b/k"))
                .getString("spark.hadoop.fs.s3a.x"), "spark.* values too");
        assertEquals(0.5, JobConfig.load(null, List.of("train.beta1= 0.5 ")).getDouble("train.beta1"));
        assertEquals(64, JobSettings.from(JobConfig.load(null, List.of("model.gWidth=64"))).model().gWidth());
        assertEquals(List.of(1, 2), JobConfig.load(null, List.of("spark.x=[1, 2]")).getIntList("spark.x"),
                "HOCON only for values starting with [ or {");
    }

    @Test
    void setValuesOfTheWrongTypeNameKeyAndType() {
        assertRefused("train.steps=abc", "train.steps: expected an integer, got 'abc'");
        assertRefused("train.steps=", "train.steps: expected an integer, got ''");
        assertRefused("train.steps=1.5", "train.steps: expected an integer");
        assertRefused("train.lr=fast", "train.lr: expected a number, got 'fast'");
        assertRefused("model.gWidth=wide", "model.gWidth");
        assertRefused("train={steps=3", "train");
    }

    @Test
    void systemPropertiesAreLiteralToo() {
        System.setProperty("output.root", "hdfs://nn:8020/r#1");
        try {
            assertEquals("hdfs://nn:8020/r#1", JobConfig.load(null, List.of()).getString("output.root"));
        } finally {
            System.clearProperty("output.root");
        }
        System.setProperty("train.steps", "many");
        try {
            var e = assertThrows(IllegalArgumentException.class, () -> JobConfig.load(null, List.of()));
            assertTrue(e.getMessage().contains("train.steps: expected an integer"), e.getMessage());
        } finally {
            System.clearProperty("train.steps");
        }
    }

    @Test
    void missingConfigFileIsNamed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> JobConfig.load(new File("no/such.conf"), List.of()));
        assertTrue(e.getMessage().contains("no/such.conf"), e.getMessage());
    }

    private static void assertRefused(String set, String key) {
        var e = assertThrows(IllegalArgumentException.class,
                () -> JobSettings.from(JobConfig.load(null, List.of(set))));
        assertTrue(e.getMessage().contains(key), set + " -> " + e.getMessage());
    }
}
