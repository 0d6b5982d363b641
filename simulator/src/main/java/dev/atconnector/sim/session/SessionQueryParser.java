package dev.atconnector.sim.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atconnector.sim.server.ApiError;
import dev.atconnector.sim.server.Json;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The session rules (reference B.2 and A.6/A.7): {@code YYYY-MM-DD} UTC inclusive dates, at most 15 days, end not
 * before start, default the last 14 days (today-13 .. today), SearchTime "" or 0..23, AtAccountLevel boolean or
 * "true"/"false". Every violation is an {@link ApiError} 400 naming the field and value. Pure: today is passed in.
 */
public final class SessionQueryParser {
  /** Longest session, in days, inclusive. */
  public static final int MAX_DAYS = 15;
  /** Default range length, in days, inclusive. */
  public static final int DEFAULT_DAYS = 14;

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
  private static final int ECHO_LIMIT = 40;

  private SessionQueryParser() {}

  /** Parses a request body; an empty or blank body means all defaults. */
  public static SessionQuery fromBody(String body, LocalDate today) {
    if (body == null || body.isBlank()) {
      return fromNode(Json.MAPPER.createObjectNode(), today);
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiError.of(400, "invalid_body", "the request body is not valid JSON; send an object like "
          + "{\"start\":\"2018-06-28\",\"end\":\"2018-06-28\",\"AtAccountLevel\":false,\"SearchTime\":\"\"}");
    }
    if (node == null || node.isMissingNode() || node.isNull()) {
      return fromNode(Json.MAPPER.createObjectNode(), today);
    }
    if (!node.isObject()) {
      throw ApiError.of(400, "invalid_body", "the request body must be a JSON object, not " + node.getNodeType());
    }
    return fromNode((ObjectNode) node, today);
  }

  /** Parses query parameters holding the same fields (all as strings). */
  public static SessionQuery fromParams(Map<String, String> params, LocalDate today) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    for (String field : new String[] {"start", "end", "AtAccountLevel", "SearchTime"}) {
      String value = params.get(field);
      if (value != null) {
        node.put(field, value);
      }
    }
    return fromNode(node, today);
  }

  static SessionQuery fromNode(ObjectNode node, LocalDate today) {
    LocalDate start = date(node, "start", today.minusDays(DEFAULT_DAYS - 1L));
    LocalDate end = date(node, "end", today);
    if (end.isBefore(start)) {
      throw ApiError.of(400, "end_before_start",
          "end " + end + " is before start " + start + "; the range is inclusive, end must be >= start");
    }
    SessionQuery query = new SessionQuery(start, end, accountLevel(node), searchTime(node));
    if (query.days() > MAX_DAYS) {
      throw ApiError.of(400, "range_too_long", "the range " + start + " .. " + end + " covers " + query.days()
          + " days; a session covers at most " + MAX_DAYS + " days (inclusive), split it");
    }
    return query;
  }

  private static LocalDate date(ObjectNode node, String field, LocalDate fallback) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty())) {
      return fallback;
    }
    if (!value.isTextual()) {
      throw invalidDate(field, value.toString());
    }
    try {
      return LocalDate.parse(value.asText(), DAY);
    } catch (DateTimeParseException e) {
      throw invalidDate(field, value.asText());
    }
  }

  private static ApiError invalidDate(String field, String value) {
    return ApiError.of(400, "invalid_date",
        field + " '" + echo(value) + "' is not a date; use YYYY-MM-DD (a UTC day), e.g. 2018-06-28");
  }

  private static boolean accountLevel(ObjectNode node) {
    JsonNode value = node.get("AtAccountLevel");
    if (value == null || value.isNull()) {
      return false;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isTextual() && ("true".equalsIgnoreCase(value.asText()) || "false".equalsIgnoreCase(value.asText()))) {
      return Boolean.parseBoolean(value.asText().toLowerCase(Locale.ROOT));
    }
    throw ApiError.of(400, "invalid_body",
        "AtAccountLevel '" + echo(value.isTextual() ? value.asText() : value.toString()) + "' must be true or false");
  }

  private static OptionalInt searchTime(ObjectNode node) {
    JsonNode value = node.get("SearchTime");
    if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
      return OptionalInt.empty();
    }
    String text = value.isTextual() ? value.asText().strip() : value.toString();
    if ((value.isIntegralNumber() && value.canConvertToInt()) || (value.isTextual() && text.matches("\\d{1,2}"))) {
      int hour = value.isTextual() ? Integer.parseInt(text) : value.intValue();
      if (hour >= 0 && hour <= 23) {
        return OptionalInt.of(hour);
      }
    }
    throw ApiError.of(400, "invalid_search_time",
        "SearchTime '" + echo(text) + "' must be an hour of the day 0..23 (UTC), or \"\" for all hours");
  }

  private static String echo(String value) {
    return value.length() <= ECHO_LIMIT ? value : value.substring(0, ECHO_LIMIT) + "...";
  }
}
