package dev.atconnector.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The sources file of {@code ingest --config} (issue 5): a good file, defaults, and every kind of error. */
class SourcesFileTest {
  static final LocalDate TODAY = LocalDate.of(2019, 3, 10);
  static final Path BASE = Path.of("/etc/at-connector");
  static final String SPACE = "c1234567-6d55-4193-a9de-378620d6fab5";

  static SourcesFile parse(String yaml) {
    return SourcesFile.parse(yaml, "sources.yml", BASE, TODAY);
  }

  static List<String> problems(String yaml) {
    try {
      parse(yaml);
    } catch (SourcesFileException e) {
      assertThat(e.getMessage()).isEqualTo(String.join("\n", e.problems()));
      return e.problems();
    }
    throw new AssertionError("expected problems in:\n" + yaml);
  }

  @Test
  void readsAGoodFileWithDefaultsInherited() {
    SourcesFile file = parse("""
        defaults:
          region: us-south
          api_key_env: AT_API_KEY
          window_days: 7
        sources:
          - name: prod-space
            space: SPACE_ID
            start: 2017-01-01
          - name: prod-account
            space: SPACE_ID
            account: true
            start: 2018-06-01
            end: 2018-06-30
            hour: 9
            index_prefix: at-acct-
            window_days: 3
          - name: eu
            endpoint: https://at.example.test:8443/
            space: other-space
            token_file: secrets/eu.token
            start: 2019-03-01
            end: today
        """.replace("SPACE_ID", SPACE));

    assertThat(file.sources()).extracting(SourceDefinition::name).containsExactly("prod-space", "prod-account", "eu");
    SourceDefinition space = file.source("prod-space").orElseThrow();
    assertThat(space.endpoint()).isEqualTo(URI.create("https://activity-tracker.ng.bluemix.net"));
    assertThat(space.uaaUrl()).isEqualTo(URI.create("https://login.ng.bluemix.net/UAALoginServerWAR/oauth/token"));
    assertThat(space.spaceId()).isEqualTo(SPACE);
    assertThat(space.accountLevel()).isFalse();
    assertThat(space.start()).isEqualTo(LocalDate.of(2017, 1, 1));
    assertThat(space.end()).isEmpty();
    assertThat(space.endOn(TODAY)).isEqualTo(TODAY);
    assertThat(space.hour()).isEmpty();
    assertThat(space.windowDays()).isEqualTo(7);
    assertThat(space.indexPrefix()).isEqualTo("activity-tracker-");
    assertThat(space.credential().kind()).isEqualTo(CredentialRef.Kind.API_KEY_ENV);
    assertThat(space.credential().reference()).isEqualTo("AT_API_KEY");
    assertThat(space.credential().origin()).isEqualTo("sources.yml:3: defaults.api_key_env");
    assertThat(space.origin()).isEqualTo("sources.yml:6: sources[0]");

    SourceDefinition account = file.source("prod-account").orElseThrow();
    assertThat(account.accountLevel()).isTrue();
    assertThat(account.end()).contains(LocalDate.of(2018, 6, 30));
    assertThat(account.hour()).isEqualTo(OptionalInt.of(9));
    assertThat(account.indexPrefix()).isEqualTo("at-acct-");
    assertThat(account.windowDays()).isEqualTo(3);
    assertThat(account.sessionPool()).isEqualTo(space.sessionPool());

    SourceDefinition eu = file.source("eu").orElseThrow();
    // its own endpoint replaces the default region; its own credential replaces the default one
    assertThat(eu.endpoint()).isEqualTo(URI.create("https://at.example.test:8443/"));
    assertThat(eu.uaaUrl()).isEqualTo(URI.create("https://at.example.test:8443/UAALoginServerWAR/oauth/token"));
    assertThat(eu.credential().kind()).isEqualTo(CredentialRef.Kind.TOKEN_FILE);
    assertThat(eu.credential().reference()).isEqualTo(BASE.resolve("secrets/eu.token").toString());
    assertThat(eu.end()).isEmpty();
    assertThat(eu.windowDays()).isEqualTo(7);
    assertThat(eu.sessionPool()).isEqualTo("https://at.example.test:8443 other-space");
  }

  @Test
  void missingKeysNameTheLineOfTheSourceAndTheKey() {
    assertThat(problems("""
        sources:
          - name: a
            region: us-south
            token_env: T
            start: 2018-01-01
          - name: b
            region: us-south
            token_env: T
        """)).containsExactly(
        "sources.yml:2: sources[0].space: missing; give the space GUID where Activity Tracker is provisioned "
            + "(X-Auth-Project-Id)",
        "sources.yml:6: sources[1].space: missing; give the space GUID where Activity Tracker is provisioned "
            + "(X-Auth-Project-Id)",
        "sources.yml:6: sources[1].start: missing; give the first UTC day to ingest, YYYY-MM-DD");
  }

  @Test
  void unknownKeysNameTheNearestKnownKey() {
    List<String> problems = problems("""
        defualts:
          region: us-south
        sources:
          - name: a
            region: us-south
            spcae: s
            token_env: T
            start: 2018-01-01
            index-prefix: x-
            colour: blue
        """);
    assertThat(problems).contains(
        "sources.yml:1: defualts: unknown key; did you mean 'defaults'?",
        "sources.yml:6: sources[0].spcae: unknown key; did you mean 'space'?",
        "sources.yml:9: sources[0].index-prefix: unknown key; did you mean 'index_prefix'?");
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("sources.yml:10: sources[0].colour: unknown key; "
        + "the keys here are name, region, endpoint"));
  }

  @Test
  void inlineSecretsAreRefusedWithoutEchoingThem() {
    List<String> problems = problems("""
        defaults:
          password: hunter2-secret
        sources:
          - name: a
            region: us-south
            space: s
            start: 2018-01-01
            token: eyJhbGciOiJSUzI1NiJ9.secret-token-value
          - name: b
            region: us-south
            space: s2
            start: 2018-01-01
            token_env: "eyJhbGciOiJSUzI1NiJ9.pasted-by-mistake"
        """);
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("sources.yml:8: sources[0].token: inline "
        + "credentials are refused, because config files get committed"));
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("sources.yml:2: defaults.password: inline "
        + "credentials are refused"));
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("sources.yml:13: sources[1].token_env: must name "
        + "an environment variable"));
    assertThat(String.join("\n", problems)).doesNotContain("secret-token-value", "hunter2", "pasted-by-mistake");
  }

  @Test
  void badValuesNameLineKeyAndWhatToDo() {
    List<String> problems = problems("""
        sources:
          - name: Prod_1
            region: mars
            space: s
            start: 2018-02-30
            end: 2018-13-01
            hour: 24
            account: yes-please
            window_days: 16
            index_prefix: Bad*Prefix
            token_env: T
          - name: b
            endpoint: ftp://example.test
            space: s
            start: 2019-04-01
            token_file: t
          - name: c
            region: eu-de
            endpoint: https://x.test
            space: s3
            start: 2018-05-02
            end: 2018-05-01
            api_key_env: K
            api_key_file: k.txt
        """);
    assertThat(problems).contains(
        "sources.yml:3: sources[0].region: 'mars' is not a region with Activity Tracker; use one of us-south, "
            + "eu-gb, eu-de, au-syd, or give endpoint: URL instead",
        "sources.yml:5: sources[0].start: '2018-02-30' is not a date; use YYYY-MM-DD (a UTC day), e.g. 2018-06-28",
        "sources.yml:6: sources[0].end: '2018-13-01' is not a date; use YYYY-MM-DD (a UTC day), e.g. 2018-06-28, "
            + "or today",
        "sources.yml:7: sources[0].hour: '24' must be an hour of the day, 0-23 (UTC)",
        "sources.yml:8: sources[0].account: 'yes-please' must be true or false",
        "sources.yml:9: sources[0].window_days: '16' must be days per session, 1-15",
        "sources.yml:13: sources[1].endpoint: 'ftp://example.test' is not an http(s) URL like "
            + "https://activity-tracker.ng.bluemix.net (without credentials in it)",
        "sources.yml:15: sources[1].start: 2019-04-01 is in the future (today is 2019-03-10); give a day that has "
            + "events",
        "sources.yml:19: sources[2].endpoint: give either region or endpoint, not both",
        "sources.yml:22: sources[2].end: 2018-05-01 is before start 2018-05-02; give an end on or after the start",
        "sources.yml:24: sources[2].api_key_file: give one credential reference, not both api_key_env and "
            + "api_key_file");
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("sources.yml:2: sources[0].name: 'Prod_1' is not "
        + "a valid name"));
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("sources.yml:10: sources[0].index_prefix: "
        + "'Bad*Prefix' is not a valid Elasticsearch index prefix"));
  }

  @Test
  void badValuesInDefaultsNameTheDefaultsLineOnce() {
    assertThat(problems("""
        defaults:
          region: us-south
          token_env: T
          window_days: 0
        sources:
          - {name: a, space: s1, start: 2018-01-01}
          - {name: b, space: s2, start: 2018-01-01}
        """)).containsExactly("sources.yml:4: defaults.window_days: '0' must be days per session, 1-15");
  }

  @Test
  void duplicateNamesAndScopesAreRefused() {
    List<String> problems = problems("""
        defaults: {region: us-south, token_env: T, start: 2018-01-01}
        sources:
          - name: a
            space: s1
          - name: a
            space: s2
          - name: c
            endpoint: https://activity-tracker.ng.bluemix.net:443
            space: s1
          - name: d
            space: s1
            account: true
        """);
    assertThat(problems).containsExactly(
        "sources.yml:5: sources[1].name: 'a' is already the name of sources.yml:3: sources[0]; names must be unique",
        "sources.yml:7: sources[2]: reads the same events as 'a' (sources.yml:3: sources[0]): same endpoint, space "
            + "and account level; remove one of them");
  }

  @Test
  void structuralProblemsAreNamed() {
    assertThat(problems("")).containsExactly("sources.yml: empty; list the sources under 'sources:' (see "
        + "config/sources.example.yml)");
    assertThat(problems("- a\n- b\n")).containsExactly("sources.yml:1: the top level must be a mapping with "
        + "'sources:' (and optionally 'defaults:'); see config/sources.example.yml");
    assertThat(problems("defaults: {region: us-south}\n")).containsExactly("sources.yml:1: sources: missing; list "
        + "the sources to ingest under 'sources:', each with at least name, space, start and a credential reference");
    assertThat(problems("sources: []\n")).containsExactly("sources.yml:1: sources: must be a non-empty list of "
        + "sources ('- name: ...' items)");
    assertThat(problems("sources:\n  - just-a-string\n")).containsExactly("sources.yml:2: sources[0]: must be a "
        + "mapping of source keys ('name: ...', 'space: ...')");
    assertThat(problems("""
        sources:
          - name: a
            space: [s1, s2]
            region: us-south
            token_env: T
            start: 2018-01-01
            end:
        """)).containsExactly("sources.yml:3: sources[0].space: must be a single value, not a list",
        "sources.yml:7: sources[0].end: empty; give a value or remove the key");
  }

  @Test
  void syntaxErrorsAndRepeatedKeysNameTheLine() {
    assertThat(problems("sources:\n  - name: a\n    space: \"unclosed\n")).singleElement()
        .satisfies(p -> assertThat(p).matches("sources\\.yml:\\d+: not valid YAML: .*"));
    assertThat(problems("""
        sources:
          - name: a
            space: s1
            space: s2
        """)).containsExactly("sources.yml:4: key 'space' appears twice in one mapping (first on line 3); keep one");
  }

  @Test
  void defaultsMayNotNameASourceAndMissingCredentialIsExplained() {
    assertThat(problems("""
        defaults:
          name: shared
        sources:
          - {name: a, region: us-south, space: s1, start: 2018-01-01}
        """)).containsExactly(
        "sources.yml:2: defaults.name: a name belongs to one source; remove it from defaults",
        "sources.yml:4: sources[0]: no credential; give token_env, token_file, api_key_env or api_key_file (a "
            + "reference to the credential, never the credential itself), here or under defaults");
  }

  @Test
  void theSampleFileInTheRepositoryIsValid() {
    Path sample = Path.of("..", "config", "sources.example.yml");
    SourcesFile file = SourcesFile.load(sample, TODAY);
    assertThat(file.sources()).extracting(SourceDefinition::name)
        .containsExactly("prod-space", "prod-account", "eu-audit");
    assertThat(file.source("eu-audit").map(SourceDefinition::hour)).isEqualTo(Optional.of(OptionalInt.of(9)));
    assertThat(file.file()).endsWith("sources.example.yml");
  }
}
