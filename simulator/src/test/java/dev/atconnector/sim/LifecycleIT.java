package dev.atconnector.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Embedding: port 0, several instances, and close() releases the port and every thread it started. */
class LifecycleIT {
  private static long simThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("at-sim-"))
        .count();
  }

  @Test
  void closeReleasesThePortAndAllThreads() {
    int port;
    try (Simulator first = Simulator.builder().token("t", "u").eventsPerDay(50).start();
        Simulator second = Simulator.builder().start()) {
      port = first.port();
      assertThat(port).isPositive().isNotEqualTo(second.port());
      assertThat(first.baseUrl()).isEqualTo("http://127.0.0.1:" + port);
      SimHttp http = new SimHttp(first.baseUrl());
      String id = http.createSession("t", "s", "{\"start\":\"2018-06-20\",\"end\":\"2018-06-20\"}");
      assertThat(http.download("t", "s", id).statusCode()).isEqualTo(200);
      assertThat(simThreads()).isPositive();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> simThreads() == 0);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
        .as("nothing listens on %d any more", port)
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void aTakenPortFailsToStartWithoutLeakingThreads() {
    try (Simulator running = Simulator.builder().start()) {
      Simulator.Builder clash = Simulator.builder().port(running.port());
      org.assertj.core.api.Assertions.assertThatThrownBy(clash::start).isInstanceOf(RuntimeException.class);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> simThreads() == 0);
  }
}
