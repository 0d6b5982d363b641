package dev.atconnector.ingest.decode;

import static dev.atconnector.ingest.decode.Bodies.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.atconnector.ingest.model.Doc;
import dev.atconnector.ingest.model.Position;
import org.junit.jupiter.api.Test;

/** The ECS fields of the contract (notes/ecsfields.md), through the normaliser, on the real samples of B.3. */
class EcsFieldsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String TIME = "\"eventTime\":\"2019-05-31T19:33:02.97+0000\"";
  private final Normalizer normalizer = new Normalizer("activity-tracker-");

  private JsonNode normalise(String json) throws Exception {
    byte[] original = utf8(json);
    Doc doc = (Doc) normalizer.normalize(new Position("s", 1), original, MAPPER.readTree(original));
    return MAPPER.readTree(doc.source());
  }

  private JsonNode withInitiator(String initiator) throws Exception {
    return normalise("{" + TIME + ",\"initiator\":" + initiator + "}");
  }

  @Test
  void powerSampleGetsEveryEcsField() throws Exception {
    JsonNode s = normalise(Samples.POWER_OLD_RESPONSE);

    assertThat(s.at("/ecs/version").asText()).isEqualTo("8.11.0");
    assertThat(s.get("event")).isEqualTo(MAPPER.readTree("{\"kind\":\"event\",\"module\":\"ibmcloud\","
        + "\"dataset\":\"ibmcloud.activity_tracker\",\"action\":\"pcloud.tenant.read\",\"outcome\":\"success\","
        + "\"severity\":1}"));
    assertThat(s.at("/http/response/status_code").intValue()).isEqualTo(200);
    assertThat(s.get("user")).isEqualTo(MAPPER.readTree(
        "{\"id\":\"IBMid-xxxxxxxxxx\",\"name\":\"xxxxm@us.ibm.com\",\"email\":\"xxxxm@us.ibm.com\"}"));
    assertThat(s.at("/source/ip").asText()).isEqualTo("127.0.0.1");
    assertThat(s.at("/user_agent/original").asText()).isEqualTo("PostmanRuntime/7.13.0");
    assertThat(s.get("cloud")).isEqualTo(MAPPER.readTree("{\"provider\":\"ibm\",\"region\":\"us-east\","
        + "\"account\":{\"id\":\"xxxxxxxxxxxxxxxxxxxx\"},\"service\":{\"name\":\"power-iaas\"}}"));
    assertThat(s.get("related")).isEqualTo(MAPPER.readTree(
        "{\"ip\":[\"127.0.0.1\"],\"user\":[\"IBMid-xxxxxxxxxx\",\"xxxxm@us.ibm.com\"]}"));
    assertThat(s.at("/at/hour_of_day").intValue()).isEqualTo(19);
    assertThat(s.at("/at/day_of_week").asText()).isEqualTo("friday");
    // the originals stay as they were
    assertThat(s.at("/initiator/host/address").asText()).isEqualTo("127.0.0.1");
    assertThat(s.at("/reason/reasonCode").intValue()).isEqualTo(200);
  }

  @Test
  void vpcSamplePlaceholdersGiveNoIpAndNoAccountButTheRest() throws Exception {
    JsonNode s = normalise(Samples.VPC_LISTENER);

    assertThat(s.has("source")).isFalse(); // <CLIENT_IP>
    assertThat(s.at("/related/ip").isMissingNode()).isTrue();
    assertThat(s.at("/related/user").toString()).isEqualTo("[\"<USER-ID>\",\"<USER_ID>\"]");
    assertThat(s.at("/user/email").isMissingNode()).isTrue();
    assertThat(s.at("/event/reason").asText()).isEqualTo(
        "https://www.iana.org/assignments/http-status-codes/http-status-codes.xml");
    assertThat(s.at("/http/response/status_code").intValue()).isEqualTo(201);
    assertThat(s.get("cloud")).isEqualTo(MAPPER.readTree(
        "{\"provider\":\"ibm\",\"region\":\"eu-gb\",\"service\":{\"name\":\"is\"}}"));
  }

  @Test
  void ingestionSampleTakesTheEmailFromTheIdAndTheDatacenterAsRegion() throws Exception {
    JsonNode s = normalise(Samples.INGESTION_AT_NOISY);

    assertThat(s.at("/user/email").asText()).isEqualTo("rbertram@us.ibm.com");
    assertThat(s.at("/user/name").isMissingNode()).isTrue();
    assertThat(s.at("/related/user").toString()).isEqualTo("[\"rbertram@us.ibm.com\"]");
    assertThat(s.at("/cloud/region").asText()).isEqualTo("dal09");
    assertThat(s.at("/cloud/account/id").asText()).isEqualTo("4324327284");
    assertThat(s.at("/cloud/service/name").asText()).isEqualTo("containers-kuberentes");
    assertThat(s.has("user_agent")).isFalse();
  }

  @Test
  void storedSampleWithoutInitiatorHasNoUserSourceOrRelated() throws Exception {
    JsonNode s = normalise(Samples.STORED);

    assertThat(s.has("user")).isFalse();
    assertThat(s.has("source")).isFalse();
    assertThat(s.has("related")).isFalse();
    assertThat(s.has("http")).isFalse();
    assertThat(s.get("cloud")).isEqualTo(MAPPER.readTree("{\"provider\":\"ibm\"}"));
    assertThat(s.at("/event/outcome").asText()).isEqualTo("success");
    assertThat(s.at("/event/severity").isMissingNode()).isTrue();
    assertThat(s.at("/at/hour_of_day").intValue()).isEqualTo(15);
    assertThat(s.at("/at/day_of_week").asText()).isEqualTo("monday");
  }

  @Test
  void ipv6AndInvalidAddresses() throws Exception {
    assertThat(withInitiator("{\"host\":{\"address\":\"2001:db8::8a2e:370:7334\"}}").at("/source/ip").asText())
        .isEqualTo("2001:db8::8a2e:370:7334");
    assertThat(withInitiator("{\"host\":{\"address\":\"::ffff:10.1.2.3\"}}").at("/related/ip/0").asText())
        .isEqualTo("::ffff:10.1.2.3");
    for (String bad : new String[] {"256.1.1.1", "10.0.0", "10.0.0.1.", "010.0.0.1", "api.example.com",
        "2001:db8:::1", "fe80::1%eth0", "1:2:3:4:5:6:7:8:9", "cafe", "", " 10.0.0.1", "<CLIENT_IP>", "::1.2.3"}) {
      JsonNode s = withInitiator("{\"host\":{\"address\":" + MAPPER.writeValueAsString(bad) + "}}");
      assertThat(s.has("source")).as(bad).isFalse();
    }
    assertThat(withInitiator("{\"host\":{\"address\":42}}").has("source")).isFalse();
  }

  @Test
  void ipv6TextForms() {
    for (String ok : new String[] {"::", "::1", "1::", "2001:DB8::1", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:1.2.3.4",
        "::ffff:192.0.2.1", "fe80::", "1:2:3:4:5:6:7::"}) {
      assertThat(Ips.isIp(ok)).as(ok).isTrue();
    }
    for (String bad : new String[] {":", ":1", "1:", "1::2::3", "12345::1", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7:1.2.3.4", "::g", "::1.2.3.04", "[::1]", "1:2:3:4:5:6:7:8::"}) {
      assertThat(Ips.isIp(bad)).as(bad).isFalse();
    }
  }

  @Test
  void outcomeAndSeverityMapping() {
    assertThat(EcsFields.outcome("success")).isEqualTo("success");
    assertThat(EcsFields.outcome("FAILURE")).isEqualTo("failure");
    assertThat(EcsFields.outcome("pending")).isEqualTo("unknown");
    assertThat(EcsFields.outcome("unknown")).isEqualTo("unknown");
    assertThat(EcsFields.outcome("outcome")).isEqualTo("unknown");
    assertThat(EcsFields.severity("normal")).isEqualTo(1);
    assertThat(EcsFields.severity("Warning")).isEqualTo(2);
    assertThat(EcsFields.severity("critical")).isEqualTo(3);
    assertThat(EcsFields.severity("info")).isNull();
    assertThat(EcsFields.severity(null)).isNull();
  }

  @Test
  void pendingOutcomeAndMissingOutcomeThroughTheNormaliser() throws Exception {
    assertThat(normalise("{" + TIME + ",\"outcome\":\"pending\"}").at("/event/outcome").asText())
        .isEqualTo("unknown");
    JsonNode none = normalise("{" + TIME + "}");
    assertThat(none.at("/event/outcome").isMissingNode()).isTrue();
    assertThat(none.at("/event/kind").asText()).isEqualTo("event");
  }

  @Test
  void reasonCodesBecomeStatusCodesOnlyWhenTheyAreHttpCodes() {
    assertThat(EcsFields.statusCode(NODES.numberNode(404))).isEqualTo(404);
    assertThat(EcsFields.statusCode(NODES.textNode("503"))).isEqualTo(503);
    assertThat(EcsFields.statusCode(NODES.textNode("OK"))).isNull();
    assertThat(EcsFields.statusCode(NODES.numberNode(200.5))).isNull();
    assertThat(EcsFields.statusCode(NODES.numberNode(0))).isNull();
    assertThat(EcsFields.statusCode(NODES.numberNode(70000))).isNull();
    assertThat(EcsFields.statusCode(NODES.missingNode())).isNull();
  }

  @Test
  void crnVariants() {
    assertThat(Crn.parse("crn:v1:bluemix:public:kms:us-south:a/abc123:inst::"))
        .isEqualTo(new Crn("kms", "us-south", "abc123"));
    assertThat(Crn.parse("crn:v1:bluemix:public:iam-identity:global:a/acc:::"))
        .isEqualTo(new Crn("iam-identity", "global", "acc"));
    assertThat(Crn.parse("CRN:v1:bluemix:public:cloudantnosqldb:eu-de:s/space1::"))
        .isEqualTo(new Crn("cloudantnosqldb", "eu-de", null));
    assertThat(Crn.parse("crn:v1:bluemix:public:is::a/<ACCOUNT_ID>::"))
        .isEqualTo(new Crn("is", null, null));
    assertThat(Crn.parse("crn:v1:bluemix:public:kms")).isNull();
    assertThat(Crn.parse("resource_id")).isNull();
    assertThat(Crn.parse(null)).isNull();
  }

  @Test
  void targetCrnWinsAndLogSourceCrnFillsTheGaps() throws Exception {
    JsonNode s = normalise("{" + TIME + ",\"target\":{\"id\":\"crn:v1:bluemix:public:kms::a/acc-1::\"},"
        + "\"logSourceCRN\":\"crn:v1:bluemix:public:logdna:us-south:a/acc-2::\"}");
    assertThat(s.at("/cloud/service/name").asText()).isEqualTo("kms");
    assertThat(s.at("/cloud/region").asText()).isEqualTo("us-south");
    assertThat(s.at("/cloud/account/id").asText()).isEqualTo("acc-1");

    JsonNode notCrn = normalise("{" + TIME + ",\"target\":{\"id\":\"resource_id\"},"
        + "\"logSourceCRN\":\"crn:v1:bluemix:public:power-iaas:us-east:a/acc-3::\"}");
    assertThat(notCrn.at("/cloud/service/name").asText()).isEqualTo("power-iaas");
  }

  @Test
  void originalRootFieldsOfEcsNamesAreNeverOverwritten() throws Exception {
    JsonNode s = normalise("{" + TIME + ",\"action\":\"a.b.c\",\"user\":\"legacy\",\"event\":{\"mine\":1},"
        + "\"initiator\":{\"id\":\"u-1\"}}");
    assertThat(s.get("user").asText()).isEqualTo("legacy");
    assertThat(s.get("event")).isEqualTo(MAPPER.readTree("{\"mine\":1}"));
    assertThat(s.at("/related/user/0").asText()).isEqualTo("u-1");
  }

  @Test
  void emailsOnlyWhenObvious() {
    assertThat(EcsFields.looksLikeEmail("jane.doe@example.com")).isTrue();
    assertThat(EcsFields.looksLikeEmail("IBMid-12345")).isFalse();
    assertThat(EcsFields.looksLikeEmail("a@b")).isFalse();
    assertThat(EcsFields.looksLikeEmail("<USER@X.COM>")).isFalse();
    assertThat(EcsFields.looksLikeEmail("a b@example.com")).isFalse();
    assertThat(EcsFields.looksLikeEmail("a@b@example.com")).isFalse();
  }

  @Test
  void hourAndDayAcrossMidnightAndBefore1970() throws Exception {
    JsonNode sunday = normalise("{\"eventTime\":\"2024-06-09T23:59:59.999+0000\"}");
    assertThat(sunday.at("/at/hour_of_day").intValue()).isEqualTo(23);
    assertThat(sunday.at("/at/day_of_week").asText()).isEqualTo("sunday");
    JsonNode offset = normalise("{\"eventTime\":\"2024-06-10T01:30:00+0200\"}");
    assertThat(offset.at("/at/hour_of_day").intValue()).isEqualTo(23);
    assertThat(offset.at("/at/day_of_week").asText()).isEqualTo("sunday");
    JsonNode old = normalise("{\"eventTime\":\"1969-12-31T22:00:00Z\"}");
    assertThat(old.at("/at/day_of_week").asText()).isEqualTo("wednesday");
    assertThat(old.at("/at/hour_of_day").intValue()).isEqualTo(22);
  }
}
