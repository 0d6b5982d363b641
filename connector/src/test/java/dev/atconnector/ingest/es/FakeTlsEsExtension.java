package dev.atconnector.ingest.es;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link FakeTlsEs} per test class, on the shared {@link TestCerts}: started before the first test, answering
 * {@link FakeTlsEs#HEALTH} again after each test (a test that sets a 401 leaves nothing behind), closed after the last.
 * Register it as {@code @RegisterExtension static final FakeTlsEsExtension es = new FakeTlsEsExtension();}.
 */
public final class FakeTlsEsExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
  private TestCerts certs;
  private FakeTlsEs server;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    certs = TestCerts.shared();
    server = new FakeTlsEs(certs.serverTls());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    server.answer(200, FakeTlsEs.HEALTH);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      server.close();
    }
  }

  /** The certificates the server presents (its chain is [server, CA]). */
  public TestCerts certs() {
    return requireStarted(certs);
  }

  /** Answers every following request of this test with {@code status} and {@code json}. */
  public FakeTlsEs answer(int status, String json) {
    return requireStarted(server).answer(status, json);
  }

  public String url() {
    return requireStarted(server).url();
  }

  public List<FakeTlsEs.Seen> seen() {
    return requireStarted(server).seen();
  }

  private static <T> T requireStarted(T started) {
    if (started == null) {
      throw new IllegalStateException("FakeTlsEsExtension is not started: register it on a static field with "
          + "@RegisterExtension, so that it starts before the class's first test");
    }
    return started;
  }
}
