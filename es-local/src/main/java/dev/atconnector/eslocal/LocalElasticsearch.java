package dev.atconnector.eslocal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real single-node Elasticsearch, started from the distribution the es-local build unpacked,
 * bound to 127.0.0.1 on a port the OS picks. {@link #close()} stops the whole process tree.
 *
 * <p>Layout under the work directory: {@code config/} (copied from the distribution),
 * {@code data/}, {@code logs/} (including {@code http.ports}), {@code tmp/} and
 * {@code console.log} (the process's stdout and stderr, appended to by restarts).
 *
 * <p>{@link #stop()} and {@link #restart()} take the node down and bring it back on the same data directory and
 * the same HTTP port, so a client keeps its URL across the outage (fault-injection tests).
 */
public final class LocalElasticsearch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalElasticsearch.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  /**
   * For the distribution's launcher and tool JVMs ({@code CLI_JAVA_OPTS}; the server's are {@code ES_JAVA_OPTS}): they
   * run briefly or sit idle, so compiling only with C1 spares ~1.5 s CPU of each start (4.7 s to 3.1 s measured).
   */
  static final String LAUNCHER_JAVA_OPTS = "-XX:TieredStopAtLevel=1";

  private final Launch launch;
  private final WorkDirs.Prepared workDir;
  private final EsEndpoint endpoint;
  private final Thread shutdownHook;
  private volatile Process process;
  private volatile boolean stopRequested;

  private LocalElasticsearch(Process process, Launch launch, WorkDirs.Prepared workDir, EsEndpoint endpoint) {
    this.process = process;
    this.launch = launch;
    this.workDir = workDir;
    this.endpoint = endpoint;
    this.shutdownHook = new Thread(this::shutdown, "es-local-shutdown-" + process.pid());
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** What a (re)launch needs besides the directory. */
  private record Launch(Path home, Path javaHome, RunAs runAs, Options options) {}

  /** Starts Elasticsearch with {@link Options#defaults()} and waits until it is yellow or green. */
  public static LocalElasticsearch start(Path workDir) {
    return start(workDir, Options.defaults());
  }

  /**
   * Starts Elasticsearch under {@code workDir} and waits until cluster health is yellow or green.
   * When this JVM is root and {@code workDir} is not reachable by uid 65534 (e.g. under
   * {@code /root}), a temp directory is used instead and logged.
   *
   * @throws IllegalStateException when Elasticsearch exits or does not get healthy within
   *     {@link Options#startupTimeout()}; the message carries the last lines of its log
   */
  public static LocalElasticsearch start(Path workDir, Options options) {
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(options, "options");
    RunAs runAs = RunAs.detect();
    Path home = Distribution.home(runAs);
    Path javaHome = Path.of(System.getProperty("java.home"));
    if (!runAs.canTraverse(javaHome.resolve("bin"))) {
      throw new IllegalStateException("Elasticsearch runs as uid " + RunAs.NOBODY + " (this JVM is"
          + " root) but cannot reach the JDK at " + javaHome + "; use a JDK installed outside"
          + " private directories, e.g. /usr/lib/jvm or /opt");
    }
    StaleNode.stopLeftovers(workDir.toAbsolutePath().normalize());
    WorkDirs.Prepared prepared = WorkDirs.prepare(workDir, home, runAs, options.wipeData(), options.configFiles());
    Path dir = prepared.dir();
    long t0 = System.nanoTime();
    Launch launch = new Launch(home, javaHome, runAs, options);
    Process process = launch(launch, dir, options.httpPort());
    LOG.info("Elasticsearch {} starting (pid {}) in {}", Distribution.version(), process.pid(), dir);
    try {
      int port = HealthProbe.awaitPortsFile(process, dir.resolve("logs/http.ports"),
          options.startupTimeout());
      EsEndpoint endpoint = options.access().endpoint(port);
      Duration left = options.startupTimeout().minusNanos(System.nanoTime() - t0);
      HealthProbe.awaitHealthy(endpoint, options.access().ssl(), process, left);
      LOG.info("Elasticsearch ready at {} after {} ms", endpoint.uri(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      StaleNode.record(dir, process);
      return new LocalElasticsearch(process, launch, prepared, endpoint);
    } catch (RuntimeException e) {
      destroyTree(process);
      String tail = WorkDirs.tail(dir.resolve("console.log"), 40);
      WorkDirs.cleanUp(prepared);
      throw new IllegalStateException(e.getMessage() + "\n--- last lines of "
          + dir.resolve("console.log") + " ---\n" + tail, e);
    }
  }

  private static Process launch(Launch launch, Path dir, int httpPort) {
    Path home = launch.home();
    Path javaHome = launch.javaHome();
    Options options = launch.options();
    List<String> cmd = new ArrayList<>(launch.runAs().commandPrefix());
    // bash, not the script's execute bit: unpackers do not always keep Unix modes
    cmd.addAll(List.of("/bin/bash", home.resolve("bin/elasticsearch").toString()));
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("discovery.type", "single-node");
    settings.put("network.host", "127.0.0.1");
    settings.put("http.port", Integer.toString(httpPort));
    settings.put("transport.port", "0");
    settings.put("node.portsfile", "true");
    settings.put("node.name", "es-local");
    settings.put("cluster.name", "es-local");
    settings.put("path.data", dir.resolve("data").toString());
    settings.put("path.logs", dir.resolve("logs").toString());
    settings.put("xpack.security.enabled", "false");
    // tests run on nearly full CI disks: do not turn indices read-only over watermarks
    settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
    settings.put("action.destructive_requires_name", "false");
    settings.putAll(options.extraSettings());
    settings.forEach((k, v) -> cmd.add("-E" + k + "=" + v));

    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    // inherited ES_* or JVM option variables would silently change this node
    env.keySet().removeIf(k -> k.startsWith("ES_") || k.equals("JAVA_TOOL_OPTIONS")
        || k.equals("_JAVA_OPTIONS") || k.equals("JAVA_OPTS") || k.equals("JAVA_HOME")
        || k.equals("CLI_JAVA_OPTS"));
    env.put("ES_JAVA_HOME", javaHome.toString());
    env.put("ES_PATH_CONF", dir.resolve("config").toString());
    env.put("ES_TMPDIR", dir.resolve("tmp").toString());
    env.put("ES_JAVA_OPTS", "-Xms" + options.heap() + " -Xmx" + options.heap());
    env.put("CLI_JAVA_OPTS", LAUNCHER_JAVA_OPTS);
    pb.redirectErrorStream(true);
    // append: a restart must not erase the log of the run before it
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("console.log").toFile()));
    try {
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + String.join(" ", cmd), e);
    }
  }

  /** Base URI and the credentials of {@link Options#access()} (none by default) of this node. */
  public EsEndpoint endpoint() {
    return endpoint;
  }

  public URI uri() {
    return endpoint.uri();
  }

  public int httpPort() {
    return endpoint.port();
  }

  /** The directory actually used (may be a temp directory, see {@link #start(Path, Options)}). */
  public Path workDir() {
    return workDir.dir();
  }

  /** The pid of the current launcher process (a restart changes it). */
  public long pid() {
    return process.pid();
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  /** Completes when the current Elasticsearch launcher process exits, for whatever reason. */
  public CompletableFuture<Process> onExit() {
    return process.onExit();
  }

  /** Stops Elasticsearch (SIGTERM, then SIGKILL after 30 s) and waits for every process. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook is running this very stop, nothing to remove
    }
    shutdown();
  }

  /** True once {@link #close()} or the JVM shutdown hook began stopping the node. */
  public boolean stopRequested() {
    return stopRequested;
  }

  /**
   * Stops the node (SIGTERM, then SIGKILL after 30 s) and waits for every process, keeping the data directory so
   * that {@link #restart()} brings the same indices back. Returns at once when the node is not running.
   */
  public synchronized void stop() {
    Process p = process;
    if (p.isAlive()) {
      LOG.info("stopping Elasticsearch (pid {}) for a restart", p.pid());
    }
    destroyTree(p);
  }

  /**
   * Starts the node again on the same data directory and the same HTTP port it got at first start (set
   * explicitly, so the OS cannot hand out another), stopping it first if it still runs, and waits until cluster
   * health is yellow or green.
   *
   * @throws IllegalStateException when the node was closed, or does not come back within the startup timeout
   *     (for instance because another process took the port meanwhile); the message carries its last log lines
   */
  public synchronized void restart() {
    if (stopRequested) {
      throw new IllegalStateException("Elasticsearch at " + endpoint.uri() + " was closed; start a new one");
    }
    stop();
    Path dir = workDir.dir();
    long t0 = System.nanoTime();
    try {
      // the old run's ports file would pass the wait below before the new node has bound
      Files.deleteIfExists(dir.resolve("logs/http.ports"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the old ports file in " + dir, e);
    }
    Process p = launch(launch, dir, endpoint.port());
    process = p;
    LOG.info("Elasticsearch restarting (pid {}) on port {} in {}", p.pid(), endpoint.port(), dir);
    Duration timeout = launch.options().startupTimeout();
    try {
      int port = HealthProbe.awaitPortsFile(p, dir.resolve("logs/http.ports"), timeout);
      if (port != endpoint.port()) {
        throw new IllegalStateException("Elasticsearch came back on port " + port + ", not " + endpoint.port());
      }
      HealthProbe.awaitHealthy(endpoint, launch.options().access().ssl(), p,
          timeout.minusNanos(System.nanoTime() - t0));
      StaleNode.record(dir, p);
      LOG.info("Elasticsearch back at {} after {} ms", endpoint.uri(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    } catch (RuntimeException e) {
      destroyTree(p);
      throw new IllegalStateException("restarting Elasticsearch on port " + endpoint.port() + " failed: "
          + e.getMessage() + "\n--- last lines of " + dir.resolve("console.log") + " ---\n"
          + WorkDirs.tail(dir.resolve("console.log"), 40), e);
    }
  }

  private void shutdown() {
    stopRequested = true;
    Process p = process;
    if (p.isAlive()) {
      LOG.info("stopping Elasticsearch (pid {})", p.pid());
    }
    destroyTree(p);
    WorkDirs.cleanUp(workDir);
  }

  /** The launcher forwards SIGTERM to the server, but a stuck server still gets killed. */
  private static void destroyTree(Process process) {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    process.destroy();
    long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
    for (ProcessHandle p : tree) {
      try {
        p.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        LOG.warn("Elasticsearch process {} ignored SIGTERM for {}; killing it", p.pid(), STOP_TIMEOUT);
        p.destroyForcibly();
        p.onExit().orTimeout(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS).exceptionally(x -> p).join();
      } catch (ExecutionException e) {
        throw new IllegalStateException("waiting for process " + p.pid() + " failed", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
        return;
      }
    }
  }

  /**
   * How the health probe (and {@link #endpoint()}) reach the node: plain http without credentials, or https
   * trusting {@code ssl} with a basic-auth user (a secured node, see {@link SecuredElasticsearch}).
   *
   * @param ssl trusts the node's certificate, or {@code null} for plain http
   * @param username basic-auth user, or {@code null}
   * @param password its password, or {@code null}
   */
  public record Access(SSLContext ssl, String username, String password) {
    /** Plain http, no credentials: the default node. */
    public static final Access PLAIN = new Access(null, null, null);

    EsEndpoint endpoint(int port) {
      return new EsEndpoint(URI.create((ssl == null ? "http" : "https") + "://127.0.0.1:" + port), username,
          password, null);
    }

    @Override
    public String toString() {
      return "Access[" + (ssl == null ? "http" : "https") + ", user=" + username + "]";
    }
  }

  /**
   * How to start the node.
   *
   * @param heap JVM heap, e.g. {@code 512m} (both -Xms and -Xmx)
   * @param httpPort 0 lets the OS pick a free port
   * @param startupTimeout from launch to healthy cluster
   * @param wipeData delete data and logs of a previous run first
   * @param extraSettings more {@code -E} settings, which win over the defaults
   * @param configFiles files to write under the node's {@code config/} directory (relative path to text), after the
   *     distribution's own are copied: certificates, {@code users}, {@code roles.yml}
   * @param access how to reach the node once started
   */
  public record Options(String heap, int httpPort, Duration startupTimeout, boolean wipeData,
      Map<String, String> extraSettings, Map<String, String> configFiles, Access access) {
    public Options {
      Objects.requireNonNull(heap, "heap");
      if (!heap.matches("\\d+[kKmMgG]")) {
        throw new IllegalArgumentException("heap must look like 512m or 1g, got '" + heap + "'");
      }
      if (httpPort < 0 || httpPort > 65535) {
        throw new IllegalArgumentException("httpPort must be 0..65535, got " + httpPort);
      }
      if (startupTimeout == null || startupTimeout.isNegative() || startupTimeout.isZero()) {
        throw new IllegalArgumentException("startupTimeout must be strictly positive");
      }
      extraSettings = Map.copyOf(extraSettings);
      configFiles = Map.copyOf(configFiles);
      for (String name : configFiles.keySet()) {
        Path p = Path.of(name).normalize();
        if (p.isAbsolute() || p.startsWith("..")) {
          throw new IllegalArgumentException("config file names must be relative to config/, got '" + name + "'");
        }
      }
      Objects.requireNonNull(access, "access");
    }

    /** 512 MB heap, port 0, 180 s startup budget (CI machines are shared), fresh data, plain http. */
    public static Options defaults() {
      return new Options("512m", 0, Duration.ofSeconds(180), true, Map.of(), Map.of(), Access.PLAIN);
    }

    public Options withHeap(String value) {
      return new Options(value, httpPort, startupTimeout, wipeData, extraSettings, configFiles, access);
    }

    public Options withHttpPort(int value) {
      return new Options(heap, value, startupTimeout, wipeData, extraSettings, configFiles, access);
    }

    public Options withStartupTimeout(Duration value) {
      return new Options(heap, httpPort, value, wipeData, extraSettings, configFiles, access);
    }

    public Options withWipeData(boolean value) {
      return new Options(heap, httpPort, startupTimeout, value, extraSettings, configFiles, access);
    }

    public Options withExtraSettings(Map<String, String> value) {
      return new Options(heap, httpPort, startupTimeout, wipeData, value, configFiles, access);
    }

    public Options withConfigFiles(Map<String, String> value) {
      return new Options(heap, httpPort, startupTimeout, wipeData, extraSettings, value, access);
    }

    public Options withAccess(Access value) {
      return new Options(heap, httpPort, startupTimeout, wipeData, extraSettings, configFiles, value);
    }
  }
}
