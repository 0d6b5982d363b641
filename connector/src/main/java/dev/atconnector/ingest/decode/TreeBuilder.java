package dev.atconnector.ingest.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Builds a tree of one value from pushed parser tokens: the {@link Transcoder} keeps the rare values that cannot be
 * written where they come ({@code extra.*}, {@code envelope.*}, {@code tags}) without parsing them again. The nodes
 * are exactly those a default {@code ObjectMapper.readTree} makes (int/long/BigInteger by size, floats as double, a
 * repeated key keeps its last value), so the fast and the slow path see the same values.
 */
final class TreeBuilder {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final List<ContainerNode<?>> stack = new ArrayList<>();
  private String fieldName;
  private JsonNode root;

  /**
   * Adds one token of the current value.
   *
   * @return true when the value is complete ({@link #take()} it)
   */
  boolean add(JsonToken token, JsonParser parser) throws IOException {
    switch (token) {
      // a record's root has ~20 fields: sized so its map never rehashes (the default table resizes at 12)
      case START_OBJECT -> push(stack.isEmpty() ? new ObjectNode(NODES, new LinkedHashMap<>(64)) : NODES.objectNode());
      case START_ARRAY -> push(NODES.arrayNode());
      case END_OBJECT, END_ARRAY -> {
        stack.remove(stack.size() - 1);
        return stack.isEmpty();
      }
      case FIELD_NAME -> fieldName = parser.currentName();
      case VALUE_STRING -> {
        return value(NODES.textNode(parser.getText()));
      }
      case VALUE_NUMBER_INT -> {
        return value(integer(parser));
      }
      case VALUE_NUMBER_FLOAT -> {
        return value(NODES.numberNode(parser.getDoubleValue()));
      }
      case VALUE_TRUE -> {
        return value(NODES.booleanNode(true));
      }
      case VALUE_FALSE -> {
        return value(NODES.booleanNode(false));
      }
      case VALUE_NULL -> {
        return value(NODES.nullNode());
      }
      default -> throw new IllegalStateException("unexpected token " + token);
    }
    return false;
  }

  /** Whether a value has begun and not yet ended. */
  boolean inProgress() {
    return !stack.isEmpty();
  }

  JsonNode take() {
    JsonNode done = root;
    root = null;
    return done;
  }

  void reset() {
    stack.clear();
    root = null;
    fieldName = null;
  }

  private static JsonNode integer(JsonParser parser) throws IOException {
    return switch (parser.getNumberType()) {
      case INT -> NODES.numberNode(parser.getIntValue());
      case LONG -> NODES.numberNode(parser.getLongValue());
      default -> NODES.numberNode(parser.getBigIntegerValue());
    };
  }

  private void push(ContainerNode<?> node) {
    if (stack.isEmpty()) {
      root = node;
    } else {
      attach(node);
    }
    stack.add(node);
  }

  private boolean value(JsonNode node) {
    if (stack.isEmpty()) {
      root = node;
      return true;
    }
    attach(node);
    return false;
  }

  private void attach(JsonNode node) {
    ContainerNode<?> parent = stack.get(stack.size() - 1);
    if (parent instanceof ObjectNode object) {
      object.replace(fieldName, node);
    } else {
      ((ArrayNode) parent).add(node);
    }
  }
}
