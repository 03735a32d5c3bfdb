package org.celebadcgan.runtime;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The run's name in the cluster manager: the launcher's --name, else the job's own, never the class name. */
class SparkSessionsTest {

    @Test
    void aNameGivenToSparkSubmitWinsAndTheClassNameDefaultDoesNot() {
        SparkConf launched = new SparkConf(false).setAppName("celeba-dcgan train cluster-cpu.conf");
        assertEquals("celeba-dcgan train cluster-cpu.conf",
                SparkSessions.named(launched, "celeba-dcgan train").get("spark.app.name"));
        SparkConf unnamed = new SparkConf(false).setAppName("org.celebadcgan.cli.Main");
        assertEquals("celeba-dcgan train", SparkSessions.named(unnamed, "celeba-dcgan train").get("spark.app.name"));
        assertEquals("celeba-dcgan train",
                SparkSessions.named(new SparkConf(false), "celeba-dcgan train").get("spark.app.name"));
    }
}
