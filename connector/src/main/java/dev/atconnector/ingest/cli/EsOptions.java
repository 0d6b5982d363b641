package dev.atconnector.ingest.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How to reach and authenticate to Elasticsearch. Passwords and keys come from the environment or files only. */
final class EsOptions {
  @Option(names = "--es-url", paramLabel = "URL", description = "Elasticsearch URL, e.g. http://localhost:9200 (ES_URL)")
  String url;

  @Option(names = "--es-username", paramLabel = "USER",
      description = "basic-auth user; the password comes from ES_PASSWORD or --es-password-file (ES_USERNAME)")
  String username;

  @Option(names = "--es-password-file", paramLabel = "FILE", description = "file holding the password (ES_PASSWORD_FILE)")
  Path passwordFile;

  @Option(names = "--es-api-key-file", paramLabel = "FILE",
      description = "file holding an Elasticsearch API key (base64 id:key); else ES_API_KEY (ES_API_KEY_FILE)")
  Path apiKeyFile;

  @Option(names = "--es-ca-cert", paramLabel = "PEM", description = "CA certificate to trust for https (ES_CA_CERT)")
  Path caCert;

  @Option(names = "--es-compress", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "gzip bulk request bodies (default on: less network; --no-es-compress saves CPU when "
          + "Elasticsearch is on the same host) (ES_COMPRESS)")
  boolean compress;
}
