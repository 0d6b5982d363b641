package dev.atconnector.sim.events;

import com.fasterxml.jackson.core.JsonGenerator;
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

  private final ScopeContext ctx;
  private final CadfWriter cadf;
  private final Rng rng = new Rng(0);
  private final Rng extra = new Rng(0);
  private final char[] chars = new char[40];
  private final String[] projectIds;

  RecordWriter(ScopeContext ctx) {
    this.ctx = ctx;
    this.cadf = new CadfWriter(ctx);
    this.projectIds = new String[ctx.services.length];
    for (int i = 0; i < projectIds.length; i++) {
      long h = Rng.hash(ctx.services[i].crnService());
      projectIds[i] = JsonText.uuid(h, Rng.mix64(h ^ ctx.key));
    }
  }

  /**
   * Writes the record as one root JSON object.
   *
   * @return the id the identity rule (reference A.4) picks from the record's fields ({@code event_uuid}, else the CADF
   *     {@code id}), or null when the record has neither and is identified by the hash of its content
   */
  String write(JsonGenerator g, RecordShape shape, long eventSeed, String date, int hour, int millisOfHour)
      throws IOException {
    rng.reset(eventSeed);
    extra.reset(Rng.mix64(eventSeed ^ EXTRA_TAG));
    g.writeStartObject();
    String id;
    switch (shape) {
      case STORED:
        id = writeStoredFields(g, date, hour, millisOfHour);
        cadf.write(g, rng, date, hour, millisOfHour);
        break;
      case CADF:
        id = cadf.write(g, rng, date, hour, millisOfHour);
        break;
      default:
        g.writeObjectFieldStart("payload");
        id = cadf.write(g, rng, date, hour, millisOfHour);
        g.writeEndObject();
        writeEnvelopeFields(g);
        break;
    }
    g.writeEndObject();
    return id;
  }

  private String writeStoredFields(JsonGenerator g, String date, int hour, int millisOfHour) throws IOException {
    int storedMillis = Math.min(millisOfHour + 20 + extra.nextInt(2500), 3_599_999);
    g.writeFieldName("@timestamp");
    g.writeString(chars, 0, EventTimeFormat.ISO_MILLIS_Z.format(chars, date, hour, storedMillis));
    g.writeStringField("@version", "1");
    g.writeStringField("ALCH_ACCOUNT_ID", ctx.accountId);
    g.writeStringField("ALCH_TENANT_ID", ctx.tenantId);
    g.writeStringField("type", "ActivityTracker");
    String uuid = JsonText.uuid(extra.nextLong(), extra.nextLong());
    g.writeStringField("event_uuid", uuid);
    g.writeStringField("logmet_cluster", extra.pick(Vocabulary.LOGMET_CLUSTERS));
    g.writeArrayFieldStart("tags");
    if (extra.nextInt(4) == 0) {
      g.writeString("activity-tracker");
    }
    g.writeEndArray();
    return uuid;
  }

  private void writeEnvelopeFields(JsonGenerator g) throws IOException {
    if (extra.nextInt(10) < 3) {
      g.writeStringField("logSourceCRN", cadf.lastTargetCrn);
      g.writeBooleanField("saveServiceCopy", true);
    }
    int service = 0;
    while (ctx.services[service] != cadf.lastService) {
      service++;
    }
    g.writeObjectFieldStart("meta");
    g.writeStringField("serviceProviderName", cadf.lastService.crnService());
    g.writeStringField("serviceProviderRegion", ctx.legacyRegion);
    g.writeStringField("serviceProviderProjectId", projectIds[service]);
    g.writeArrayFieldStart("userAccountIds");
    g.writeString(ctx.accountId);
    g.writeEndArray();
    if (!ctx.scope.accountLevel()) {
      g.writeStringField("userSpaceId", ctx.scope.spaceId());
    }
    g.writeStringField("userSpaceRegion", ctx.legacyRegion);
    g.writeEndObject();
  }
}
