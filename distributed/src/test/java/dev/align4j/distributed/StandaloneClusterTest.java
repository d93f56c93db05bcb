package dev.align4j.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.cli.Align4j;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.duckdb.DuckDBDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone cluster started from the Spark jars: a master and a worker JVM on loopback, the score job's
 * driver in a third JVM (as spark-submit's client mode runs it). Once the first task has committed its output,
 * the executor JVM is killed: the master starts another, Spark reruns what was lost, and the committed output
 * holds every row exactly once, with the single-machine command's scores.
 */
class StandaloneClusterTest {
  static final Path MODELS = Path.of("../models").toAbsolutePath().normalize();
  static final String[] OPENS = {"java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net",
      "java.nio", "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "jdk.internal.ref",
      "sun.nio.ch", "sun.nio.cs", "sun.security.action", "sun.util.calendar"};
  @TempDir static Path dir;
  static final List<Process> STARTED = new ArrayList<>();
  static Process worker;
  static String master;

  @BeforeAll
  static void startCluster() throws Exception {
    Path home = Files.createDirectories(dir.resolve("spark-home/jars"));  // the launcher wants SPARK_HOME/jars
    Files.writeString(dir.resolve("log4j2.properties"), String.join("\n", "rootLogger.level = info",
        "rootLogger.appenderRef.stdout.ref = console", "appender.console.type = Console",
        "appender.console.name = console", "appender.console.layout.type = PatternLayout",
        "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n%ex", ""));
    int port = freePort();
    master = "spark://127.0.0.1:" + port;
    Process m = start("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
        Integer.toString(port), "--webui-port", Integer.toString(freePort())), home.getParent());
    worker = start("worker", List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "2",
        "--memory", "3g", "--webui-port", Integer.toString(freePort()), "--work-dir", dir.resolve("work").toString(),
        master), home.getParent());
    waitForLine(dir.resolve("master.log"), "I have been elected leader", m);
    waitForLine(dir.resolve("worker.log"), "Successfully registered with master", worker);
  }

  @AfterAll
  static void stopCluster() {
    for (Process p : STARTED) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  @Test
  void killedExecutorLosesNothingAndDoublesNothing() throws Exception {
    Run data = align4j("data", "shapes", "--out", dir.resolve("shapes").toString(), "--pairs", "200");
    assertEquals(0, data.code, data.err);
    Path train = dir.resolve("shapes/train.parquet");
    Path jsonl = dir.resolve("single.jsonl");
    Run single = align4j("score", "--reward", "pickscore", "--data", train.toString(), "--out", jsonl.toString(),
        "--models-dir", MODELS.toString());
    assertEquals(0, single.code, single.err);

    Path out = dir.resolve("cluster.scores.parquet");
    Process driver = start("driver", List.of(Align4jSpark.class.getName(), "score", "--master", master, "--reward",
        "pickscore", "--data", train.toString(), "--out", out.toString(), "--models-dir", MODELS.toString(),
        "--partitions", "8", "--batch", "8"), dir);
    boolean killed = killExecutorOnceATaskCommitted(driver);
    assertTrue(driver.waitFor(120, TimeUnit.SECONDS), "driver still running");
    String driverLog = Files.readString(dir.resolve("driver.log"));
    assertEquals(0, driver.exitValue(), driverLog);
    assertTrue(killed, "an executor was killed mid-job");
    assertTrue(driverLog.contains("scored 200 pairs with pickscore"), driverLog);
    try (Stream<Path> apps = Files.list(dir.resolve("work"))) {
      Path app = apps.findFirst().orElseThrow();
      try (Stream<Path> executors = Files.list(app)) {
        assertTrue(executors.count() >= 2, "the master started a second executor");
      }
    }

    Map<Long, JsonNode> expected = new HashMap<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(jsonl)) {
      JsonNode n = json.readTree(line);
      expected.put(n.get("row").asLong(), n);
    }
    // Read back with DuckDB: no second Spark session to start.
    try (Connection db = new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
        Statement q = db.createStatement();
        ResultSet r = q.executeQuery("SELECT \"row\", score_0, score_1 FROM read_parquet('"
            + out.resolve("*.parquet") + "')")) {
      Set<Long> seen = new HashSet<>();
      while (r.next()) {
        assertTrue(seen.add(r.getLong(1)), "row " + r.getLong(1) + " twice");
        JsonNode e = expected.get(r.getLong(1));
        assertEquals(Float.floatToIntBits(e.get("score_0").floatValue()), Float.floatToIntBits(r.getFloat(2)));
        assertEquals(Float.floatToIntBits(e.get("score_1").floatValue()), Float.floatToIntBits(r.getFloat(3)));
      }
      assertEquals(expected.keySet(), seen, "nothing lost or doubled");
    }
  }

  /** Waits for the first committed task under the job's temporary output, then kills the executor JVM. */
  private static boolean killExecutorOnceATaskCommitted(Process driver) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (driver.isAlive() && System.nanoTime() < deadline) {
      if (committedTask()) {
        Optional<ProcessHandle> executor = worker.children().findFirst();
        if (executor.isPresent()) {
          executor.get().destroyForcibly();
          return true;
        }
      }
      Thread.sleep(20);
    }
    return false;
  }

  private static boolean committedTask() throws IOException {
    try (Stream<Path> files = Files.walk(dir, 6)) {
      return files.anyMatch(p -> p.toString().contains(".cluster.scores.parquet.tmp-")
          && p.getFileName().toString().startsWith("task_") && p.toString().contains("_temporary"));
    }
  }

  /** A JVM on the test class path, with Spark's module openings, its output in {@code NAME.log}. */
  private static Process start(String name, List<String> mainAndArgs, Path sparkHome) throws IOException {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    for (String p : OPENS) cmd.add("--add-opens=java.base/" + p + "=ALL-UNNAMED");
    cmd.addAll(List.of("-Xmx1g", "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"), "-cp", classPath));
    cmd.addAll(mainAndArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile());
    pb.environment().put("SPARK_HOME", sparkHome.toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.13");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    // Executors get the test class path too (the worker's launcher adds SPARK_DIST_CLASSPATH).
    pb.environment().put("SPARK_DIST_CLASSPATH", classPath);
    Process p = pb.start();
    STARTED.add(p);
    return p;
  }

  private static void waitForLine(Path log, String text, Process p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains(text)) return;
      if (!p.isAlive()) throw new AssertionError(log + ": exited\n" + Files.readString(log));
      Thread.sleep(100);
    }
    throw new AssertionError(log + ": no '" + text + "' within 60 s\n" + Files.readString(log));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  record Run(int code, String out, String err) {}

  static Run align4j(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Align4j.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }
}
