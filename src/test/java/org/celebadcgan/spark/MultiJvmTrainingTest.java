package org.celebadcgan.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.celebadcgan.eval.DescriptorSet;
import org.celebadcgan.eval.SlicedWasserstein;
import org.celebadcgan.runtime.DeviceMode;
import org.celebadcgan.testutil.LocalSpark;
import org.celebadcgan.testutil.States;
import org.celebadcgan.train.TrainingState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two executor JVMs (local-cluster) end with the same weights as two task threads in one JVM (local[2]), and score
 * them with the same SWD bits.
 */
class MultiJvmTrainingTest {

    @AfterAll
    static void back() {
        LocalSpark.get();
    }

    @Test
    void twoExecutorJvmsTrainAndScoreExactlyLikeLocalMode() throws IOException {
        TrainingState local = SparkTrainerTest.train(LocalSpark.get("local[2]", Map.of()), 2, 2, 2, 8);
        double[] localSwd = swd(LocalSpark.get("local[2]", Map.of()), local);

        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String opens = String.join(" ", Files.readAllLines(Path.of("submit/jvm-options")));
        System.setProperty("spark.test.home", Path.of("").toAbsolutePath().toString());
        Map<String, String> conf = new HashMap<>();
        conf.put("spark.executor.extraClassPath", classpath);
        conf.put("spark.executor.extraJavaOptions", opens);
        conf.put("spark.executorEnv.SPARK_SCALA_VERSION", "2.12");
        conf.put("spark.executorEnv.SPARK_SQL_TESTING", "1");
        conf.put("spark.executorEnv.DCGAN_NATIVE_BUILD", System.getProperty("org.bytedeco.javacpp.platform.extension",
                "").replaceFirst("^-", "").isEmpty() ? "plain"
                : System.getProperty("org.bytedeco.javacpp.platform.extension").substring(1));
        SparkSession cluster = LocalSpark.get("local-cluster[2,1,2048]", conf);
        TrainingState twoJvms = SparkTrainerTest.train(cluster, 2, 2, 2, 8);
        assertEquals(3, cluster.sparkContext().statusTracker().getExecutorInfos().length, "driver + 2 executors");

        States.assertSame(local, twoJvms, "local-cluster vs local");
        assertArrayEquals(localSwd, swd(cluster, twoJvms), 0.0, "SWD on 2 executor JVMs vs 1 JVM");
    }

    /** SWD of 80 images from G against 80 faces, descriptors extracted by the session's executors. */
    static double[] swd(SparkSession spark, TrainingState state) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        DescriptorSet real = SwdEvaluator.real(SparkTrainerTest.faces(spark, 80).select("pixels").javaRDD()
                .map(r -> (byte[]) r.get(0)), 80, 5);
        DescriptorSet fake = SwdEvaluator.generated(jsc, SparkTrainerTest.SMALL, state.g(), 80, 5, DeviceMode.AUTO);
        return SlicedWasserstein.distance(real, fake, 5).levels();
    }
}
