package dev.atconnector.sim.events;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * Field names and constant values, pre-encoded once: Jackson copies their quoted UTF-8 bytes instead of escaping
 * char by char, which is most of the cost of writing an event.
 */
final class Fields {
  static final SerializableString ID = s("id");
  static final SerializableString NAME = s("name");
  static final SerializableString TYPE_URI = s("typeURI");
  static final SerializableString EVENT_TYPE = s("eventType");
  static final SerializableString EVENT_TIME = s("eventTime");
  static final SerializableString ACTION = s("action");
  static final SerializableString OUTCOME = s("outcome");
  static final SerializableString SEVERITY = s("severity");
  static final SerializableString MESSAGE = s("message");
  static final SerializableString INITIATOR = s("initiator");
  static final SerializableString TARGET = s("target");
  static final SerializableString OBSERVER = s("observer");
  static final SerializableString REASON = s("reason");
  static final SerializableString REASON_CODE = s("reasonCode");
  static final SerializableString REASON_TYPE = s("reasonType");
  static final SerializableString REQUEST_PATH = s("requestPath");
  static final SerializableString PROJECT_ID = s("project_id");
  static final SerializableString CREDENTIAL = s("credential");
  static final SerializableString TYPE = s("type");
  static final SerializableString HOST = s("host");
  static final SerializableString ADDRESS = s("address");
  static final SerializableString AGENT = s("agent");

  static final SerializableString TIMESTAMP = s("@timestamp");
  static final SerializableString VERSION = s("@version");
  static final SerializableString ALCH_ACCOUNT_ID = s("ALCH_ACCOUNT_ID");
  static final SerializableString ALCH_TENANT_ID = s("ALCH_TENANT_ID");
  static final SerializableString EVENT_UUID = s("event_uuid");
  static final SerializableString LOGMET_CLUSTER = s("logmet_cluster");
  static final SerializableString TAGS = s("tags");
  static final SerializableString PAYLOAD = s("payload");
  static final SerializableString META = s("meta");

  static final SerializableString V_CADF_TYPE_URI = s("http://schemas.dmtf.org/cloud/audit/1.0/event");
  static final SerializableString V_ACTIVITY = s("activity");
  static final SerializableString V_ACTIVITY_TRACKER = s("ActivityTracker");
  static final SerializableString V_OBSERVER_TYPE = s("security/edge/activity-tracker");
  static final SerializableString V_IANA = s("https://www.iana.org/assignments/http-status-codes/http-status-codes.xml");
  static final SerializableString V_USER_TYPE = s("service/security/account/user");
  static final SerializableString V_SERVICEID_TYPE = s("service/security/account/serviceid");
  static final SerializableString V_CLIENTID_TYPE = s("service/security/clientid");
  static final SerializableString V_ONE = s("1");

  private Fields() {}

  static SerializableString s(String value) {
    return new SerializedString(value);
  }

  static SerializableString[] all(String[] values) {
    SerializableString[] out = new SerializableString[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = s(values[i]);
    }
    return out;
  }
}
