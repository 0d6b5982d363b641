package dev.atconnector.eslocal;

import java.net.URI;
import org.testcontainers.elasticsearch.ElasticsearchContainer;
import org.testcontainers.utility.DockerImageName;

/** Elasticsearch in Docker, for machines that have an engine (kept apart so Testcontainers loads lazily). */
final class ContainerCluster implements RunningCluster {
  private final ElasticsearchContainer container;
  private final EsEndpoint endpoint;

  private ContainerCluster(ElasticsearchContainer container) {
    this.container = container;
    this.endpoint = EsEndpoint.of(URI.create("http://" + container.getHttpHostAddress()));
  }

  /** A new, started container; security off to match the local distribution's setup. */
  @SuppressWarnings("resource") // closed by close(), which JUnit calls through the store
  static ContainerCluster start(String version) {
    ElasticsearchContainer container = newContainer(version);
    container.start();
    return new ContainerCluster(container);
  }

  /** An unstarted container of the given version configured like {@link LocalElasticsearch}. */
  public static ElasticsearchContainer newContainer(String version) {
    return new ElasticsearchContainer(
            DockerImageName.parse("docker.elastic.co/elasticsearch/elasticsearch").withTag(version))
        .withEnv("xpack.security.enabled", "false")
        .withEnv("ES_JAVA_OPTS", "-Xms512m -Xmx512m")
        .withEnv("action.destructive_requires_name", "false");
  }

  @Override
  public EsEndpoint endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    container.stop();
  }
}
