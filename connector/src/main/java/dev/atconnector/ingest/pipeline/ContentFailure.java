package dev.atconnector.ingest.pipeline;

import dev.atconnector.ingest.decode.DecodeException;

/**
 * Tells a window's <em>content</em> failure from a transport failure, by type (never by message text): the download
 * arrived but could not be decoded ({@link DecodeException}: corrupt or cut-short gzip, a record the decoder cannot
 * get past) or stayed damaged after its take-backs ({@link DamagedDownloadException}), anywhere in the cause chain
 * (a gave-up failure wraps the last one). Reading the same window again later may pass (a fixed file on the
 * service), but retrying now only downloads the same bytes. Service unavailability, HTTP errors, auth and
 * Elasticsearch failures are not content failures.
 */
public final class ContentFailure {
  private ContentFailure() {}

  /** True when {@code e} (or a cause of it) is a content failure. */
  public static boolean is(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof DecodeException || t instanceof DamagedDownloadException) {
        return true;
      }
    }
    return false;
  }
}
