/**
 * JMH microbenchmarks of the hot paths: CLIP preprocessing ({@link ClipPreprocessingBenchmark}) and the
 * preference losses ({@link LossBenchmark}). They are compiled with the module (JMH's annotation processor
 * writes {@code META-INF/BenchmarkList}) and ride in the CLI jar, but {@code mvn verify} never runs them.
 *
 * <p>Run: {@code bin/align4j bench jmh} (everything), or pass JMH's own options after {@code --}, e.g.
 * {@code bin/align4j bench jmh -- -f 1 -wi 2 -i 3 -w 1s -r 1s LossBenchmark}; {@code -h} lists them,
 * {@code -l} lists the benchmarks. The same works as {@code java -cp <the CLI's class path> org.openjdk.jmh.Main}
 * (docs/benchmarks.md).
 *
 * <p>Adding one (a UNet denoising step, say): a public class here with {@code @State(Scope.Benchmark)},
 * the same {@code @Fork} settings as the others (they keep DJL offline in the forked JVM), setup in
 * {@code @Setup(Level.Trial)} and every per-invocation NDArray inside an {@code NDScope} so nothing leaks
 * between invocations. A benchmark that needs a modality adds that module to this module's pom.
 */
package dev.align4j.benchmarks.jmh;
