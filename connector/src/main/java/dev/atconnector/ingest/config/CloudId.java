package dev.atconnector.ingest.config;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * An Elastic Cloud deployment ID, as the Cloud console shows it and Beats/Logstash take it ({@code cloud.id}):
 * {@code <name>:<base64 of "<host>[:<port>]$<es-uuid>$<kibana-uuid>">}. Elasticsearch answers at
 * {@code https://<es-uuid>.<host>:<port>} (port 443 by default), Kibana at {@code https://<kibana-uuid>.<host>:<port>}.
 *
 * @param name the deployment name (the part before the first colon; may be empty)
 * @param elasticsearch the Elasticsearch URL
 * @param kibana the Kibana URL, when the ID names one
 */
public record CloudId(String name, URI elasticsearch, Optional<URI> kibana) {
  private static final String FLAG = "--es-cloud-id (ES_CLOUD_ID)";

  /** Decodes an ID; a bad one is a {@link ConfigException} naming the flag and what is wrong (IDs are not secret). */
  public static CloudId parse(String id) {
    String value = id.strip();
    int colon = value.indexOf(':');
    String name = colon < 0 ? "" : value.substring(0, colon);
    String encoded = colon < 0 ? value : value.substring(colon + 1);
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(FLAG + " is not an Elastic Cloud ID: the part after '" + name + ":' is not base64; "
          + "copy the Cloud ID from the deployment's page in the Elastic Cloud console", e);
    }
    String[] parts = decoded.split("\\$", -1);
    if (parts.length < 2 || parts[0].isBlank() || parts[1].isBlank()) {
      throw new ConfigException(FLAG + " is not an Elastic Cloud ID: its base64 part must decode to "
          + "host$es-uuid$kibana-uuid; copy the Cloud ID from the deployment's page in the Elastic Cloud console");
    }
    String host = parts[0];
    String port = "443";
    int portColon = host.lastIndexOf(':');
    if (portColon > 0 && !host.endsWith("]")) {
      port = host.substring(portColon + 1);
      host = host.substring(0, portColon);
    }
    if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65_535) {
      throw new ConfigException(FLAG + " names port '" + port + "', which is not a port number");
    }
    URI es = uri(parts[1], host, port);
    Optional<URI> kibana = parts.length > 2 && !parts[2].isBlank() ? Optional.of(uri(parts[2], host, port))
        : Optional.empty();
    return new CloudId(name, es, kibana);
  }

  private static URI uri(String uuid, String host, String port) {
    try {
      URI uri = URI.create("https://" + uuid + "." + host + ":" + port);
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("no host");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(FLAG + " decodes to host '" + uuid + "." + host + "', which is not a host name", e);
    }
  }
}
