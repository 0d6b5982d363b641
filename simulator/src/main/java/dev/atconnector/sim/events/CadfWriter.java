package dev.atconnector.sim.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import java.io.IOException;

/**
 * Writes the fields of one CADF event (reference B.3) into an open JSON object, drawing every choice from the event's
 * {@link Rng}. The same draws give the same event whatever the record shape around it. Not thread-safe: one per body.
 *
 * <p>Mix: outcome success ~80%, failure ~14% (400/401/403/404/409/429/500/503), pending ~5.5% (202), unknown ~0.5%
 * (no reasonCode); about 7% of events carry no CADF {@code id}; initiators are users (~70%, accented/CJK names),
 * service ids (~20%, apikey) or client ids (~10%, token), from IPv4 or (~15%) IPv6 addresses.
 */
final class CadfWriter {
  static final double NO_ID_PROBABILITY = 0.07;

  private static final SerializableString ID = JsonText.name("id");
  private static final SerializableString TYPE_URI = JsonText.name("typeURI");
  private static final SerializableString EVENT_TIME = JsonText.name("eventTime");
  private static final int[] FIRST_OCTETS = {9, 52, 81, 119, 158, 169, 203};

  private final ScopeContext ctx;
  private final ActionInfo[][] actions;
  private final PayloadData payload = new PayloadData();
  private final char[] chars = new char[64];
  private final StringBuilder sb = new StringBuilder(256);

  /** Set by {@link #write}: the service and target of the last event, for the envelope's meta and logSourceCRN. */
  Vocabulary.Service lastService;

  String lastTargetCrn;

  CadfWriter(ScopeContext ctx) {
    this.ctx = ctx;
    this.actions = new ActionInfo[ctx.services.length][];
    for (int s = 0; s < ctx.services.length; s++) {
      Vocabulary.Service service = ctx.services[s];
      actions[s] = new ActionInfo[service.actions().length];
      for (int a = 0; a < actions[s].length; a++) {
        actions[s][a] = new ActionInfo(service.prefix(), service.actions()[a]);
      }
    }
  }

  /**
   * Writes the event's fields (no enclosing braces).
   *
   * @return the CADF id written, or null when this event has none
   */
  String write(JsonGenerator g, Rng rng, String date, int hour, int millisOfHour) throws IOException {
    String id = rng.chance(NO_ID_PROBABILITY) ? null : JsonText.hex32(rng.nextLong(), rng.nextLong());
    int s = rng.nextInt(ctx.services.length);
    Vocabulary.Service service = ctx.services[s];
    ActionInfo action = actions[s][rng.nextInt(actions[s].length)];
    if (id != null) {
      g.writeFieldName(ID);
      g.writeString(id);
    }
    g.writeFieldName(TYPE_URI);
    g.writeString(Vocabulary.CADF_TYPE_URI);
    g.writeStringField("eventType", "activity");
    g.writeFieldName(EVENT_TIME);
    g.writeString(chars, 0, EventTimeFormat.draw(rng).format(chars, date, hour, millisOfHour));
    g.writeStringField("action", action.action);
    Outcome outcome = Outcome.draw(rng, action);
    g.writeStringField("outcome", outcome.name);
    g.writeStringField("severity", outcome.severity);
    String resourceName = rng.pick(Vocabulary.RESOURCE_NAMES);
    long resourceId = rng.nextLong();
    writeMessage(g, service, action, resourceName, outcome);
    writeInitiator(g, rng);
    writeTarget(g, service, action, resourceName, resourceId);
    writeObserver(g);
    writeReason(g, rng, outcome);
    writeRequestPath(g, service, action, resourceId);
    payload.writeRequest(g, rng, action.verb, resourceName, ctx.region);
    payload.writeResponse(g, rng, ctx.accountId, ctx.region);
    lastService = service;
    return id;
  }

  private void writeMessage(JsonGenerator g, Vocabulary.Service service, ActionInfo action, String resourceName,
      Outcome outcome) throws IOException {
    sb.setLength(0);
    sb.append(service.prefix()).append(": ").append(action.verb).append(' ').append(action.resourceType)
        .append(' ').append(resourceName).append(' ').append(outcome.name);
    g.writeStringField("message", sb.toString());
  }

  private void writeInitiator(JsonGenerator g, Rng rng) throws IOException {
    g.writeObjectFieldStart("initiator");
    int kind = rng.nextInt(10);
    String credential;
    if (kind < 7) {
      String[] user = rng.pick(Vocabulary.USERS);
      g.writeStringField("id", user[0]);
      g.writeStringField("name", rng.nextInt(3) == 0 ? user[2] : user[1]);
      g.writeStringField("typeURI", "service/security/account/user");
      credential = rng.nextInt(5) < 3 ? "user" : "token";
    } else if (kind < 9) {
      String serviceId = rng.pick(Vocabulary.SERVICE_IDS);
      g.writeStringField("id", serviceId);
      g.writeStringField("name", "automation-" + serviceId.substring(14, 18));
      g.writeStringField("typeURI", "service/security/account/serviceid");
      credential = "apikey";
    } else {
      g.writeStringField("id", rng.pick(Vocabulary.CLIENT_IDS));
      g.writeStringField("typeURI", "service/security/clientid");
      credential = "token";
    }
    g.writeStringField("project_id", ctx.accountId);
    g.writeObjectFieldStart("credential");
    g.writeStringField("type", credential);
    g.writeEndObject();
    g.writeObjectFieldStart("host");
    g.writeFieldName("address");
    g.writeString(chars, 0, address(rng));
    g.writeStringField("agent", rng.pick(Vocabulary.AGENTS));
    g.writeEndObject();
    g.writeEndObject();
  }

  /** An IPv4 address from a few public-looking ranges, or (~15%) an IPv6 one in 2001:db8::/32. */
  private int address(Rng rng) {
    sb.setLength(0);
    long bits = rng.nextLong();
    if (rng.nextInt(100) < 15) {
      sb.append("2001:db8");
      for (int i = 0; i < 6; i++) {
        sb.append(':').append(Integer.toHexString((int) (bits >>> (i * 10)) & 0xFFFF));
      }
    } else {
      int first = FIRST_OCTETS[(int) ((bits >>> 40) & 0xFF) % FIRST_OCTETS.length];
      sb.append(first).append('.').append((bits >>> 16) & 0xFF).append('.').append((bits >>> 8) & 0xFF)
          .append('.').append(1 + (bits & 0xFF) % 254);
    }
    sb.getChars(0, sb.length(), chars, 0);
    return sb.length();
  }

  private void writeTarget(JsonGenerator g, Vocabulary.Service service, ActionInfo action, String resourceName,
      long resourceId) throws IOException {
    sb.setLength(0);
    sb.append("crn:v1:bluemix:public:").append(service.crnService()).append(':').append(ctx.region).append(":a/")
        .append(ctx.accountId).append("::").append(action.resourceType).append(':');
    JsonText.hex16(chars, 0, resourceId);
    sb.append(chars, 0, 16);
    lastTargetCrn = sb.toString();
    g.writeObjectFieldStart("target");
    g.writeStringField("id", lastTargetCrn);
    g.writeStringField("name", resourceName);
    g.writeStringField("typeURI", service.crnService() + "/" + action.resourceType);
    g.writeObjectFieldStart("host");
    g.writeStringField("address", service.apiHost());
    g.writeEndObject();
    g.writeEndObject();
  }

  private void writeObserver(JsonGenerator g) throws IOException {
    g.writeObjectFieldStart("observer");
    g.writeStringField("id", "activity-tracker." + ctx.legacyRegion + ".bluemix.net");
    g.writeStringField("name", "ActivityTracker");
    g.writeStringField("typeURI", "security/edge/activity-tracker");
    g.writeEndObject();
  }

  private void writeReason(JsonGenerator g, Rng rng, Outcome outcome) throws IOException {
    g.writeObjectFieldStart("reason");
    if (outcome.code > 0) {
      g.writeNumberField("reasonCode", outcome.code);
    }
    g.writeStringField("reasonType", outcome.code > 0 && rng.nextInt(4) > 0 ? Vocabulary.REASON_TYPE_IANA
        : outcome.phrase);
    g.writeEndObject();
  }

  private void writeRequestPath(JsonGenerator g, Vocabulary.Service service, ActionInfo action, long resourceId)
      throws IOException {
    sb.setLength(0);
    sb.append(service.pathRoot()).append('/');
    JsonText.hex16(chars, 0, resourceId);
    sb.append(chars, 0, 16);
    if (action.nested) {
      sb.append('/').append(action.resourceType.substring(action.resourceType.lastIndexOf('.') + 1)).append('s');
    }
    g.writeStringField("requestPath", sb.toString());
  }

  /** One action and what follows from its verb. */
  static final class ActionInfo {
    final String action;
    final String resourceType;
    final String verb;
    final int successCode;
    final boolean nested;

    ActionInfo(String prefix, String suffix) {
      this.action = prefix + "." + suffix;
      int dot = suffix.lastIndexOf('.');
      this.resourceType = suffix.substring(0, dot);
      this.verb = suffix.substring(dot + 1);
      this.nested = resourceType.indexOf('.') > 0;
      this.successCode = switch (verb) {
        case "create", "invite", "add" -> 201;
        case "delete", "remove" -> 204;
        case "reboot", "rotate", "attach" -> 202;
        default -> 200;
      };
    }
  }
}
