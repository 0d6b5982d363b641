package dev.atconnector.ingest.cli;

import dev.atconnector.ingest.config.CloudId;
import dev.atconnector.ingest.config.ConfigException;
import dev.atconnector.ingest.config.EsAccess;
import dev.atconnector.ingest.config.Settings;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How to reach and authenticate to Elasticsearch. Passwords and keys come from the environment or files only. */
final class EsOptions {
  @Option(names = "--es-url", paramLabel = "URL", split = ",",
      description = "Elasticsearch URL, e.g. http://localhost:9200; several hosts of one cluster comma-separated or "
          + "repeated (requests are spread over them, a host that does not answer is skipped) (ES_URL)")
  List<String> urls;

  @Option(names = "--es-cloud-id", paramLabel = "ID",
      description = "Elastic Cloud deployment ID (name:base64...), as the Cloud console shows it, instead of "
          + "--es-url; it also gives setup the Kibana URL (ES_CLOUD_ID)")
  String cloudId;

  @Option(names = "--es-username", paramLabel = "USER",
      description = "basic-auth user; the password comes from ES_PASSWORD or --es-password-file (ES_USERNAME)")
  String username;

  @Option(names = "--es-password-file", paramLabel = "FILE", description = "file holding the password (ES_PASSWORD_FILE)")
  Path passwordFile;

  @Option(names = "--es-api-key-file", paramLabel = "FILE",
      description = "file holding an Elasticsearch API key (base64 id:key); else ES_API_KEY (ES_API_KEY_FILE)")
  Path apiKeyFile;

  @Option(names = "--es-bearer-token-file", paramLabel = "FILE",
      description = "file holding a bearer token (OAuth2/JWT/service account token); else ES_BEARER_TOKEN "
          + "(ES_BEARER_TOKEN_FILE)")
  Path bearerTokenFile;

  @Option(names = "--es-ca-cert", paramLabel = "PEM",
      description = "CA certificate(s) to trust for https instead of the JDK's trust store, e.g. "
          + "config/certs/http_ca.crt (ES_CA_CERT)")
  Path caCert;

  @Option(names = "--es-ca-fingerprint", paramLabel = "SHA256",
      description = "trust the https chain anchored in the certificate with this SHA-256 fingerprint (hex, colons "
          + "optional), as Elasticsearch prints it at first start (ES_CA_FINGERPRINT)")
  String caFingerprint;

  @Option(names = "--es-compress", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "gzip bulk request bodies (default on: less network; --no-es-compress saves CPU when "
          + "Elasticsearch is on the same host) (ES_COMPRESS)")
  boolean compress;

  /** The validated settings; credentials only from the environment or files. */
  EsAccess access(Map<String, String> env) {
    return new EsAccess(hosts(), Optional.ofNullable(username).filter(s -> !s.isBlank()),
        Settings.secret(env.get("ES_PASSWORD"), passwordFile, "ES_PASSWORD", "--es-password-file"),
        Settings.secret(env.get("ES_API_KEY"), apiKeyFile, "ES_API_KEY", "--es-api-key-file"),
        Settings.secret(env.get("ES_BEARER_TOKEN"), bearerTokenFile, "ES_BEARER_TOKEN", "--es-bearer-token-file"),
        Optional.ofNullable(caCert), Optional.ofNullable(caFingerprint).filter(s -> !s.isBlank()), compress);
  }

  /** The Elastic Cloud deployment, when {@code --es-cloud-id} is given. */
  Optional<CloudId> cloud() {
    return Optional.ofNullable(cloudId).filter(s -> !s.isBlank()).map(CloudId::parse);
  }

  private List<URI> hosts() {
    List<String> given = urls == null ? List.of()
        : urls.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    Optional<CloudId> cloud = cloud();
    if (cloud.isPresent()) {
      if (!given.isEmpty()) {
        throw new ConfigException("both --es-url (ES_URL) and --es-cloud-id (ES_CLOUD_ID) are set: give one of "
            + "them");
      }
      return List.of(cloud.get().elasticsearch());
    }
    if (given.isEmpty()) {
      Settings.required(null, "--es-url (ES_URL) or --es-cloud-id (ES_CLOUD_ID)");
    }
    List<URI> hosts = new ArrayList<>();
    for (String u : given) {
      URI uri = Settings.httpUrl(u, "--es-url (ES_URL)");
      if (!hosts.contains(uri)) {
        hosts.add(uri);
      }
    }
    return hosts;
  }
}
