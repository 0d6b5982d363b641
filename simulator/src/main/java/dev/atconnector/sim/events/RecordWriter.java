package dev.atconnector.sim.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import java.io.IOException;

/**
 * Writes one whole record in a {@link RecordShape} around the CADF event that {@link CadfWriter} writes. The CADF
 * content depends only on the event seed; the shape's own fields (stored time, event_uuid, envelope extras) come from
 * a second stream derived from the same seed, so a given event has the same CADF body in every shape.
 *
 * <p>STORED puts the service's storage fields first, then the flat CADF fields. ENVELOPE follows the Power IaaS
 * sample's order: {@code payload}, then (in about 30% of records) {@code logSourceCRN} and {@code saveServiceCopy},
 * then {@code meta}. Not thread-safe.
 */
final class RecordWriter {
  private static final long EXTRA_TAG = 0x5E7A_5E7AL;
  private static final SerializableString[] LOGMET_CLUSTERS = Fields.all(Vocabulary.LOGMET_CLUSTERS);
  private static final SerializableString TAG = Fields.s("activity-tracker");

  private final ScopeContext ctx;
  private final CadfWriter cadf;
  private final Rng rng = new Rng(0);
  private final Rng extra = new Rng(0);
  private final char[] chars = new char[40];
  private final Utf8Value value = new Utf8Value();
  private boolean lastStored;
  private long uuidHi;
  private long uuidLo;
  private final String[] metas;
  private final SerializableString accountId;
  private final SerializableString tenantId;

  RecordWriter(ScopeContext ctx) {
    this.ctx = ctx;
    this.cadf = new CadfWriter(ctx);
    this.accountId = Fields.s(ctx.accountId);
    this.tenantId = Fields.s(ctx.tenantId);
    this.metas = new String[ctx.services.length];
    for (int i = 0; i < metas.length; i++) {
      metas[i] = meta(i);
    }
  }

  /** Writes the record as one root JSON object; see {@link #lastId()} for its id. */
  void write(JsonGenerator g, RecordShape shape, long eventSeed, String date, int hour, int millisOfHour)
      throws IOException {
    rng.reset(eventSeed);
    extra.reset(Rng.mix64(eventSeed ^ EXTRA_TAG));
    g.writeStartObject();
    lastStored = shape == RecordShape.STORED;
    switch (shape) {
      case STORED:
        writeStoredFields(g, date, hour, millisOfHour);
        cadf.write(g, rng, date, hour, millisOfHour);
        break;
      case CADF:
        cadf.write(g, rng, date, hour, millisOfHour);
        break;
      default:
        g.writeFieldName(Fields.PAYLOAD);
        g.writeStartObject();
        cadf.write(g, rng, date, hour, millisOfHour);
        g.writeEndObject();
        writeEnvelopeFields(g);
        break;
    }
    g.writeEndObject();
  }

  /**
   * The id the identity rule (reference A.4) picks from the last record's fields ({@code event_uuid}, else the CADF
   * {@code id}), or null when it has neither and is identified by the hash of its content. Built on demand: a
   * download never asks.
   */
  String lastId() {
    return lastStored ? JsonText.uuid(uuidHi, uuidLo) : cadf.lastId();
  }

  private void writeStoredFields(JsonGenerator g, String date, int hour, int millisOfHour) throws IOException {
    int storedMillis = Math.min(millisOfHour + 20 + extra.nextInt(2500), 3_599_999);
    g.writeFieldName(Fields.TIMESTAMP);
    value.clear().ascii(chars, 0, EventTimeFormat.ISO_MILLIS_Z.format(chars, date, hour, storedMillis)).writeTo(g);
    field(g, Fields.VERSION, Fields.V_ONE);
    field(g, Fields.ALCH_ACCOUNT_ID, accountId);
    field(g, Fields.ALCH_TENANT_ID, tenantId);
    field(g, Fields.TYPE, Fields.V_ACTIVITY_TRACKER);
    uuidHi = extra.nextLong();
    uuidLo = extra.nextLong();
    g.writeFieldName(Fields.EVENT_UUID);
    value.clear().ascii(chars, 0, JsonText.uuid(chars, 0, uuidHi, uuidLo)).writeTo(g);
    field(g, Fields.LOGMET_CLUSTER, LOGMET_CLUSTERS[extra.nextInt(LOGMET_CLUSTERS.length)]);
    g.writeFieldName(Fields.TAGS);
    g.writeStartArray();
    if (extra.nextInt(4) == 0) {
      g.writeString(TAG);
    }
    g.writeEndArray();
  }

  private void writeEnvelopeFields(JsonGenerator g) throws IOException {
    if (extra.nextInt(10) < 3) {
      g.writeStringField("logSourceCRN", cadf.lastTargetCrn());
      g.writeBooleanField("saveServiceCopy", true);
    }
    g.writeFieldName(Fields.META);
    g.writeRawValue(metas[cadf.lastService]);
  }

  /** The envelope's meta object only depends on the scope and the service: encode it once per service. */
  private String meta(int service) {
    JsonText.BuilderWriter out = new JsonText.BuilderWriter();
    try (JsonGenerator m = JsonText.generator(out)) {
      m.writeStartObject();
      m.writeStringField("serviceProviderName", ctx.services[service].crnService());
      m.writeStringField("serviceProviderRegion", ctx.legacyRegion);
      long h = Rng.hash(ctx.services[service].crnService());
      m.writeStringField("serviceProviderProjectId", JsonText.uuid(h, Rng.mix64(h ^ ctx.key)));
      m.writeArrayFieldStart("userAccountIds");
      m.writeString(ctx.accountId);
      m.writeEndArray();
      if (!ctx.scope.accountLevel()) {
        m.writeStringField("userSpaceId", ctx.scope.spaceId());
      }
      m.writeStringField("userSpaceRegion", ctx.legacyRegion);
      m.writeEndObject();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.sb.toString();
  }

  private static void field(JsonGenerator g, SerializableString name, SerializableString value) throws IOException {
    g.writeFieldName(name);
    g.writeString(value);
  }
}
