package dev.atconnector.sim;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks code allowed to use APIs forbidden-apis rejects elsewhere (the CLI's stdout line). */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface SuppressForbidden {
  /** Why the forbidden API is needed here. */
  String reason();
}
