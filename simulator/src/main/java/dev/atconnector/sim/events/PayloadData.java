package dev.atconnector.sim.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import java.io.IOException;

/**
 * Writes {@code requestData} and {@code responseData}: older events carry them as JSON-encoded <em>strings</em>, newer
 * ones as objects (reference A.5), so each is written either way from the same content. About one event in a thousand
 * gets a large {@code responseData} (20-60 KB of JSON) to exercise big records. Not thread-safe.
 */
final class PayloadData {
  static final double LARGE_PROBABILITY = 0.001;

  private static final SerializableString REQUEST_DATA = JsonText.name("requestData");
  private static final SerializableString RESPONSE_DATA = JsonText.name("responseData");
  private static final int LARGE_ITEM_BYTES = 190;

  private final JsonText.BuilderWriter innerOut = new JsonText.BuilderWriter();
  private final JsonGenerator inner = JsonText.generator(innerOut);
  private final char[] hex = new char[16];

  /** Writes requestData (present in about half the events, half of those as string, half as object). */
  void writeRequest(JsonGenerator g, Rng rng, boolean withBody, String resourceName, String region) throws IOException {
    if (!rng.chance(0.5)) {
      return;
    }
    boolean asString = rng.nextInt(2) == 0;
    long rayId = rng.nextLong();
    JsonGenerator target = open(g, REQUEST_DATA, asString);
    target.writeStartObject();
    target.writeObjectFieldStart("headers");
    JsonText.hex16(hex, 0, rayId);
    target.writeFieldName("RayID");
    target.writeString(hex, 0, 16);
    target.writeEndObject();
    target.writeObjectFieldStart("extraData");
    target.writeStringField("resourceName", resourceName);
    target.writeEndObject();
    if (withBody) {
      target.writeObjectFieldStart("requestBody");
      target.writeStringField("region", region);
      target.writeEndObject();
    }
    target.writeEndObject();
    close(g, REQUEST_DATA, asString);
  }

  /** Writes responseData: large in about 0.1% of events, small in about 10%, absent otherwise. */
  void writeResponse(JsonGenerator g, Rng rng, String accountId, String region) throws IOException {
    boolean large = rng.chance(LARGE_PROBABILITY);
    if (!large && !rng.chance(0.1)) {
      return;
    }
    boolean asString = rng.nextInt(2) == 0;
    JsonGenerator target = open(g, RESPONSE_DATA, asString);
    target.writeStartObject();
    if (large) {
      writeInstances(target, rng, region, (20_000 + rng.nextInt(40_000)) / LARGE_ITEM_BYTES);
    } else {
      target.writeStringField("status", "ok");
      target.writeNumberField("elapsedMillis", 3 + rng.nextInt(900));
    }
    target.writeStringField("tenantID", accountId);
    target.writeEndObject();
    close(g, RESPONSE_DATA, asString);
  }

  private void writeInstances(JsonGenerator t, Rng rng, String region, int count) throws IOException {
    t.writeArrayFieldStart("cloudInstances");
    for (int i = 0; i < count; i++) {
      t.writeStartObject();
      JsonText.hex16(hex, 0, rng.nextLong());
      t.writeFieldName("cloudInstanceID");
      t.writeString(hex, 0, 16);
      t.writeStringField("name", "instance-" + i + "-données");
      t.writeStringField("region", region);
      t.writeBooleanField("enabled", (i & 3) != 0);
      t.writeObjectFieldStart("limits");
      t.writeNumberField("memory", 64 + (i & 7) * 16);
      t.writeNumberField("processors", 1 + (i & 15));
      t.writeNumberField("instances", i & 31);
      t.writeNumberField("storage", 2048 + i);
      t.writeEndObject();
      t.writeEndObject();
    }
    t.writeEndArray();
  }

  private JsonGenerator open(JsonGenerator g, SerializableString field, boolean asString) throws IOException {
    if (!asString) {
      g.writeFieldName(field);
      return g;
    }
    innerOut.sb.setLength(0);
    return inner;
  }

  private void close(JsonGenerator g, SerializableString field, boolean asString) throws IOException {
    if (asString) {
      inner.flush();
      g.writeFieldName(field);
      g.writeString(innerOut.sb.toString());
    }
  }
}
