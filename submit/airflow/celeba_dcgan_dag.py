"""Airflow DAG: train the DCGAN on the cluster, then publish where the newest sample grid is.

Copy to the DAGs folder with the built jar reachable at JAR. The arguments mirror submit/yarn.sh (same class, GPU
resources, discovery script, Java 17 options): keep them in step (submit/airflow/test_dag.py checks it).
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.python import PythonOperator
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

JAR = "/opt/celeba-dcgan-spark/target-cluster/celeba-dcgan-spark-cluster.jar"  # mvn -Pcuda,cluster ...
CONFIG = "/opt/celeba-dcgan-spark/conf/cluster-gpu.conf"
DISCOVERY = "/opt/celeba-dcgan-spark/conf/getGpusResources.sh"
OUTPUT_ROOT = "hdfs:///runs/celeba-dcgan"
JAVA_OPTS = (  # submit/jvm-options on one line: Spark on Java 17
    "--add-opens=java.base/java.lang=ALL-UNNAMED "
    "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED "
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED "
    "--add-opens=java.base/java.io=ALL-UNNAMED "
    "--add-opens=java.base/java.net=ALL-UNNAMED "
    "--add-opens=java.base/java.nio=ALL-UNNAMED "
    "--add-opens=java.base/java.util=ALL-UNNAMED "
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED "
    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED "
    "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED "
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED "
    "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED "
    "--add-opens=java.base/sun.security.action=ALL-UNNAMED "
    "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED "
    "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED "
    "-Djdk.reflect.useDirectMethodHandle=false"
)

default_args = {"owner": "ml-platform", "retries": 1, "retry_delay": timedelta(minutes=10)}


def publish_latest_grid(**context):
    """Pushes the newest grid's location to XCom (the run writes samples/latest.png after every sample interval)."""
    location = OUTPUT_ROOT + "/samples/latest.png"
    context["ti"].xcom_push(key="latest_grid", value=location)
    return location


with DAG(
    dag_id="celeba_dcgan",
    description="DCGAN on CelebA with Deeplearning4j on Spark; resumes from the last checkpoint on rerun",
    default_args=default_args,
    start_date=datetime(2026, 1, 1),
    schedule=None,
    catchup=False,
    tags=["dcgan", "spark", "gpu"],
) as dag:
    train = SparkSubmitOperator(
        task_id="train",
        application=JAR,
        java_class="org.celebadcgan.cli.Main",
        application_args=["train", "--config", CONFIG],
        files=DISCOVERY,
        conf={
            "spark.executor.resource.gpu.amount": "1",
            "spark.task.resource.gpu.amount": "1",
            "spark.executor.resource.gpu.discoveryScript": "./getGpusResources.sh",
            "spark.driver.extraJavaOptions": JAVA_OPTS,
            "spark.executor.extraJavaOptions": JAVA_OPTS,
        },
        num_executors=8,
        executor_cores=4,
        executor_memory="24g",
        driver_memory="8g",
        deploy_mode="cluster",
        name="celeba-dcgan-train",
    )
    publish = PythonOperator(task_id="publish_latest_grid", python_callable=publish_latest_grid)
    train >> publish
