package dev.atconnector.ingest.setup;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atconnector.ingest.sink.SinkException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link AssetSync.Ledger} in Elasticsearch: one document per Kibana space ({@code kibana-<space>}) in the
 * index {@code at-connector-setup}, outside {@code logs-*} so no data view of events shows it.
 */
public final class EsLedger implements AssetSync.Ledger {
  public static final String INDEX = "at-connector-setup";
  private final ElasticsearchClient client;
  private final String id;

  public EsLedger(ElasticsearchClient client, String space) {
    this.client = Objects.requireNonNull(client, "client");
    this.id = "kibana-" + Objects.requireNonNull(space, "space");
  }

  @Override
  public Map<String, String> load() {
    Map<String, String> out = new LinkedHashMap<>();
    try {
      var got = client.get(g -> g.index(INDEX).id(id), ObjectNode.class);
      if (got.found() && got.source() != null) {
        got.source().path("hashes").properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
      }
    } catch (ElasticsearchException e) {
      if (e.status() != 404) {
        throw new SinkException("cannot read which saved objects setup imported (" + INDEX + "/" + id
            + ", HTTP " + e.status() + "): " + e.getMessage(), false, e.status(), e);
      }
    } catch (IOException e) {
      throw new SinkException("cannot read " + INDEX + ": Elasticsearch did not answer (" + e + ")", false, e);
    }
    return out;
  }

  @Override
  public void save(Map<String, String> hashes) {
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    ObjectNode h = doc.putObject("hashes");
    hashes.forEach(h::put);
    try {
      client.index(i -> i.index(INDEX).id(id).document(doc));
    } catch (ElasticsearchException e) {
      throw new SinkException("cannot record which saved objects setup imported (" + INDEX + "/" + id
          + ", HTTP " + e.status() + "): " + e.getMessage(), false, e.status(), e);
    } catch (IOException e) {
      throw new SinkException("cannot write " + INDEX + ": Elasticsearch did not answer (" + e + ")", false, e);
    }
  }
}
