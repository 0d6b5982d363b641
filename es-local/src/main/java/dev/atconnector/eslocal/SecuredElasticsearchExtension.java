package dev.atconnector.eslocal;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that provides one {@link SecuredElasticsearch} per test JVM as a parameter, started on first
 * use (only test classes that ask for it pay its start) under {@code es.local.secured.dir} (default
 * {@code target/es-local-secured}), from the same unpacked distribution as {@link ElasticsearchExtension}'s node.
 *
 * <p>When {@code ES_URL} names an external cluster, the tests are skipped: the secured node is a local process, and
 * an external cluster's users, roles and certificates are not ours to make.
 */
public final class SecuredElasticsearchExtension implements ParameterResolver, ExecutionCondition {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SecuredElasticsearchExtension.class);

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return EsEndpoint.fromEnvironment(System.getenv()).isPresent()
        ? ConditionEvaluationResult.disabled(EsEndpoint.ENV_URL + " names an external cluster; the secured-node "
            + "tests need the local distribution")
        : ConditionEvaluationResult.enabled("local distribution");
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SecuredElasticsearch.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    try {
      return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Node.class, k -> start(), Node.class).es();
    } catch (RuntimeException e) {
      throw new ParameterResolutionException("could not start a secured Elasticsearch: " + e.getMessage(), e);
    }
  }

  private static Node start() {
    Path dir = Path.of(System.getProperty("es.local.secured.dir", "target/es-local-secured"));
    LocalElasticsearch.Options options = LocalElasticsearch.Options.defaults()
        .withHeap(System.getProperty("es.local.heap", "512m"));
    return new Node(SecuredElasticsearch.start(dir, options));
  }

  /** Closed by JUnit with the root context, at the end of the JVM's tests. */
  private record Node(SecuredElasticsearch es) implements AutoCloseable {
    @Override
    public void close() {
      es.close();
    }
  }
}
