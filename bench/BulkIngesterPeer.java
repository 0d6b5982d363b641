import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;

/**
 * bench/run.sh peer A, what a user writes in an afternoon with the official Java client: one Activity Tracker day
 * downloaded (create session, download, delete session), GZIPInputStream + Jackson readTree per line, and every event
 * indexed as it came by the client's BulkIngester with its defaults (1,000 operations or 5 MB per request, one
 * request in flight), a create operation per event with the CADF id as _id (the stored event_uuid where an event
 * has no CADF id), so that a second run adds no duplicates. Prints one JSON line.
 *
 * <pre>java -cp CLASSPATH bench/BulkIngesterPeer.java SIM_URL TOKEN SPACE DAY ES_URL INDEX</pre>
 * (run.sh compiles it first with javac, so that its CPU figure does not include compiling the source file)
 */
public final class BulkIngesterPeer {
  public static void main(String[] args) throws Exception {
    String sim = args[0], token = args[1], space = args[2], day = args[3], index = args[5];
    ObjectMapper mapper = new ObjectMapper();
    HttpClient http = HttpClient.newHttpClient();
    AtomicLong created = new AtomicLong(), failed = new AtomicLong();
    long start = System.nanoTime();
    try (RestClient rest = RestClient.builder(HttpHost.create(args[4])).build()) {
      ElasticsearchClient es = new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper(mapper)));
      String body = "{\"start\":\"" + day + "\",\"end\":\"" + day + "\"}";
      String session = mapper.readTree(call(http, api(sim + "/v3/sessions", token, space)
          .POST(HttpRequest.BodyPublishers.ofString(body)), HttpResponse.BodyHandlers.ofString())).get("id").asText();
      InputStream download = call(http, api(sim + "/v3/events/download", token, space).header("SESSIONID", session),
          HttpResponse.BodyHandlers.ofInputStream());
      BulkListener<Void> listener = new BulkListener<>() {
        @Override public void beforeBulk(long id, BulkRequest request, List<Void> contexts) { }

        @Override public void afterBulk(long id, BulkRequest request, List<Void> contexts, BulkResponse response) {
          response.items().forEach(item -> (item.error() == null ? created : failed).incrementAndGet());
        }

        @Override public void afterBulk(long id, BulkRequest request, List<Void> contexts, Throwable failure) {
          failed.addAndGet(request.operations().size());
          failure.printStackTrace();
        }
      };
      try (BulkIngester<Void> ingester = BulkIngester.of(b -> b.client(es).listener(listener));
          BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(download),
              StandardCharsets.UTF_8))) {
        for (String line; (line = lines.readLine()) != null; ) {
          JsonNode event = mapper.readTree(line);
          JsonNode id = event.path("id").isTextual() ? event.get("id") : event.path("event_uuid");
          ingester.add(op -> op.create(c -> c.index(index).id(id.textValue()).document(event)));
        }
      } // close() flushes and waits for the requests in flight
      call(http, api(sim + "/v3/sessions/" + session, token, space).DELETE(), HttpResponse.BodyHandlers.discarding());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "{\"docs\":%d,\"failed\":%d,\"seconds\":%.3f,\"events_per_s\":%.0f}%n",
        created.get(), failed.get(), seconds, created.get() / seconds);
  }

  private static HttpRequest.Builder api(String url, String token, String space) {
    return HttpRequest.newBuilder(URI.create(url)).header("X-Auth-Token", "bearer " + token)
        .header("X-Auth-Project-Id", space);
  }

  private static <T> T call(HttpClient http, HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    HttpResponse<T> response = http.send(request.build(), handler);
    if (response.statusCode() / 100 != 2) {
      throw new IOException(request.build().uri() + " answered " + response.statusCode());
    }
    return response.body();
  }
}
