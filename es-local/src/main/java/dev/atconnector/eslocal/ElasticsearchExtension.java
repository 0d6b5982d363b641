package dev.atconnector.eslocal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JUnit 5 extension that provides one Elasticsearch per test JVM as an {@link EsEndpoint}
 * parameter (constructor, lifecycle or test method). Which cluster, in this order:
 *
 * <ol>
 *   <li>{@code ES_URL} set: that external cluster ({@code ES_USERNAME}/{@code ES_PASSWORD} or
 *       {@code ES_API_KEY}); it must be healthy within 30 s;
 *   <li>system property {@code es.fixture=testcontainers}: an ElasticsearchContainer of the same
 *       version, security disabled (needs a Docker engine);
 *   <li>otherwise: {@link LocalElasticsearch} under {@code es.local.dir} (default
 *       {@code target/es-local}) with heap {@code es.local.heap} (default 512m).
 * </ol>
 *
 * <p>The cluster lives in the root context's store, so every test class of the JVM shares it and
 * JUnit closes it after the last test. Tests must clean up their own indices (use unique names).
 *
 * <p>Fault-injection tests that stop and restart the node get it from {@link #localNode()}; they run alone (test
 * classes of a JVM run one after another) and must leave it running.
 */
public final class ElasticsearchExtension implements ParameterResolver {
  private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchExtension.class);
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ElasticsearchExtension.class);
  private static volatile LocalElasticsearch localNode;

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == EsEndpoint.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return endpoint(context);
  }

  /** The shared cluster's endpoint, starting the cluster on first use. */
  public static EsEndpoint endpoint(ExtensionContext context) {
    ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
    try {
      return store.getOrComputeIfAbsent(RunningCluster.class, k -> startCluster(),
          RunningCluster.class).endpoint();
    } catch (RuntimeException e) {
      throw new ParameterResolutionException("could not provide an Elasticsearch: " + e.getMessage(), e);
    }
  }

  /**
   * The node this JVM started, when the fixture is {@code local} and it has been started (resolve an
   * {@link EsEndpoint} first); empty for an external cluster or a container, which tests cannot restart.
   */
  public static Optional<LocalElasticsearch> localNode() {
    return Optional.ofNullable(localNode);
  }

  private static RunningCluster startCluster() {
    Optional<EsEndpoint> external = EsEndpoint.fromEnvironment(System.getenv());
    if (external.isPresent()) {
      EsEndpoint endpoint = external.get();
      LOG.info("using the external Elasticsearch {} (ES_URL)", endpoint);
      HealthProbe.awaitHealthy(endpoint, null, null, Duration.ofSeconds(30));
      return new RunningCluster.External(endpoint);
    }
    String fixture = System.getProperty("es.fixture", "local").toLowerCase(Locale.ROOT);
    switch (fixture) {
      case "testcontainers":
        return ContainerCluster.start(Distribution.version());
      case "local":
        Path dir = Path.of(System.getProperty("es.local.dir", "target/es-local"));
        LocalElasticsearch.Options options = LocalElasticsearch.Options.defaults()
            .withHeap(System.getProperty("es.local.heap", "512m"));
        LocalElasticsearch node = LocalElasticsearch.start(dir, options);
        localNode = node;
        return new RunningCluster.Local(node);
      default:
        throw new IllegalArgumentException(
            "es.fixture must be 'local' or 'testcontainers', got '" + fixture + "'");
    }
  }
}
