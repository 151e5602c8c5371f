/**
 * JMH benchmarks of the compute kernels and, later, the model. Build with
 * {@code ./mvnw -pl erc-bench -am package -DskipTests}; the scripts under {@code bench/} run them next to their
 * Python baselines.
 */
package dev.erc.bench;
