package dev.atconnector.ingest.decode;

import static dev.atconnector.ingest.decode.Bodies.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atconnector.ingest.model.DeadLetter;
import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.model.Doc;
import dev.atconnector.ingest.model.Position;
import org.junit.jupiter.api.Test;

class NormalizerTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Position AT = new Position("sess-9", 42);
  private final Normalizer normalizer = new Normalizer("activity-tracker-");

  private Decoded normalize(String json) throws Exception {
    byte[] original = utf8(json);
    return normalizer.normalize(AT, original, MAPPER.readTree(original));
  }

  private Doc doc(String json) throws Exception {
    Decoded decoded = normalize(json);
    assertThat(decoded).isInstanceOf(Doc.class);
    return (Doc) decoded;
  }

  private static JsonNode source(Doc doc) throws Exception {
    return MAPPER.readTree(doc.source());
  }

  private DeadLetter dead(String json) throws Exception {
    Decoded decoded = normalize(json);
    assertThat(decoded).isInstanceOf(DeadLetter.class);
    return (DeadLetter) decoded;
  }

  @Test
  void ingestionSampleIsAnEnvelopeWithPayloadAtTheRoot() throws Exception {
    Doc doc = doc(Samples.INGESTION_AT_NOISY);
    JsonNode s = source(doc);

    assertThat(s.get("@timestamp").asText()).isEqualTo("2017-10-19T19:07:50.320Z");
    assertThat(s.get("eventTime").asText()).isEqualTo("2017-10-19 19:07:50.32 +0000 UTC");
    assertThat(s.get("action").asText()).isEqualTo("containers-kubernetes.worker.create");
    assertThat(s.at("/meta/serviceProviderName").asText()).isEqualTo("YOUR_SERVICE_NAME");
    assertThat(s.has("payload")).isFalse();
    assertThat(s.get("at")).isEqualTo(MAPPER.readTree(
        "{\"id_source\":\"sha256\",\"shape\":\"envelope\",\"session\":\"sess-9\",\"record\":42,"
            + "\"hour_of_day\":19,\"day_of_week\":\"thursday\"}"));
    assertThat(doc.id()).isEqualTo(
        EventIdentity.sha256Hex(EventIdentity.canonicalJson(MAPPER.readTree(Samples.INGESTION_AT_NOISY))));
    assertThat(doc.index()).isEqualTo("activity-tracker-2017.10");
    assertThat(doc.original()).isEqualTo(utf8(Samples.INGESTION_AT_NOISY));
    assertThat(doc.position()).isEqualTo(AT);
  }

  @Test
  void vpcSampleKeepsEnvelopeFieldsAndParsesItsRequestDataString() throws Exception {
    Doc doc = doc(Samples.VPC_LISTENER);
    JsonNode s = source(doc);

    assertThat(doc.id()).isEqualTo("e4ee1906d01a35efe8bd8303ce0a734e");
    assertThat(s.at("/at/id_source").asText()).isEqualTo("id");
    assertThat(doc.index()).isEqualTo("activity-tracker-2019.05");
    assertThat(s.get("@timestamp").asText()).isEqualTo("2019-05-30T18:42:48.960Z");
    assertThat(s.get("logSourceCRN").asText()).startsWith("crn:v1:staging:public:is:eu-gb");
    assertThat(s.get("saveServiceCopy").asBoolean()).isTrue();
    assertThat(s.get("requestData").isTextual()).isTrue();
    assertThat(s.at("/at/request_data/headers/RayID").asText()).isEqualTo("4df2d9911a3ac2bd");
    assertThat(s.at("/initiator/host/address").asText()).isEqualTo("<CLIENT_IP>");
  }

  @Test
  void powerSampleKeepsANonJsonResponseDataStringVerbatimWithoutParsedCopy() throws Exception {
    JsonNode s = source(doc(Samples.POWER_OLD_RESPONSE));

    assertThat(s.get("responseData").asText()).startsWith("{\"cloudInstances\":[…]");
    assertThat(s.at("/at").has("response_data")).isFalse();
    assertThat(s.get("@timestamp").asText()).isEqualTo("2019-05-31T19:33:02.970Z");
    assertThat(s.at("/meta/serviceProviderName").asText()).isEqualTo("power-iaas");
  }

  @Test
  void storedSampleUsesEventTimeAndKeepsItsStoredTimestamp() throws Exception {
    Doc doc = doc(Samples.STORED);
    JsonNode s = source(doc);

    assertThat(doc.id()).isEqualTo("d9b5a3a9-8fb8-4d6d-90cd-0a50f4842c6a");
    assertThat(doc.index()).isEqualTo("activity-tracker-2018.07");
    assertThat(s.get("@timestamp").asText()).isEqualTo("2018-07-16T15:00:00.000Z");
    assertThat(s.get("eventTime").asText()).isEqualTo("2018-07-16T15:00+0000");
    assertThat(s.at("/at/stored_timestamp").asText()).isEqualTo("2018-07-16T15:00:03.062Z");
    assertThat(s.at("/at/shape").asText()).isEqualTo("stored");
    assertThat(s.at("/at/id_source").asText()).isEqualTo("event_uuid");
    assertThat(s.get("requestData").asText()).isEqualTo("requestdata");
    assertThat(s.get("at").has("request_data")).isFalse();
    assertThat(s.get("ALCH_TENANT_ID").asText()).isEqualTo("alchtenida:560ea90982962784957b94135af14810");
  }

  @Test
  void k8sSampleWithoutUsableTimeIsDeadLettered() throws Exception {
    DeadLetter dead = dead(Samples.K8S_SNAKE_META);

    assertThat(dead.stage()).isEqualTo("normalise");
    assertThat(dead.reason()).contains("eventTime is \"timestamp\"").contains("there is no @timestamp")
        .contains("record 42");
    assertThat(dead.originalText()).isEqualTo(Samples.K8S_SNAKE_META);
    assertThat(dead.position()).isEqualTo(AT);
  }

  @Test
  void bareCadfShape() throws Exception {
    Doc doc = doc("{\"id\":\"c-1\",\"eventTime\":\"2020-01-31T23:59:59.9999Z\",\"action\":\"x.y\"}");
    assertThat(source(doc).at("/at/shape").asText()).isEqualTo("cadf");
    assertThat(doc.id()).isEqualTo("c-1");
    assertThat(doc.index()).isEqualTo("activity-tracker-2020.01");
    assertThat(source(doc).get("@timestamp").asText()).isEqualTo("2020-01-31T23:59:59.999Z");
  }

  @Test
  void envelopeClashKeepsThePayloadValueAndMovesTheEnvelopeOne() throws Exception {
    Doc doc = doc("{\"id\":\"outer\",\"severity\":\"env\",\"meta\":{\"m\":1},"
        + "\"payload\":{\"id\":\"inner\",\"severity\":\"normal\",\"eventTime\":\"2018-07-16T15:00+0000\"}}");
    JsonNode s = source(doc);

    assertThat(doc.id()).isEqualTo("inner");
    assertThat(s.get("id").asText()).isEqualTo("inner");
    assertThat(s.get("severity").asText()).isEqualTo("normal");
    assertThat(s.at("/at/envelope")).isEqualTo(MAPPER.readTree("{\"id\":\"outer\",\"severity\":\"env\"}"));
    assertThat(s.at("/meta/m").asInt()).isEqualTo(1);
  }

  @Test
  void fallsBackToTheStoredTimestamp() throws Exception {
    JsonNode s = source(doc("{\"@version\":\"1\",\"eventTime\":\"garbage\",\"@timestamp\":\"2018-07-16T15:00:03.062Z\"}"));
    assertThat(s.get("@timestamp").asText()).isEqualTo("2018-07-16T15:00:03.062Z");
    assertThat(s.at("/at/stored_timestamp").asText()).isEqualTo("2018-07-16T15:00:03.062Z");
    assertThat(s.get("eventTime").asText()).isEqualTo("garbage");

    JsonNode missing = source(doc("{\"@timestamp\":\"2018-07-16T15:00:03Z\"}"));
    assertThat(missing.get("@timestamp").asText()).isEqualTo("2018-07-16T15:00:03.000Z");
  }

  @Test
  void noUsableTimeNamesBothFields() throws Exception {
    assertThat(dead("{\"id\":\"a\"}").reason()).contains("eventTime is missing and there is no @timestamp");
    assertThat(dead("{\"eventTime\":17,\"@timestamp\":\"yesterday\"}").reason())
        .contains("eventTime is 17").contains("@timestamp \"yesterday\" is not a time either");
  }

  @Test
  void requestAndResponseDataInEveryForm() throws Exception {
    JsonNode s = source(doc("{\"eventTime\":\"2018-07-16T15:00+0000\",\"requestData\":{\"a\":{\"b\":1}},"
        + "\"responseData\":\" {\\\"ok\\\":true}\"}"));
    assertThat(s.get("requestData")).isEqualTo(MAPPER.readTree("{\"a\":{\"b\":1}}"));
    assertThat(s.at("/at/request_data")).isEqualTo(MAPPER.readTree("{\"a\":{\"b\":1}}"));
    assertThat(s.get("responseData").asText()).isEqualTo(" {\"ok\":true}");
    assertThat(s.at("/at/response_data")).isEqualTo(MAPPER.readTree("{\"ok\":true}"));

    JsonNode plain = source(doc("{\"eventTime\":\"2018-07-16T15:00+0000\",\"requestData\":\"{not json\","
        + "\"responseData\":\"[1,2]\"}"));
    assertThat(plain.get("requestData").asText()).isEqualTo("{not json");
    assertThat(plain.get("responseData").asText()).isEqualTo("[1,2]");
    assertThat(plain.get("at").has("request_data")).isFalse();
    assertThat(plain.get("at").has("response_data")).isFalse();
  }

  @Test
  void aRecordsOwnAtFieldMovesToOriginalAt() throws Exception {
    JsonNode s = source(doc("{\"eventTime\":\"2018-07-16T15:00+0000\",\"at\":\"home\"}"));
    assertThat(s.at("/at/original_at").asText()).isEqualTo("home");
    assertThat(s.at("/at/shape").asText()).isEqualTo("cadf");
  }

  @Test
  void nonObjectRecordsAreDeadLettered() throws Exception {
    assertThat(dead("[1,2]").reason()).contains("record is not a JSON object (it is an array)");
    assertThat(dead("\"text\"").reason()).contains("it is a string");
    assertThat(dead("12").stage()).isEqualTo("normalise");
  }

  @Test
  void idsFromEveryRule() throws Exception {
    String time = "\"eventTime\":\"2018-07-16T15:00+0000\"";
    assertThat(doc("{" + time + ",\"event_uuid\":\"u\",\"id\":\"i\"}").id()).isEqualTo("u");
    assertThat(doc("{" + time + ",\"id\":\"i\"}").id()).isEqualTo("i");
    assertThat(doc("{\"meta\":{},\"payload\":{" + time + ",\"id\":\"p\"}}").id()).isEqualTo("p");
    String noId = "{" + time + ",\"b\":1,\"a\":[true,null]}";
    assertThat(doc(noId).id()).isEqualTo(EventIdentity.sha256Hex(utf8("{\"a\":[true,null],\"b\":1," + time + "}")));
  }
}
