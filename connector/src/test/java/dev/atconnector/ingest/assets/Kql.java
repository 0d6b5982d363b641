package dev.atconnector.ingest.assets;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The subset of Kibana's KQL the dashboards use, translated to an Elasticsearch query the way Kibana does:
 * {@code field:value} (match; quoted: match_phrase; with {@code *}: wildcard; {@code field:*}: exists),
 * {@code field:(a or b)},
 * {@code field < n} (and {@code <=, >, >=}), {@code and}, {@code or}, {@code not}, parentheses. Anything else fails
 * naming the query and position, so a panel or a detection rule can never silently test less than it shows.
 */
final class Kql {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private enum Kind { LPAREN, RPAREN, COLON, RANGE, WORD, QUOTED, END }

  private record Token(Kind kind, String text, int at) {
    boolean isKeyword(String word) {
      return kind == Kind.WORD && text.toLowerCase(Locale.ROOT).equals(word);
    }
  }

  /** A parsed query: the Elasticsearch query and the fields it reads. */
  record Query(ObjectNode es, Set<String> fields) {}

  private final String source;
  private final List<Token> tokens;
  private final Set<String> fields = new LinkedHashSet<>();
  private int pos;

  private Kql(String source) {
    this.source = source;
    this.tokens = tokenize(source);
  }

  /** Parses {@code kql}; blank means every document ({@code match_all}). */
  static Query parse(String kql) {
    if (kql == null || kql.isBlank()) {
      return new Query(JSON.objectNode().set("match_all", JSON.objectNode()), Set.of());
    }
    Kql parser = new Kql(kql);
    ObjectNode es = parser.or();
    parser.expect(Kind.END);
    return new Query(es, Set.copyOf(parser.fields));
  }

  private ObjectNode or() {
    List<ObjectNode> parts = new ArrayList<>(List.of(and()));
    while (peek().isKeyword("or")) {
      pos++;
      parts.add(and());
    }
    return parts.size() == 1 ? parts.get(0) : bool("should", parts);
  }

  private ObjectNode and() {
    List<ObjectNode> parts = new ArrayList<>(List.of(not()));
    while (peek().isKeyword("and")) {
      pos++;
      parts.add(not());
    }
    return parts.size() == 1 ? parts.get(0) : bool("filter", parts);
  }

  private ObjectNode not() {
    if (peek().isKeyword("not")) {
      pos++;
      return bool("must_not", List.of(not()));
    }
    return primary();
  }

  private ObjectNode primary() {
    if (peek().kind() == Kind.LPAREN) {
      pos++;
      ObjectNode inner = or();
      expect(Kind.RPAREN);
      return inner;
    }
    Token field = expect(Kind.WORD);
    fields.add(field.text());
    Token op = next();
    if (op.kind() == Kind.COLON) {
      return values(field.text());
    }
    if (op.kind() == Kind.RANGE) {
      Token value = next();
      if (value.kind() != Kind.WORD && value.kind() != Kind.QUOTED) {
        throw error(value, "a value after " + op.text());
      }
      String key = switch (op.text()) {
        case "<" -> "lt";
        case "<=" -> "lte";
        case ">" -> "gt";
        default -> "gte";
      };
      ObjectNode range = JSON.objectNode();
      range.putObject("range").putObject(field.text()).put(key, value.text());
      return range;
    }
    throw error(op, "':' or a range operator after field '" + field.text() + "'");
  }

  /** After {@code field:}: one value, or a parenthesised or/and list of values. */
  private ObjectNode values(String field) {
    if (peek().kind() != Kind.LPAREN) {
      return value(field, next());
    }
    pos++;
    ObjectNode list = valueOr(field);
    expect(Kind.RPAREN);
    return list;
  }

  private ObjectNode valueOr(String field) {
    List<ObjectNode> parts = new ArrayList<>(List.of(valueAnd(field)));
    while (peek().isKeyword("or")) {
      pos++;
      parts.add(valueAnd(field));
    }
    return parts.size() == 1 ? parts.get(0) : bool("should", parts);
  }

  private ObjectNode valueAnd(String field) {
    List<ObjectNode> parts = new ArrayList<>(List.of(value(field, next())));
    while (peek().isKeyword("and")) {
      pos++;
      parts.add(value(field, next()));
    }
    return parts.size() == 1 ? parts.get(0) : bool("filter", parts);
  }

  private ObjectNode value(String field, Token v) {
    ObjectNode q = JSON.objectNode();
    if (v.kind() == Kind.QUOTED) {
      q.putObject("match_phrase").put(field, v.text());
    } else if (v.kind() != Kind.WORD || v.isKeyword("and") || v.isKeyword("or") || v.isKeyword("not")) {
      throw error(v, "a value for field '" + field + "'");
    } else if (v.text().equals("*")) {
      // Kibana's "field has a value": an exists query (a wildcard would fail on ip and numeric fields)
      q.putObject("exists").put("field", field);
    } else if (v.text().contains("*")) {
      q.putObject("wildcard").putObject(field).put("value", v.text());
    } else {
      q.putObject("match").put(field, v.text());
    }
    return q;
  }

  private static ObjectNode bool(String occur, List<ObjectNode> parts) {
    ObjectNode q = JSON.objectNode();
    ObjectNode b = q.putObject("bool");
    ArrayNode clauses = b.putArray(occur);
    parts.forEach(clauses::add);
    if (occur.equals("should")) {
      b.put("minimum_should_match", 1);
    }
    return q;
  }

  private Token peek() {
    return tokens.get(pos);
  }

  private Token next() {
    Token t = tokens.get(pos);
    if (t.kind() != Kind.END) {
      pos++;
    }
    return t;
  }

  private Token expect(Kind kind) {
    Token t = next();
    if (t.kind() != kind) {
      throw error(t, kind.name().toLowerCase(Locale.ROOT));
    }
    return t;
  }

  private IllegalArgumentException error(Token t, String wanted) {
    String found = t.kind() == Kind.END ? "the end" : "'" + t.text() + "'";
    return new IllegalArgumentException("KQL '" + source + "': expected " + wanted + " at position " + t.at()
        + " but found " + found + " (the dashboards' tests support field:value, field:(a or b), ranges, "
        + "and/or/not and parentheses)");
  }

  private static List<Token> tokenize(String s) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(' || c == ')' || c == ':') {
        out.add(new Token(c == '(' ? Kind.LPAREN : c == ')' ? Kind.RPAREN : Kind.COLON, String.valueOf(c), i));
        i++;
      } else if (c == '<' || c == '>') {
        boolean eq = i + 1 < s.length() && s.charAt(i + 1) == '=';
        out.add(new Token(Kind.RANGE, eq ? c + "=" : String.valueOf(c), i));
        i += eq ? 2 : 1;
      } else if (c == '"') {
        int end = s.indexOf('"', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("KQL '" + s + "': unclosed quote at position " + i);
        }
        out.add(new Token(Kind.QUOTED, s.substring(i + 1, end), i));
        i = end + 1;
      } else {
        int start = i;
        while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && "():<>\"".indexOf(s.charAt(i)) < 0) {
          i++;
        }
        out.add(new Token(Kind.WORD, s.substring(start, i), start));
      }
    }
    out.add(new Token(Kind.END, "", s.length()));
    return out;
  }
}
