package dev.atconnector.sim.events;

import static dev.atconnector.sim.events.Fields.s;

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

  private static final int[] FIRST_OCTETS = {9, 52, 81, 119, 158, 169, 203};
  private static final SerializableString[] AGENTS = Fields.all(Vocabulary.AGENTS);
  private static final SerializableString[] CLIENT_IDS = Fields.all(Vocabulary.CLIENT_IDS);
  private static final SerializableString[] SERVICE_IDS = Fields.all(Vocabulary.SERVICE_IDS);
  private static final SerializableString[][] USERS = new SerializableString[Vocabulary.USERS.length][];
  private static final SerializableString[] CREDENTIALS = {s("user"), s("token"), s("apikey")};

  static {
    for (int i = 0; i < USERS.length; i++) {
      USERS[i] = Fields.all(Vocabulary.USERS[i]);
    }
  }

  private final ScopeContext ctx;
  private final ActionInfo[][] actions;
  private final SerializableString accountId;
  private final SerializableString observerId;
  private final PayloadData payload = new PayloadData();
  private final char[] chars = new char[64];
  private final StringBuilder sb = new StringBuilder(256);
  private final Utf8Value value = new Utf8Value();

  /** Set by {@link #write}: the service index of the last event, for the envelope. */
  int lastService;

  /** The last event's id and target, kept as numbers: their strings are only built when asked for. */
  private boolean lastHasId;
  private long lastIdHi;
  private long lastIdLo;
  private ActionInfo lastAction;
  private long lastResourceId;

  CadfWriter(ScopeContext ctx) {
    this.ctx = ctx;
    this.accountId = s(ctx.accountId);
    this.observerId = s("activity-tracker." + ctx.legacyRegion + ".bluemix.net");
    this.actions = new ActionInfo[ctx.services.length][];
    for (int i = 0; i < ctx.services.length; i++) {
      Vocabulary.Service service = ctx.services[i];
      actions[i] = new ActionInfo[service.actions().length];
      for (int a = 0; a < actions[i].length; a++) {
        actions[i][a] = new ActionInfo(service, service.actions()[a]);
      }
    }
  }

  /** Writes the event's fields (no enclosing braces); see {@link #lastId()} for its id. */
  void write(JsonGenerator g, Rng rng, String date, int hour, int millisOfHour) throws IOException {
    lastHasId = !rng.chance(NO_ID_PROBABILITY);
    if (lastHasId) {
      lastIdHi = rng.nextLong();
      lastIdLo = rng.nextLong();
    }
    int service = rng.nextInt(ctx.services.length);
    ActionInfo action = actions[service][rng.nextInt(actions[service].length)];
    if (lastHasId) {
      g.writeFieldName(Fields.ID);
      value.clear().hex16(lastIdHi).hex16(lastIdLo).writeTo(g);
    }
    field(g, Fields.TYPE_URI, Fields.V_CADF_TYPE_URI);
    field(g, Fields.EVENT_TYPE, Fields.V_ACTIVITY);
    g.writeFieldName(Fields.EVENT_TIME);
    value.clear().ascii(chars, 0, EventTimeFormat.draw(rng).format(chars, date, hour, millisOfHour)).writeTo(g);
    field(g, Fields.ACTION, action.action);
    Outcome outcome = Outcome.draw(rng, action.successCode);
    field(g, Fields.OUTCOME, outcome.name);
    field(g, Fields.SEVERITY, outcome.severity);
    int name = rng.nextInt(Vocabulary.RESOURCE_NAMES.length);
    long resourceId = rng.nextLong();
    writeMessage(g, action, Vocabulary.RESOURCE_NAMES_S[name], outcome);
    writeInitiator(g, rng);
    writeTarget(g, rng, action, name, resourceId);
    g.writeFieldName(Fields.OBSERVER);
    g.writeStartObject();
    field(g, Fields.ID, observerId);
    field(g, Fields.NAME, Fields.V_ACTIVITY_TRACKER);
    field(g, Fields.TYPE_URI, Fields.V_OBSERVER_TYPE);
    g.writeEndObject();
    writeReason(g, rng, outcome);
    writeRequestPath(g, action, resourceId);
    payload.writeRequest(g, rng, action.withBody, Vocabulary.RESOURCE_NAMES[name], ctx.region);
    payload.writeResponse(g, rng, ctx.accountId, ctx.region);
    lastService = service;
  }

  /** The CADF id of the last event written, or null when it has none. */
  String lastId() {
    return lastHasId ? JsonText.hex32(lastIdHi, lastIdLo) : null;
  }

  /** The target CRN of the last event written. */
  String lastTargetCrn() {
    sb.setLength(0);
    JsonText.hex16(chars, 0, lastResourceId);
    return sb.append(lastAction.crnPrefix).append(chars, 0, 16).toString();
  }

  private static byte[] utf8(String text) {
    return s(text).asQuotedUTF8();
  }

  private static void field(JsonGenerator g, SerializableString name, SerializableString value) throws IOException {
    g.writeFieldName(name);
    g.writeString(value);
  }

  private void writeMessage(JsonGenerator g, ActionInfo action, SerializableString resourceName, Outcome outcome)
      throws IOException {
    g.writeFieldName(Fields.MESSAGE);
    value.clear().escaped(action.messagePrefixUtf8).escaped(resourceName).ascii(' ').escaped(outcome.name).writeTo(g);
  }

  private void writeInitiator(JsonGenerator g, Rng rng) throws IOException {
    g.writeFieldName(Fields.INITIATOR);
    g.writeStartObject();
    int kind = rng.nextInt(10);
    int credential;
    if (kind < 7) {
      SerializableString[] user = USERS[rng.nextInt(USERS.length)];
      field(g, Fields.ID, user[0]);
      field(g, Fields.NAME, rng.nextInt(3) == 0 ? user[2] : user[1]);
      field(g, Fields.TYPE_URI, Fields.V_USER_TYPE);
      credential = rng.nextInt(5) < 3 ? 0 : 1;
    } else if (kind < 9) {
      field(g, Fields.ID, SERVICE_IDS[rng.nextInt(SERVICE_IDS.length)]);
      field(g, Fields.TYPE_URI, Fields.V_SERVICEID_TYPE);
      credential = 2;
    } else {
      field(g, Fields.ID, CLIENT_IDS[rng.nextInt(CLIENT_IDS.length)]);
      field(g, Fields.TYPE_URI, Fields.V_CLIENTID_TYPE);
      credential = 1;
    }
    if (rng.nextInt(10) < 3) {
      field(g, Fields.PROJECT_ID, accountId);
    }
    g.writeFieldName(Fields.CREDENTIAL);
    g.writeStartObject();
    field(g, Fields.TYPE, CREDENTIALS[credential]);
    g.writeEndObject();
    g.writeFieldName(Fields.HOST);
    g.writeStartObject();
    g.writeFieldName(Fields.ADDRESS);
    value.clear().ascii(chars, 0, address(rng)).writeTo(g);
    field(g, Fields.AGENT, AGENTS[rng.nextInt(AGENTS.length)]);
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

  private void writeTarget(JsonGenerator g, Rng rng, ActionInfo action, int name, long resourceId) throws IOException {
    lastAction = action;
    lastResourceId = resourceId;
    g.writeFieldName(Fields.TARGET);
    g.writeStartObject();
    g.writeFieldName(Fields.ID);
    value.clear().escaped(action.crnPrefixUtf8).hex16(resourceId).writeTo(g);
    field(g, Fields.NAME, Vocabulary.RESOURCE_NAMES_S[name]);
    field(g, Fields.TYPE_URI, action.targetType);
    if (rng.nextInt(2) == 0) {
      g.writeFieldName(Fields.HOST);
      g.writeStartObject();
      field(g, Fields.ADDRESS, action.apiHost);
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private void writeReason(JsonGenerator g, Rng rng, Outcome outcome) throws IOException {
    g.writeFieldName(Fields.REASON);
    g.writeStartObject();
    if (outcome.code > 0) {
      g.writeFieldName(Fields.REASON_CODE);
      g.writeNumber(outcome.code);
    }
    field(g, Fields.REASON_TYPE, outcome.code > 0 && rng.nextInt(10) < 3 ? Fields.V_IANA : outcome.phrase);
    g.writeEndObject();
  }

  private void writeRequestPath(JsonGenerator g, ActionInfo action, long resourceId) throws IOException {
    g.writeFieldName(Fields.REQUEST_PATH);
    value.clear().escaped(action.pathRootUtf8).hex16(resourceId).escaped(action.pathSuffixUtf8).writeTo(g);
  }

  /** One action of a service and what follows from it, pre-encoded. */
  final class ActionInfo {
    final SerializableString action;
    final SerializableString targetType;
    final SerializableString apiHost;
    final String crnPrefix;
    /** Constant parts of the message, CRN and path, pre-escaped for {@link Utf8Value}. */
    final byte[] messagePrefixUtf8;
    final byte[] crnPrefixUtf8;
    final byte[] pathRootUtf8;
    final byte[] pathSuffixUtf8;
    final int successCode;
    final boolean withBody;

    ActionInfo(Vocabulary.Service service, String suffix) {
      int dot = suffix.lastIndexOf('.');
      String resourceType = suffix.substring(0, dot);
      String verb = suffix.substring(dot + 1);
      this.action = s(service.prefix() + "." + suffix);
      this.targetType = s(service.crnService() + "/" + resourceType);
      this.apiHost = s(service.apiHost());
      this.messagePrefixUtf8 = utf8(service.prefix() + ": " + verb + " " + resourceType + " ");
      this.crnPrefix = "crn:v1:bluemix:public:" + service.crnService() + ":" + ctx.region + ":a/" + ctx.accountId
          + "::" + resourceType + ":";
      this.crnPrefixUtf8 = utf8(crnPrefix);
      this.pathRootUtf8 = utf8(service.pathRoot() + "/");
      int nested = resourceType.lastIndexOf('.');
      this.pathSuffixUtf8 = utf8(nested > 0 ? "/" + resourceType.substring(nested + 1) + "s" : "");
      this.withBody = "create".equals(verb) || "update".equals(verb);
      this.successCode = switch (verb) {
        case "create", "invite", "add" -> 201;
        case "delete", "remove" -> 204;
        case "reboot", "rotate", "attach" -> 202;
        default -> 200;
      };
    }
  }
}
