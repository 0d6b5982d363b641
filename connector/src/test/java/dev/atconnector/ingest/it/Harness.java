package dev.atconnector.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atconnector.eslocal.EsEndpoint;
import dev.atconnector.ingest.cli.CliAccess;
import dev.atconnector.sim.Simulator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;

/** The real Elasticsearch of the test JVM, a unique index prefix per test, and a way to run the CLI. */
final class Harness implements AutoCloseable {
  static final String TOKEN = "it-token-value-not-for-logs";
  static final String SPACE = "it-space";
  /**
   * Every run's retry backoffs at a tenth of the product's (hidden {@code --backoff-scale}): the fault cases assert
   * attempt counts and final states, not the schedule (SourceRetryTest, BulkSinkOutageTest check that on virtual
   * time), and sat through tens of seconds of backoff. A server's Retry-After is never scaled.
   */
  static final String BACKOFF_SCALE = "0.1";
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final Pattern SUMMARY = Pattern.compile(
      "at-connector ingest (\\S+): read=(\\d+) indexed=(\\d+) duplicates=(\\d+) dead_lettered=(\\d+) bytes=(\\d+) "
          + "sessions=(\\d+)");

  final EsEndpoint es;
  final String prefix;
  final RestClient rest;
  final ElasticsearchClient client;

  Harness(EsEndpoint es, String name) {
    this(es, null, name);
  }

  /** As {@link #Harness(EsEndpoint, String)} for an https cluster whose certificate {@code ssl} trusts. */
  Harness(EsEndpoint es, javax.net.ssl.SSLContext ssl, String name) {
    this.es = es;
    this.prefix = "it-" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "") + "-" + SEQ.incrementAndGet()
        + "-";
    var builder = RestClient.builder(new HttpHost(es.host(), es.port(), es.uri().getScheme()));
    es.authorizationHeader().ifPresent(h -> builder.setDefaultHeaders(new Header[] {
        new BasicHeader("Authorization", h)}));
    if (ssl != null) {
      builder.setHttpClientConfigCallback(hc -> hc.setSSLContext(ssl));
    }
    this.rest = builder.build();
    this.client = new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
  }

  /** Runs {@code at-connector ingest} against the simulator with the test's prefix; returns the outcome. */
  Run ingest(Simulator sim, String... extra) {
    return ingest(sim, new SimpleMeterRegistry(), extra);
  }

  /** As {@link #ingest(Simulator, String...)}, recording the run's meters in {@code meters}. */
  Run ingest(Simulator sim, MeterRegistry meters, String... extra) {
    Map<String, String> env = es.environment();
    env.put("AT_TOKEN", TOKEN);
    env.put("AT_ENDPOINT", sim.baseUrl());
    env.put("AT_SPACE_ID", SPACE);
    return run(env, meters, extra);
  }

  Run run(Map<String, String> env, String... extra) {
    return run(env, new SimpleMeterRegistry(), extra);
  }

  Run run(Map<String, String> given, MeterRegistry meters, String... extra) {
    Map<String, String> env = new HashMap<>(given);
    // each test its own checkpoint index (deleted with the prefix), so reruns of a suite start clean
    env.putIfAbsent("AT_CHECKPOINT_INDEX", checkpointIndex());
    // the tests written for the monthly indices stay on them; data stream tests pass --destination data-stream
    env.putIfAbsent("AT_DESTINATION", "monthly");
    env.putIfAbsent("AT_BACKOFF_SCALE", BACKOFF_SCALE);
    List<String> args = new ArrayList<>(List.of("ingest", "--index-prefix", prefix));
    args.addAll(List.of(extra));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CliAccess.run(args.toArray(String[]::new), env, new PrintWriter(out), new PrintWriter(err), meters);
    return new Run(code, out.toString(), err.toString());
  }

  /** The test's own data stream namespace (the shared cluster holds every test's streams). */
  String namespace() {
    return prefix.replaceAll("[^a-z0-9]", "");
  }

  /** The test's data stream, {@code logs-ibmcloud.activity_tracker-<namespace>}. */
  String dataStream() {
    return "logs-ibmcloud.activity_tracker-" + namespace();
  }

  /** The flags that send a run to the test's data stream. */
  String[] toDataStream(String... more) {
    List<String> args = new ArrayList<>(List.of("--destination", "data-stream", "--namespace", namespace()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  /** The test's checkpoint index. */
  String checkpointIndex() {
    return prefix + "checkpoints";
  }

  /** All event document ids under the prefix (not the dead letters), each as often as it is stored. */
  List<String> eventIds() {
    return ids(prefix + "20*");
  }

  List<String> ids(String pattern) {
    refresh();
    List<String> ids = new ArrayList<>();
    try {
      SearchResponse<Void> first = client.search(s -> s.index(pattern).size(5000).source(src -> src.fetch(false))
          .scroll(t -> t.time("1m")).allowNoIndices(true).ignoreUnavailable(true), Void.class);
      String scrollId = first.scrollId();
      List<Hit<Void>> hits = first.hits().hits();
      while (!hits.isEmpty()) {
        hits.forEach(h -> ids.add(h.id()));
        String id = scrollId;
        var page = client.scroll(s -> s.scrollId(id).scroll(t -> t.time("1m")), Void.class);
        scrollId = page.scrollId();
        hits = page.hits().hits();
      }
      if (scrollId != null) {
        String id = scrollId;
        client.clearScroll(c -> c.scrollId(id));
      }
      return ids;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<JsonNode> deadLetters() {
    refresh();
    try {
      SearchResponse<ObjectNode> r = client.search(s -> s.index(prefix + "dead-letter").size(10_000)
          .allowNoIndices(true).ignoreUnavailable(true), ObjectNode.class);
      return r.hits().hits().stream().map(Hit::source).map(JsonNode.class::cast).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long count(String pattern) {
    refresh();
    try {
      return client.count(c -> c.index(pattern).allowNoIndices(true).ignoreUnavailable(true)).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void refresh() {
    try {
      client.indices().refresh(r -> r.index(prefix + "*").allowNoIndices(true).ignoreUnavailable(true));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      client.indices().delete(d -> d.index(prefix + "*").allowNoIndices(true).ignoreUnavailable(true));
      client.indices().deleteDataStream(d -> d.name(dataStream()));
    } catch (co.elastic.clients.elasticsearch._types.ElasticsearchException e) {
      // 404: no data stream; 405: the minimal test distribution has no data stream management API (the stream
      // stays, under this test's own namespace, in a throwaway cluster)
      if (e.status() != 404 && e.status() != 405) {
        throw e;
      }
    } finally {
      rest.close();
    }
  }

  /** One CLI run: exit code, stdout, stderr, and the parsed summary line. */
  record Run(int code, String out, String err) {
    Summary summary() {
      Matcher m = SUMMARY.matcher(out);
      assertThat(m.find()).as("summary line in stdout:\n%s\nstderr:\n%s", out, err).isTrue();
      return new Summary(m.group(1), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
          Long.parseLong(m.group(4)), Long.parseLong(m.group(5)), Long.parseLong(m.group(6)),
          Long.parseLong(m.group(7)));
    }

    @Override
    public String toString() {
      return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }

  record Summary(String status, long read, long indexed, long duplicates, long deadLettered, long bytes,
      long sessions) {}
}
