/**
 * The library on Apache Spark: {@link dev.erc.spark.EmotionPredictor} predicts the emotions of a table of
 * utterances ({@link dev.erc.spark.UtteranceColumns}) on a cluster; {@link dev.erc.spark.SparkGrid} runs a grid of
 * training runs as Spark tasks; {@link dev.erc.spark.SparkSessions} sets what executors need. Spark is a provided
 * dependency: the cluster (or {@code spark-submit}) supplies it.
 */
package dev.erc.spark;
