package dev.atconnector.eslocal;

/**
 * A cluster the extension handed out. Store values that are {@link AutoCloseable} are closed by
 * JUnit when their context (here: the root, i.e. the end of the test JVM's run) closes.
 */
interface RunningCluster extends AutoCloseable {
  EsEndpoint endpoint();

  @Override
  void close();

  /** A cluster someone else runs: never stopped by us. */
  record External(EsEndpoint endpoint) implements RunningCluster {
    @Override
    public void close() {
      // not ours to stop
    }
  }

  /** The distribution from Maven, as a child process. */
  record Local(LocalElasticsearch es) implements RunningCluster {
    @Override
    public EsEndpoint endpoint() {
      return es.endpoint();
    }

    @Override
    public void close() {
      es.close();
    }
  }
}
