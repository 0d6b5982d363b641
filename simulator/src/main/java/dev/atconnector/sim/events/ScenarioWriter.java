package dev.atconnector.sim.events;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Locale;

/**
 * Writes one {@link ScenarioEvent} as a whole record of a {@link RecordShape}, with the CADF content an IBM Cloud
 * service would send (reference B.3): CRN target in the scope's account and region, observer, reason with the HTTP
 * status, {@code requestData} as an object. The scenario id is the CADF {@code id} and, in the stored shape, the
 * {@code event_uuid}, so the connector's _id is the scenario id in every shape.
 */
final class ScenarioWriter {
  private static final String IANA = "https://www.iana.org/assignments/http-status-codes/http-status-codes.xml";

  private final ScopeContext ctx;

  ScenarioWriter(ScopeContext ctx) {
    this.ctx = ctx;
  }

  void write(JsonGenerator g, RecordShape shape, ScenarioEvent e, String date) throws IOException {
    String time = String.format(Locale.ROOT, "%sT%02d:%02d:%02d.000Z", date, e.hour(), e.secondOfDay() / 60 % 60,
        e.secondOfDay() % 60);
    g.writeStartObject();
    switch (shape) {
      case STORED -> {
        g.writeStringField("@timestamp", time);
        g.writeStringField("@version", "1");
        g.writeStringField("ALCH_ACCOUNT_ID", ctx.accountId);
        g.writeStringField("ALCH_TENANT_ID", ctx.tenantId);
        g.writeStringField("type", "ActivityTracker");
        g.writeStringField("event_uuid", e.id());
        g.writeArrayFieldStart("tags");
        g.writeEndArray();
        cadf(g, e, time);
      }
      case CADF -> cadf(g, e, time);
      default -> {
        g.writeObjectFieldStart("payload");
        cadf(g, e, time);
        g.writeEndObject();
        g.writeObjectFieldStart("meta");
        g.writeStringField("serviceProviderName", service(e.action())[0]);
        g.writeStringField("serviceProviderRegion", ctx.legacyRegion);
        g.writeArrayFieldStart("userAccountIds");
        g.writeString(ctx.accountId);
        g.writeEndArray();
        if (!e.accountLevel()) {
          g.writeStringField("userSpaceId", ctx.scope.spaceId());
        }
        g.writeEndObject();
      }
    }
    g.writeEndObject();
  }

  private void cadf(JsonGenerator g, ScenarioEvent e, String time) throws IOException {
    String action = e.action();
    String prefix = action.substring(0, action.indexOf('.'));
    String resourceType = action.substring(prefix.length() + 1, action.lastIndexOf('.'));
    String verb = action.substring(action.lastIndexOf('.') + 1);
    String[] service = service(action);
    g.writeStringField("id", e.id());
    g.writeStringField("typeURI", "http://schemas.dmtf.org/cloud/audit/1.0/event");
    g.writeStringField("eventType", "activity");
    g.writeStringField("eventTime", time);
    g.writeStringField("action", action);
    g.writeStringField("outcome", e.outcome());
    g.writeStringField("severity", e.outcome().equals("success") ? severity(verb) : "warning");
    g.writeStringField("message", prefix + ": " + verb + " " + resourceType + " " + e.targetName() + " "
        + e.outcome());
    g.writeObjectFieldStart("initiator");
    g.writeStringField("id", e.who().id());
    g.writeStringField("name", e.who().name());
    g.writeStringField("typeURI", e.who().typeUri());
    g.writeObjectFieldStart("credential");
    g.writeStringField("type", e.who().credential());
    g.writeEndObject();
    g.writeObjectFieldStart("host");
    g.writeStringField("address", e.ip());
    g.writeStringField("agent", e.agent());
    g.writeEndObject();
    g.writeEndObject();
    g.writeObjectFieldStart("target");
    g.writeStringField("id", "crn:v1:bluemix:public:" + service[0] + ":" + ctx.region + ":a/" + ctx.accountId + "::"
        + resourceType + ":" + e.targetName());
    g.writeStringField("name", e.targetName());
    g.writeStringField("typeURI", service[0] + "/" + resourceType);
    g.writeObjectFieldStart("host");
    g.writeStringField("address", service[1]);
    g.writeEndObject();
    g.writeEndObject();
    g.writeObjectFieldStart("observer");
    g.writeStringField("id", "activity-tracker." + ctx.legacyRegion + ".bluemix.net");
    g.writeStringField("name", "ActivityTracker");
    g.writeStringField("typeURI", "security/edge/activity-tracker");
    g.writeEndObject();
    g.writeObjectFieldStart("reason");
    g.writeNumberField("reasonCode", e.reasonCode());
    g.writeStringField("reasonType", IANA);
    g.writeEndObject();
    if (e.requestData() != null) {
      g.writeFieldName("requestData");
      g.writeRawValue(e.requestData());
    }
  }

  private static String severity(String verb) {
    return switch (verb) {
      case "delete", "remove", "update" -> "warning";
      default -> "normal";
    };
  }

  /** The CRN service name and the API host of an action's service. */
  private String[] service(String action) {
    String prefix = action.substring(0, action.indexOf('.'));
    String region = ctx.region;
    return switch (prefix) {
      case "iam-identity", "iam-groups" -> new String[] {prefix, "iam.cloud.ibm.com"};
      case "iam-am" -> new String[] {"iam-access-management", "iam.cloud.ibm.com"};
      case "user-management" -> new String[] {prefix, "user-management.cloud.ibm.com"};
      case "atracker" -> new String[] {prefix, region + ".atracker.cloud.ibm.com"};
      case "cloud-object-storage" -> new String[] {prefix, "s3." + region + ".cloud-object-storage.appdomain.cloud"};
      case "kms" -> new String[] {prefix, region + ".kms.cloud.ibm.com"};
      case "containers-kubernetes" -> new String[] {prefix, "containers.cloud.ibm.com"};
      case "cloudantnosqldb" -> new String[] {prefix, "cloudant.cloud.ibm.com"};
      default -> throw new IllegalStateException("no service for scenario action " + action);
    };
  }
}
