package dev.atconnector.ingest.sink;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atconnector.eslocal.EsEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/** Plain REST calls for template ITs: what the test checks must not go through the code under test. */
final class EsRest implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  final RestClient rest;
  final ElasticsearchClient client;

  EsRest(EsEndpoint es) {
    Header[] auth = es.authorizationHeader().map(h -> new Header[] {new BasicHeader("Authorization", h)})
        .orElse(new Header[0]);
    rest = RestClient.builder(HttpHost.create(es.uri().toString())).setDefaultHeaders(auth).build();
    client = new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
  }

  /** The answer's JSON; a DELETE of something already gone answers {}. */
  JsonNode call(String method, String path, String json) throws IOException {
    Request request = new Request(method, path);
    if (json != null) {
      request.setJsonEntity(json);
    }
    Response response;
    try {
      response = rest.performRequest(request);
    } catch (ResponseException e) {
      if (method.equals("DELETE") && e.getResponse().getStatusLine().getStatusCode() == 404) {
        return JSON.createObjectNode();
      }
      throw e;
    }
    String body = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
    return JSON.readTree(body.isEmpty() || body.equalsIgnoreCase("true") ? "{}" : body);
  }

  /**
   * Removes what {@code IndexTemplates.install(prefix)} made: both index templates, the component templates, and
   * the lifecycle policy where the cluster has ILM. One by one: a list fails as a whole when one is already gone.
   */
  void deleteTemplates(String prefix) throws IOException {
    String name = IndexTemplates.templateName(prefix);
    for (String template : List.of(name, name + "-dead-letter")) {
      call("DELETE", "/_index_template/" + template, null);
    }
    for (String component : List.of("@settings", "@mappings", "@custom", "@lifecycle")) {
      call("DELETE", "/_component_template/" + name + component, null);
    }
    attempt("DELETE", "/_ilm/policy/" + name, null); // absent where the cluster has no ILM
  }

  /** The HTTP status and body of a call that may fail. */
  JsonNode attempt(String method, String path, String json) throws IOException {
    try {
      return call(method, path, json);
    } catch (ResponseException e) {
      return JSON.readTree(EntityUtils.toString(e.getResponse().getEntity(), StandardCharsets.UTF_8));
    }
  }

  List<String> hits(String index, String query) throws IOException {
    JsonNode resp = call("POST", "/" + index + "/_search", "{\"size\":100,\"query\":" + query + "}");
    List<String> ids = new ArrayList<>();
    resp.at("/hits/hits").forEach(h -> ids.add(h.get("_id").asText()));
    return ids;
  }

  /** The mapped type of a (dotted) field in {@code index}, or null when it is not mapped. */
  String fieldType(String index, String field) throws IOException {
    JsonNode mapping = call("GET", "/" + index + "/_mapping/field/" + field, null)
        .at("/" + index + "/mappings/" + field.replace("/", "~1") + "/mapping");
    if (mapping.isMissingNode()) {
      return null;
    }
    String leaf = field.substring(field.lastIndexOf('.') + 1);
    return mapping.path(leaf).path("type").asText(null);
  }

  @Override
  public void close() throws IOException {
    client._transport().close();
  }
}
