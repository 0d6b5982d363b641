package dev.atconnector.ingest.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A boxed text table in the style of {@code ibmcloud at} (the seeds' {@code +----+} borders). */
final class Table {
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  Table(List<String> headers) {
    this.headers = List.copyOf(headers);
  }

  Table row(List<String> cells) {
    if (cells.size() != headers.size()) {
      throw new IllegalArgumentException("row has " + cells.size() + " cells, table has " + headers.size());
    }
    rows.add(List.copyOf(cells));
    return this;
  }

  void print(PrintWriter out) {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
      for (List<String> r : rows) {
        widths[i] = Math.max(widths[i], r.get(i).length());
      }
    }
    String rule = rule(widths);
    out.println(rule);
    out.println(line(headers, widths));
    out.println(rule);
    for (List<String> r : rows) {
      out.println(line(r, widths));
    }
    if (!rows.isEmpty()) {
      out.println(rule);
    }
    out.flush();
  }

  private static String rule(int[] widths) {
    StringBuilder b = new StringBuilder("+");
    for (int w : widths) {
      b.append("-".repeat(w + 2)).append('+');
    }
    return b.toString();
  }

  private static String line(List<String> cells, int[] widths) {
    StringBuilder b = new StringBuilder("|");
    for (int i = 0; i < widths.length; i++) {
      String c = cells.get(i);
      b.append(' ').append(c).append(" ".repeat(widths[i] - c.length())).append(" |");
    }
    return b.toString();
  }
}
