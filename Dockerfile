# syntax=docker/dockerfile:1
# The job's image for Spark on Kubernetes (submit/k8s.sh). Build the cluster jar first, then:
#   CPU: mvn -B -Pcpu,cluster -DskipTests package && docker build -t REGISTRY/celeba-dcgan:TAG .
#   GPU: mvn -B -Pcuda,cluster -DskipTests package &&
#        docker build --build-arg BASE=gpu --build-arg JAR_DIR=target-cuda-cluster -t REGISTRY/celeba-dcgan:TAG-gpu .
# Spark (and its K8s entrypoint) comes from the official image, Java from Temurin's; the base is Ubuntu 22.04 or,
# for GPUs, NVIDIA's CUDA 11.8 + cuDNN 8 runtime (the CUDA 11 libraries ND4J's cuda-11.6 backend loads).
# .ci/check-dockerfile.sh parses this file: COPY sources, stage names and the paths submit/k8s.sh uses.

ARG BASE=cpu
ARG SPARK_VERSION=3.5.3

# Spark's distribution and the entrypoint its K8s backend expects (driver/executor commands, uid handling).
FROM apache/spark:${SPARK_VERSION}-scala2.12-java17-ubuntu AS spark
# hadoop-aws and its AWS SDK bundle: the cluster jar leaves them out (provided), so the image provides s3a://.
ADD --checksum=sha256:53f9ae03c681a30a50aa17524bd9790ab596b28481858e54efd989a826ed3a4a \
    https://repo1.maven.org/maven2/org/apache/hadoop/hadoop-aws/3.3.4/hadoop-aws-3.3.4.jar /opt/spark/jars/
ADD --checksum=sha256:873fe7cf495126619997bec21c44de5d992544aea7e632fdc77adb1a0915bae5 \
    https://repo1.maven.org/maven2/com/amazonaws/aws-java-sdk-bundle/1.12.262/aws-java-sdk-bundle-1.12.262.jar \
    /opt/spark/jars/

FROM eclipse-temurin:17-jre-jammy AS java

FROM ubuntu:22.04 AS base-cpu
FROM nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04 AS base-gpu

FROM base-${BASE}
ARG JAR_DIR=target-cluster
# What Spark's entrypoint calls: tini (PID 1), gosu (drops root), nss_wrapper (arbitrary uids, as on OpenShift).
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
       bash tini gosu procps libnss-wrapper ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid=185 spark \
    && useradd --system --uid=185 --gid=spark --home-dir=/opt/spark spark
ENV JAVA_HOME=/opt/java/openjdk \
    SPARK_HOME=/opt/spark
ENV PATH=${JAVA_HOME}/bin:${SPARK_HOME}/bin:${PATH}
COPY --from=java /opt/java/openjdk /opt/java/openjdk
COPY --from=spark /opt/spark /opt/spark
COPY --from=spark /opt/entrypoint.sh /opt/decom.sh /opt/
# The job, at the paths submit/k8s.sh names (local:///opt/celeba-dcgan/...).
COPY ${JAR_DIR}/celeba-dcgan-spark-cluster.jar /opt/celeba-dcgan/celeba-dcgan-spark-cluster.jar
COPY --chmod=755 conf/getGpusResources.sh /opt/celeba-dcgan/getGpusResources.sh
# The configs, for --config local:///opt/celeba-dcgan/conf/NAME.conf without an upload path.
COPY conf/cluster-cpu.conf conf/cluster-gpu.conf /opt/celeba-dcgan/conf/
RUN mkdir -p /opt/spark/work-dir && chown spark:spark /opt/spark/work-dir
WORKDIR /opt/spark/work-dir
USER 185
ENTRYPOINT ["/opt/entrypoint.sh"]
