package dev.atconnector.ingest.app;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.atconnector.ingest.es.EsClients;
import dev.atconnector.ingest.sink.IndexTemplates;
import dev.atconnector.ingest.sink.TemplateInstallException;
import co.elastic.clients.transport.TransportException;
import dev.atconnector.ingest.config.IngestConfig;
import dev.atconnector.ingest.sink.EsAuthException;
import dev.atconnector.ingest.sink.SinkException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connectivity layer of config validation: Elasticsearch answers before any session is created. */
public final class Preflight {
  private static final Logger LOG = LoggerFactory.getLogger(Preflight.class);
  private static final Duration LIMIT = Duration.ofSeconds(30);

  private Preflight() {}

  public static void elasticsearch(ElasticsearchAsyncClient es, IngestConfig config) {
    try {
      // cluster health, not GET /: the minimal integ-test distribution answers 405 to the root endpoint
      var health = es.cluster().health().get(LIMIT.toSeconds(), TimeUnit.SECONDS);
      LOG.info("Elasticsearch at {}: cluster {} is {}", config.esAccess().url(), health.clusterName(), health.status());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SinkException("interrupted while reaching Elasticsearch at " + config.esAccess().url(), false, e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
        | CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (EsClients.isAuthFailure(cause)) {
        throw (SinkException) EsClients.explainAuth(cause, config.esAccess());
      }
      var tls = EsClients.tlsProblem(cause, config.esAccess());
      if (tls.isPresent()) {
        throw new SinkException(tls.get(), false, cause);
      }
      int status = cause instanceof TransportException te ? te.statusCode() : 0;
      throw new SinkException("Elasticsearch at " + config.esAccess().url() + " is not usable"
          + (status > 0 ? " (HTTP " + status + ")" : "") + ": " + describe(cause)
          + "; check ES_URL and that the cluster is up", false, cause);
    }
  }

  /** The root cause's type and message: for TLS failures it says which certificate check failed. */
  private static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == failure || root.getMessage() == null ? failure.getClass().getSimpleName()
        : failure.getClass().getSimpleName() + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
  }

  /**
   * With {@code --pipeline}: the pipeline exists and this cluster runs ingest pipelines, or the run stops here
   * with what to do (rather than every bulk item failing).
   */
  public static void pipeline(ElasticsearchClient es, IngestConfig config) {
    Optional<String> name = config.destination().pipeline();
    if (name.isEmpty()) {
      return;
    }
    try {
      boolean found = !es.ingest().getPipeline(g -> g.id(name.get())).result().isEmpty();
      if (!found) {
        throw missingPipeline(name.get(), "Elasticsearch has no such pipeline");
      }
    } catch (co.elastic.clients.elasticsearch._types.ElasticsearchException e) {
      throw missingPipeline(name.get(), e.status() == 404 ? "Elasticsearch has no such pipeline"
          : "Elasticsearch answered HTTP " + e.status() + " (" + e.getMessage() + ")");
    } catch (TransportException e) {
      throw missingPipeline(name.get(), "this cluster does not serve ingest pipelines (HTTP " + e.statusCode()
          + ")");
    } catch (java.io.IOException e) {
      throw new SinkException("cannot check --pipeline " + name.get() + ": Elasticsearch did not answer (" + e
          + ")", false, e);
    }
  }

  private static SinkException missingPipeline(String name, String why) {
    return new SinkException("--pipeline (AT_PIPELINE) " + name + " cannot be used: " + why + "; create it "
        + "(PUT _ingest/pipeline/" + name + ") on a cluster with an ingest node, or leave --pipeline out", false,
        null);
  }

  /** Installs the index templates (idempotent; the user's {@code @custom} template is never overwritten). */
  public static void templates(ElasticsearchClient es, IngestConfig config) {
    try {
      IndexTemplates.install(es, config.indexPrefix(), config.destination(), false); // logs its own report
    } catch (TemplateInstallException e) {
      Throwable cause = e.getCause();
      if (EsClients.isAuthFailure(cause)) {
        throw new EsAuthException(EsClients.explainAuth(cause, config.esAccess()).getMessage()
            + " (while installing the index templates; --no-templates skips them)", e);
      }
      throw new SinkException(e.getMessage() + "; run with --no-templates to skip installing them", false, e);
    }
  }
}
