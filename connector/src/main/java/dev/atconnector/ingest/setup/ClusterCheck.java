package dev.atconnector.ingest.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atconnector.ingest.failure.HttpStatuses;
import dev.atconnector.ingest.failure.Kind;
import dev.atconnector.ingest.failure.Side;
import dev.atconnector.ingest.sink.SinkException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/**
 * What {@code setup} checks before installing anything: the cluster's version (8.x is what the templates and the
 * client are built for; older is refused, a newer major is warned about) and whether ILM answers.
 */
public final class ClusterCheck {
  /** The newest major the connector was tested with. */
  static final int TESTED_MAJOR = 8;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ClusterCheck() {}

  /**
   * The cluster as found.
   *
   * @param name cluster name
   * @param version e.g. {@code 8.19.12}
   * @param flavor build flavor ({@code default}, {@code oss}, or empty when not reported)
   * @param ilm whether {@code _ilm/status} answers
   * @param warnings what the user should know, e.g. an untested major
   */
  public record ClusterInfo(String name, String version, String flavor, boolean ilm, List<String> warnings) {
    public ClusterInfo {
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * @param where the Elasticsearch URL, for messages
   * @throws SinkException when the cluster cannot be reached, refuses the credentials, or is older than 8.0
   */
  public static ClusterInfo check(RestClient rest, String where) {
    JsonNode root = get(rest, "/", where);
    if (root == null || !root.at("/version/number").isTextual()) {
      // some distributions (e.g. the integ-test zip) refuse GET /: ask a node instead
      JsonNode nodes = get(rest, "/_nodes/_local?filter_path=cluster_name,nodes.*.version", where);
      root = JSON.createObjectNode().put("cluster_name", nodes == null ? "" : nodes.path("cluster_name").asText())
          .set("version", JSON.createObjectNode().put("number",
              nodes == null ? "" : nodes.path("nodes").elements().hasNext()
                  ? nodes.path("nodes").elements().next().path("version").asText() : ""));
    }
    String version = root.at("/version/number").asText();
    int major = major(version);
    if (major < 0) {
      throw new SinkException("Elasticsearch at " + where + " did not tell its version (got '" + version
          + "'): is this URL an Elasticsearch cluster?", false, null);
    }
    if (major < TESTED_MAJOR) {
      throw new SinkException("Elasticsearch at " + where + " is version " + version + ": at-connector needs 8.0 or"
          + " newer (composable index templates, the 8.x client); upgrade the cluster", false, null);
    }
    List<String> warnings = new ArrayList<>();
    if (major > TESTED_MAJOR) {
      warnings.add("Elasticsearch " + version + " is a major version at-connector was not tested with (tested: "
          + TESTED_MAJOR + ".x); continuing");
    }
    boolean ilm;
    try {
      ilm = get(rest, "/_ilm/status", where) != null;
    } catch (SinkException e) {
      if (!e.authFailure()) {
        throw e;
      }
      // manage_ilm (read_ilm) is optional: without it the policy is skipped, as where ILM is missing
      warnings.add("the credential may not read ILM (" + e.getMessage() + "): the ILM policy is skipped");
      ilm = false;
    }
    return new ClusterInfo(root.path("cluster_name").asText(), version, root.at("/version/build_flavor").asText(""),
        ilm, warnings);
  }

  /** The major of {@code 8.19.12} (8), or -1 when the text is not a version. */
  static int major(String version) {
    int dot = version.indexOf('.');
    String head = dot < 0 ? version : version.substring(0, dot);
    return head.matches("\\d{1,3}") ? Integer.parseInt(head) : -1;
  }

  /** Elasticsearch's reason in an error answer (its first root cause), or the status line when there is none. */
  public static String reason(ResponseException e) {
    try {
      JsonNode body = JSON.readTree(EntityUtils.toString(e.getResponse().getEntity(), StandardCharsets.UTF_8));
      JsonNode reason = body.at("/error/reason");
      return reason.isTextual() ? reason.asText() : e.getResponse().getStatusLine().toString();
    } catch (IOException | RuntimeException x) {
      return e.getResponse().getStatusLine().toString();
    }
  }

  /** The JSON answer, or null when the endpoint answered an error other than an auth failure. */
  private static JsonNode get(RestClient rest, String path, String where) {
    try {
      var response = rest.performRequest(new Request("GET", path));
      return JSON.readTree(EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8));
    } catch (ResponseException e) {
      int status = e.getResponse().getStatusLine().getStatusCode();
      if (HttpStatuses.kind(Side.ELASTICSEARCH, status) == Kind.AUTH) {
        throw new SinkException("Elasticsearch at " + where + " refused GET " + path + " (HTTP " + status + ")",
            true, e);
      }
      return null;
    } catch (IOException e) {
      throw new SinkException("Elasticsearch at " + where + " did not answer (" + e.getClass().getSimpleName()
          + "); check --es-url (ES_URL) and that the cluster is up", false, e);
    }
  }
}
