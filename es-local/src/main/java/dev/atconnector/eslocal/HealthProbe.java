package dev.atconnector.eslocal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/** Waits for a starting node: first its ports file, then a yellow-or-green cluster health. */
final class HealthProbe {
  private static final Duration POLL = Duration.ofMillis(200);

  private HealthProbe() {}

  /** Reads the HTTP port from the {@code http.ports} file ES writes once it has bound. */
  static int awaitPortsFile(Process process, Path portsFile, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String first = firstLine(portsFile);
      if (first != null) {
        return Integer.parseInt(first.substring(first.lastIndexOf(':') + 1).trim());
      }
      if (!pause(process, deadline)) {
        throw new IllegalStateException("Elasticsearch did not bind its HTTP port within " + timeout);
      }
    }
  }

  /**
   * Polls {@code _cluster/health?wait_for_status=yellow} until it answers 200 without timing out.
   *
   * @param ssl trusts the node's certificate (https), or {@code null} for the JDK's defaults
   * @param process the node's process, or {@code null} for an external cluster
   */
  static void awaitHealthy(EsEndpoint endpoint, SSLContext ssl, Process process, Duration timeout) {
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (ssl != null) {
      builder.sslContext(ssl);
    }
    HttpClient http = builder.build();
    URI health = URI.create(endpoint.uri() + "/_cluster/health?wait_for_status=yellow&timeout=2s");
    String last = "no answer yet";
    while (true) {
      HttpRequest.Builder req = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(10)).GET();
      endpoint.authorizationHeader().ifPresent(h -> req.header("Authorization", h));
      try {
        HttpResponse<String> resp = http.send(req.build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (resp.statusCode() == 200 && resp.body().contains("\"timed_out\":false")) {
          return;
        }
        last = "HTTP " + resp.statusCode() + " " + abbreviate(resp.body());
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + endpoint, e);
      }
      if (!pause(process, deadline)) {
        throw new IllegalStateException(endpoint + " did not become healthy (yellow or green) within "
            + timeout + "; last answer: " + last);
      }
    }
  }

  /** Waits one poll interval; false when the deadline passed. Throws when the process died. */
  private static boolean pause(Process process, long deadline) {
    if (System.nanoTime() > deadline) {
      return false;
    }
    try {
      if (process == null) {
        TimeUnit.NANOSECONDS.sleep(POLL.toNanos());
      } else {
        process.onExit().get(POLL.toMillis(), TimeUnit.MILLISECONDS);
        throw new IllegalStateException("Elasticsearch exited with code " + process.exitValue()
            + " during startup");
      }
    } catch (TimeoutException e) {
      // still running: poll again
    } catch (ExecutionException e) {
      throw new IllegalStateException("waiting for Elasticsearch failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Elasticsearch", e);
    }
    return true;
  }

  private static String firstLine(Path file) {
    try {
      if (!Files.isRegularFile(file)) {
        return null;
      }
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      // ES writes the file under a temp name and renames it, but guard against a partial read
      return text.isEmpty() || !text.contains(":") ? null : text.lines().findFirst().orElse(null);
    } catch (IOException e) {
      // unreadable at this instant: the next poll tries again
      return null;
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }
}
