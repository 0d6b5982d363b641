package dev.atconnector.sim;

import dev.atconnector.sim.events.Framing;
import dev.atconnector.sim.events.RecordShape;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar at-simulator.jar [options]}: runs the simulator until SIGINT/SIGTERM. Prints exactly one line to
 * stdout once bound, {@code at-simulator listening on http://HOST:PORT}; everything else goes to stderr.
 */
@Command(name = "at-simulator", mixinStandardHelpOptions = true, version = "at-simulator 0.1.0",
    sortOptions = false, usageHelpWidth = 110,
    description = "A stand-in for the retired IBM Cloud Activity Tracker v3 download-session API.")
@SuppressForbidden(reason = "the CLI's contract is one line on stdout")
public final class Main implements Callable<Integer> {
  static final String DEFAULT_USER = "user@example.com";

  @Spec private CommandSpec spec;

  @Option(names = "--host", description = "address to bind (default ${DEFAULT-VALUE})")
  private String host = "127.0.0.1";
  @Option(names = "--port", description = "port to bind, 0 for any free port (default ${DEFAULT-VALUE})")
  private int port = 0;
  @Option(names = "--seed", description = "seed every event derives from (default ${DEFAULT-VALUE})")
  private long seed = 42;
  @Option(names = "--events-per-day", description = "mean events per scope and day (default ${DEFAULT-VALUE})")
  private int eventsPerDay = 1000;
  @Option(names = "--framing", description = "ndjson|array|concatenated (default ${DEFAULT-VALUE})")
  private String framing = "ndjson";
  @Option(names = "--shape", description = "stored|cadf|envelope (default ${DEFAULT-VALUE})")
  private String shape = "stored";
  @Option(names = "--multi-member", description = "one gzip member per day instead of a single member")
  private boolean multiMember;
  @Option(names = "--gzip-level", description = "deflate level 1..9 (default ${DEFAULT-VALUE}: fastest, so the simulator is not the bottleneck)")
  private int gzipLevel = 1;
  @Option(names = "--chunk-size", description = "largest compressed chunk written at once, bytes (default ${DEFAULT-VALUE})")
  private int chunkSize = 32 * 1024;
  @Option(names = "--token", paramLabel = "TOKEN[=USER]", description = "a static token (repeatable); user default "
      + DEFAULT_USER)
  private List<String> tokens = new ArrayList<>();
  @Option(names = "--api-key", paramLabel = "KEY[=USER]", description = "an API key for the UAA token endpoint "
      + "(repeatable); user default " + DEFAULT_USER)
  private List<String> apiKeys = new ArrayList<>();
  @Option(names = "--token-lifetime", paramLabel = "SECONDS", description = "lifetime of issued tokens (default ${DEFAULT-VALUE})")
  private long tokenLifetime = 43200;
  @Option(names = "--spaces", split = ",", paramLabel = "ID", description = "accept only these spaces (403 for others)")
  private List<String> spaces = new ArrayList<>();
  @Option(names = "--no-account-access", paramLabel = "USER", description = "403 for this user's AtAccountLevel sessions (repeatable)")
  private List<String> noAccountAccess = new ArrayList<>();
  @Option(names = "--scenario", paramLabel = "NAME:SPACE:START", description = "add a scenario of fixed events "
      + "(repeatable): 'security' (the detection rules' triggers and lookalikes, simulator/README.md) for the space "
      + "and its account, first day START (YYYY-MM-DD)")
  private List<String> scenarios = new ArrayList<>();
  @Option(names = "--poison-days", paramLabel = "YYYY-MM-DD[,...]", split = ",",
      description = "every download of a session whose range holds one of these UTC days is garbled (its gzip CRC "
          + "check fails, every time): a poison window; POST /_sim/poison?days= changes or lifts it")
  private List<String> poisonDays = new ArrayList<>();
  @CommandLine.ArgGroup(exclusive = false, heading = "%nFaults (all deterministic, 0 = off):%n")
  private FaultOptions faults = new FaultOptions();

  private final CountDownLatch stopped = new CountDownLatch(1);

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "at-simulator-logback.xml");
    }
    int exit = commandLine(new Main()).execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }

  static CommandLine commandLine(Main main) {
    CommandLine cli = new CommandLine(main);
    cli.setOut(new PrintWriter(System.out, true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(System.err, true, StandardCharsets.UTF_8));
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("at-simulator: " + e.getMessage());
      return 1;
    });
    return cli;
  }

  @Override
  public Integer call() {
    Simulator.Builder builder = builder();
    java.util.Set<java.time.LocalDate> poison = poisonDays();
    Simulator simulator = builder.start();
    simulator.poisonDays(poison);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      simulator.close();
      stopped.countDown();
    }, "at-sim-shutdown"));
    System.out.println("at-simulator listening on " + simulator.baseUrl());
    System.out.flush();
    awaitStop();
    return 0;
  }

  private void awaitStop() {
    while (true) {
      try {
        stopped.await();
        return;
      } catch (InterruptedException e) {
        // only the shutdown hook ends the wait: the server must stay up until SIGINT/SIGTERM
      }
    }
  }

  private java.util.Set<java.time.LocalDate> poisonDays() {
    java.util.Set<java.time.LocalDate> days = new java.util.TreeSet<>();
    for (String d : poisonDays) {
      try {
        days.add(java.time.LocalDate.parse(d.strip()));
      } catch (java.time.format.DateTimeParseException e) {
        throw new ParameterException(spec.commandLine(), "--poison-days '" + d + "' is not a day: use YYYY-MM-DD");
      }
    }
    return days;
  }

  /** The options as a builder; a bad value is a usage error naming the option. */
  Simulator.Builder builder() {
    try {
      Simulator.Builder builder = Simulator.builder().host(host).port(port).seed(seed).eventsPerDay(eventsPerDay)
          .framing(parseEnum(Framing.class, "--framing", framing))
          .shape(parseEnum(RecordShape.class, "--shape", shape))
          .multiMember(multiMember).gzipLevel(gzipLevel).chunkSize(chunkSize)
          .tokenLifetime(Duration.ofSeconds(tokenLifetime))
          .faults(faults.toFaults());
      tokens.forEach(t -> builder.token(key(t), user(t)));
      apiKeys.forEach(k -> builder.apiKey(key(k), user(k)));
      spaces.forEach(builder::space);
      noAccountAccess.forEach(builder::noAccountAccess);
      scenarios.forEach(s -> scenario(builder, s));
      builder.config(); // validates every option now, before binding
      return builder;
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private static void scenario(Simulator.Builder builder, String value) {
    String[] parts = value.split(":", -1);
    if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank()) {
      throw new IllegalArgumentException("--scenario '" + value + "' must be NAME:SPACE:START, e.g. "
          + "security:my-space:2019-06-08");
    }
    java.time.LocalDate start;
    try {
      start = java.time.LocalDate.parse(parts[2].strip());
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("--scenario '" + value + "': START '" + parts[2] + "' is not a date; use "
          + "YYYY-MM-DD", e);
    }
    if (!"security".equals(parts[0].strip())) {
      throw new IllegalArgumentException("--scenario '" + value + "': unknown scenario '" + parts[0]
          + "'; known: security");
    }
    builder.scenario(parts[0].strip(), parts[1].strip(), start);
  }

  private static <E extends Enum<E>> E parseEnum(Class<E> type, String option, String value) {
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + " must be one of "
          + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT) + " (was '" + value + "')", e);
    }
  }

  /** TOKEN[=USER]: the user follows the last '=' unless that leaves it empty (Base64 padding stays in the token). */
  static String key(String value) {
    int eq = value.lastIndexOf('=');
    return eq <= 0 || eq == value.length() - 1 ? value : value.substring(0, eq);
  }

  static String user(String value) {
    int eq = value.lastIndexOf('=');
    return eq <= 0 || eq == value.length() - 1 ? DEFAULT_USER : value.substring(eq + 1);
  }

  /** The fault options. */
  static final class FaultOptions {
    @Option(names = "--fail-creates", paramLabel = "N", description = "the first N session creates answer 503")
    int failCreates;
    @Option(names = "--fail-rate", paramLabel = "P", description = "fraction 0..1 of API calls answering 500/503")
    double failRate;
    @Option(names = "--throttle-every", paramLabel = "N", description = "every N-th API call answers 429")
    int throttleEvery;
    @Option(names = "--retry-after", paramLabel = "SECONDS", description = "Retry-After of 429s (default 1)")
    int retryAfter = 1;
    @Option(names = "--slow", paramLabel = "BYTES_PER_SEC", description = "pace downloads to this rate")
    long slow;
    @Option(names = "--cut-after", paramLabel = "BYTES", description = "close the connection after N bytes of a download")
    long cutAfter;
    @Option(names = "--cut-downloads", paramLabel = "K", description = "cut only the first K downloads, 0 = all (default 1)")
    int cutDownloads = 1;
    @Option(names = "--corrupt-gzip", description = "corrupt the gzip stream of downloads")
    boolean corruptGzip;
    @Option(names = "--malformed-every", paramLabel = "N", description = "a malformed record after every N-th record")
    int malformedEvery;
    @Option(names = "--expire-token-mid-download", paramLabel = "BYTES",
        description = "the first download's token expires after N bytes: the stream is cut, the token answers 401")
    long expireTokenAfter;
    @Option(names = "--garble-downloads", paramLabel = "K",
        description = "the first K downloads carry records altered after their gzip CRC32 (only the CRC check fails)")
    int garbleDownloads;
    @Option(names = "--fail-deletes", paramLabel = "N", description = "the first N session deletes answer 503")
    int failDeletes;

    Faults toFaults() {
      return new Faults(failCreates, failRate, throttleEvery, retryAfter, slow, cutAfter, cutDownloads, corruptGzip,
          malformedEvery, expireTokenAfter, garbleDownloads, failDeletes);
    }
  }
}
