/** JMH benchmarks for the engine; run with {@code java -jar jitploy-benchmarks/target/benchmarks.jar}. */
package io.jitploy.bench;
