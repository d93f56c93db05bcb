package dev.align4j.cli;

import dev.align4j.core.util.UserError;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code align4j spark}: the Spark jobs live in the distributed module's own jar, so that this jar carries no
 * Spark; {@code bin/align4j spark} runs them. Reached here (plain {@code java}, not the launcher), it says where they
 * are.
 */
@Command(name = "spark", description = "Reward-model jobs on Apache Spark (score, reward-accuracy): run through "
    + "bin/align4j spark, or spark-submit on a cluster (docs/spark.md).")
final class SparkCommand implements Runnable {
  @Unmatched List<String> args = new ArrayList<>();

  @Override
  public void run() {
    throw new UserError("the Spark jobs run from their own jar: bin/align4j spark " + String.join(" ", args)
        + " (or on a cluster: spark-submit --class dev.align4j.distributed.Align4jSpark "
        + "distributed/target/align4j-spark.jar ...; docs/spark.md)");
  }
}
