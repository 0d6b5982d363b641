package dev.atconnector.ingest.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM/SIGINT for a graceful stop: the first signal calls {@code onFirst} (and returns at once), a second one
 * halts with exit code 130. A JVM shutdown hook cannot do this: once shutdown starts, a second signal is ignored
 * and nothing may call {@code System.exit} with 0. So the handlers are {@code sun.misc.Signal}'s, reached by
 * reflection (the class is in the {@code jdk.unsupported} module, which javac flags as internal API).
 */
final class SignalTrap {
  private static final Logger LOG = LoggerFactory.getLogger(SignalTrap.class);

  /** Every running source's stop (several under --config): one signal stops them all. */
  private static final List<Runnable> LISTENERS = new CopyOnWriteArrayList<>();
  private static final AtomicInteger SEEN = new AtomicInteger();
  private static boolean installed;

  private SignalTrap() {}

  /** Forgets a stop whose run has ended. */
  static void remove(Runnable onFirst) {
    LISTENERS.remove(onFirst);
  }

  /**
   * Installs the handlers for TERM and INT (once per process; later calls add their stop to the first signal's).
   *
   * @return false when this JVM offers no signal handling (then the caller falls back to a shutdown hook)
   */
  static synchronized boolean install(Runnable onFirst) {
    if (installed) {
      LISTENERS.add(onFirst);
      return true;
    }
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      Object h = Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler}, (proxy, m, args) -> {
        if (!"handle".equals(m.getName())) {
          return m.getName().equals("hashCode") ? System.identityHashCode(proxy)
              : m.getName().equals("equals") ? proxy == args[0] : "SignalTrap";
        }
        if (SEEN.incrementAndGet() == 1) {
          LOG.warn("signal {}: stopping gracefully (a second signal stops at once)", args[0]);
          LISTENERS.forEach(Runnable::run);
        } else {
          LOG.warn("second signal: exiting now; the open session is deleted by the next run");
          Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
        }
        return null;
      });
      Method handle = signal.getMethod("handle", signal, handler);
      handle.invoke(null, signal.getConstructor(String.class).newInstance("TERM"), h);
      try {
        handle.invoke(null, signal.getConstructor(String.class).newInstance("INT"), h);
      } catch (InvocationTargetException e) {
        // SIGINT may be reserved (-Xrs) or ignored (a background job): SIGTERM alone still stops gracefully
        LOG.debug("SIGINT not handled: {}", String.valueOf(e.getCause()));
      }
      LISTENERS.add(onFirst);
      installed = true;
      return true;
    } catch (ReflectiveOperationException | IllegalArgumentException | LinkageError e) {
      Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
      LOG.debug("no signal handling in this JVM ({}); using a shutdown hook", String.valueOf(cause));
      return false;
    }
  }
}
