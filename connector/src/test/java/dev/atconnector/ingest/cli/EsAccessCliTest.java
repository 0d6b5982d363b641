package dev.atconnector.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atconnector.ingest.config.IngestConfig;
import dev.atconnector.ingest.es.FakeTlsEs;
import dev.atconnector.ingest.es.FakeTlsEsExtension;
import dev.atconnector.ingest.es.TestCerts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ingest}'s Elasticsearch access end to end in-process: settings from the environment and files, TLS to a fake
 * https Elasticsearch, auth failures at preflight naming the credential (exit 3), secrets in no output.
 */
class EsAccessCliTest {
  static final String AT_TOKEN = "at-token-must-not-leak-4711";
  static final String ES_KEY = "es-api-key-must-not-leak-0815";
  static final String ES_BEARER = "es-bearer-must-not-leak-1234";
  @RegisterExtension
  static final FakeTlsEsExtension es = new FakeTlsEsExtension();

  static Map<String, String> env() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("AT_ENDPOINT", "http://127.0.0.1:1"); // never reached: preflight fails first
    env.put("AT_SPACE_ID", "space-1");
    env.put("AT_TOKEN", AT_TOKEN);
    env.put("ES_URL", es.url());
    env.put("ES_CA_FINGERPRINT", TestCerts.colonFingerprint(es.certs().ca));
    return env;
  }

  @Test
  void aRejectedApiKeyFileFailsPreflightWithExit3NamingTheFileNotTheKey() throws Exception {
    Path keyFile = es.certs().dir.resolve("cli-es-key");
    Files.writeString(keyFile, ES_KEY + "\n", StandardCharsets.UTF_8);
    es.answer(401, FakeTlsEs.UNAUTHORIZED);
    try (CliCapture cli = new CliCapture(env())) {
      CliCapture.Result r = cli.env("ES_API_KEY_FILE", keyFile.toString()).run("ingest");

      assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.AUTH);
      assertThat(r.err()).contains("rejected the API key from ES_API_KEY_FILE=" + keyFile).contains("HTTP 401");
      assertThat(es.seen()).last().extracting(FakeTlsEs.Seen::authorization).isEqualTo("ApiKey " + ES_KEY);
      assertThat(cli.everything()).doesNotContain(ES_KEY).doesNotContain(AT_TOKEN);
    }
  }

  @Test
  void aForbiddenBearerTokenFromTheEnvironmentIsNamedAsSuch() throws Exception {
    es.answer(403, FakeTlsEs.UNAUTHORIZED.replace("401", "403"));
    try (CliCapture cli = new CliCapture(env())) {
      CliCapture.Result r = cli.env("ES_BEARER_TOKEN", ES_BEARER).run("ingest");

      assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.AUTH);
      assertThat(r.err()).contains("accepted the bearer token from ES_BEARER_TOKEN but refused the request")
          .contains("HTTP 403");
      assertThat(es.seen()).last().extracting(FakeTlsEs.Seen::authorization).isEqualTo("Bearer " + ES_BEARER);
      assertThat(cli.everything()).doesNotContain(ES_BEARER).doesNotContain(AT_TOKEN);
    }
  }

  @Test
  void aFingerprintMismatchIsASinkFailureThatSaysWhichCertificateTheServerHas() throws Exception {
    Map<String, String> env = env();
    env.put("ES_CA_FINGERPRINT", TestCerts.sha256(es.certs().rogue));
    try (CliCapture cli = new CliCapture(env)) {
      CliCapture.Result r = cli.run("ingest");

      assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.SINK);
      assertThat(r.err()).contains("ES_CA_FINGERPRINT").contains(TestCerts.sha256(es.certs().server));
    }
  }

  @Test
  void credentialsAndTrustSettingsAreReadFromTheEnvironmentAndFiles() throws Exception {
    Path tokenFile = es.certs().dir.resolve("cli-bearer");
    Files.writeString(tokenFile, ES_BEARER, StandardCharsets.UTF_8);
    Map<String, String> env = env();
    env.put("ES_BEARER_TOKEN_FILE", tokenFile.toString());

    IngestConfig config = CliAccess.config(new String[] {"ingest"}, env);

    assertThat(config.esAccess().bearerToken()).map(s -> s.reveal()).contains(ES_BEARER);
    assertThat(config.esAccess().credential()).isEqualTo("the bearer token from ES_BEARER_TOKEN_FILE=" + tokenFile);
    assertThat(config.esAccess().caFingerprint()).contains(TestCerts.sha256(es.certs().ca));
  }

  @Test
  void badEsSettingsAreUsageErrorsNamingTheSetting() throws Exception {
    Map<String, String> http = env();
    http.put("ES_URL", "http://127.0.0.1:9200");
    Map<String, String> two = env();
    two.put("ES_API_KEY", ES_KEY);
    two.put("ES_BEARER_TOKEN", ES_BEARER);
    Map<String, String> shortPrint = env();
    shortPrint.put("ES_CA_FINGERPRINT", "AB:CD:EF");
    try (CliCapture cli = new CliCapture(Map.of())) {
      assertThat(run(cli, http).err()).contains("ES_CA_FINGERPRINT is set but --es-url (ES_URL)")
          .contains("use an https:// URL");
      assertThat(run(cli, two).err()).contains("more than one Elasticsearch credential is set (ES_API_KEY, "
          + "ES_BEARER_TOKEN)");
      assertThat(run(cli, shortPrint).err()).contains("ES_CA_FINGERPRINT must be the SHA-256 fingerprint");
      // a secret is never a flag (flags show in ps)
      CliCapture.Result flag = cli.run("ingest", "--es-bearer-token", ES_BEARER);
      assertThat(flag.code()).isEqualTo(ExitCodes.USAGE);
      assertThat(cli.everything()).doesNotContain(ES_KEY);
    }
  }

  private static CliCapture.Result run(CliCapture cli, Map<String, String> env) {
    env.forEach(cli::env);
    CliCapture.Result r = cli.run("ingest");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.oneLineError()).as(r.toString()).isTrue();
    // reset the variables this case set, so the next one starts from its own environment
    env.keySet().forEach(k -> cli.env(k, ""));
    return r;
  }
}
