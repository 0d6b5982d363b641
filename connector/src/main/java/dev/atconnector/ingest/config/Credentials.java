package dev.atconnector.ingest.config;

import dev.atconnector.ingest.config.SourceReader.SourcesContext;
import dev.atconnector.ingest.config.YamlTree.Mapping;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a source's credential reference: exactly one of {@code token_env}, {@code token_file}, {@code api_key_env},
 * {@code api_key_file}. Never echoes what is written there: a value that is not a variable name may be the secret.
 */
final class Credentials {
  private static final String ENV_NAME = "[A-Za-z_][A-Za-z0-9_]{0,127}";

  private final SourcesContext ctx;
  private final Mapping item;
  private final String path;

  Credentials(SourcesContext ctx, Mapping item, String path) {
    this.ctx = ctx;
    this.item = item;
    this.path = path;
  }

  /** The reference, or null after recording the problem. */
  CredentialRef read() {
    List<Located> given = new ArrayList<>();
    for (String key : SourceKeys.CREDENTIAL) {
      Located located = Located.find(ctx, item, path, key);
      if (located != null) {
        given.add(located);
      }
    }
    if (given.isEmpty()) {
      ctx.problems().add(ctx.file() + ":" + item.line() + ": " + path + ": no credential; give token_env, "
          + "token_file, api_key_env or api_key_file (a reference to the credential, never the credential itself), "
          + "here or under defaults");
      return null;
    }
    if (given.size() > 1) {
      ctx.problems().add(given.get(1).where(ctx) + ": give one credential reference, not both "
          + given.get(0).entry().key() + " and " + given.get(1).entry().key());
      return null;
    }
    Located located = given.get(0);
    CredentialRef.Kind kind = CredentialRef.Kind.ofKey(located.entry().key());
    Optional<String> value = located.text(ctx);
    if (value.isEmpty()) {
      return null;
    }
    String origin = located.where(ctx);
    if (!kind.fromFile()) {
      if (!value.get().matches(ENV_NAME)) {
        ctx.problems().add(origin + ": must name an environment variable (like AT_TOKEN_PROD), and what is written "
            + "there is not a variable name; if it is the credential itself, remove it from the file and revoke it: "
            + "config files get committed and copied");
        return null;
      }
      return new CredentialRef(kind, value.get(), origin);
    }
    Path file = ctx.baseDir().resolve(value.get()).toAbsolutePath().normalize();
    return new CredentialRef(kind, file.toString(), origin);
  }
}
