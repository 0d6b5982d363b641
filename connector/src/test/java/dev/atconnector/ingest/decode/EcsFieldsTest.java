package dev.atconnector.ingest.decode;

import static dev.atconnector.ingest.decode.Docs.MAPPER;
import static dev.atconnector.ingest.decode.Docs.of;
import static dev.atconnector.ingest.decode.Docs.vendor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The value rules of the ECS fields (docs/fields.md), one by one, through the decoder. */
class EcsFieldsTest {
  private static JsonNode withInitiator(String initiator) {
    return of("\"initiator\":" + initiator);
  }

  @Test
  void ipLiteralsAreSourceIpAnythingElseSourceAddress() throws Exception {
    assertThat(withInitiator("{\"host\":{\"address\":\"2001:db8::8a2e:370:7334\"}}").at("/source/ip").asText())
        .isEqualTo("2001:db8::8a2e:370:7334");
    assertThat(withInitiator("{\"host\":{\"address\":\"::ffff:10.1.2.3\"}}").at("/related/ip/0").asText())
        .isEqualTo("::ffff:10.1.2.3");
    for (String bad : new String[] {"256.1.1.1", "10.0.0", "10.0.0.1.", "010.0.0.1", "api.example.com",
        "2001:db8:::1", "fe80::1%eth0", "1:2:3:4:5:6:7:8:9", "cafe", "", " 10.0.0.1", "<CLIENT_IP>", "::1.2.3"}) {
      JsonNode s = withInitiator("{\"host\":{\"address\":" + MAPPER.writeValueAsString(bad) + "}}");
      assertThat(s.at("/source/ip").isMissingNode()).as(bad).isTrue();
      assertThat(s.at("/source/address").asText()).as(bad).isEqualTo(bad);
      assertThat(s.has("related")).as(bad).isFalse();
    }
    JsonNode number = withInitiator("{\"host\":{\"address\":42}}");
    assertThat(number.has("source")).isFalse();
    assertThat(vendor(number).at("/initiator/host/address").intValue()).as("kept in the vendor copy").isEqualTo(42);
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
  void destinationFromTheTargetHost() {
    JsonNode s = of("\"target\":{\"host\":{\"address\":\"10.0.0.9\",\"agent\":\"x\"}},"
        + "\"initiator\":{\"host\":{\"address\":\"10.0.0.9\"}}");
    assertThat(s.at("/destination/ip").asText()).isEqualTo("10.0.0.9");
    assertThat(s.at("/related/ip").toString()).as("distinct").isEqualTo("[\"10.0.0.9\"]");
    assertThat(vendor(s).at("/target/host").toString()).isEqualTo("{\"agent\":\"x\"}");
    assertThat(of("\"target\":{\"host\":{\"address\":\"api.example.com\"}}").at("/destination/address").asText())
        .isEqualTo("api.example.com");
  }

  @Test
  void outcomeAndSeverityMapping() {
    assertThat(EcsFields.outcome("success")).isEqualTo("success");
    assertThat(EcsFields.outcome(" FAILURE ")).isEqualTo("failure");
    assertThat(EcsFields.outcome("pending")).isEqualTo("unknown");
    assertThat(EcsFields.outcome("unknown")).isEqualTo("unknown");
    assertThat(EcsFields.severity("normal")).isEqualTo(1);
    assertThat(EcsFields.severity("Warning")).isEqualTo(2);
    assertThat(EcsFields.severity("critical")).isEqualTo(3);
    assertThat(EcsFields.severity("info")).isNull();
    assertThat(EcsFields.severity(null)).isNull();
  }

  @Test
  void anOutcomeOrSeverityEcsCannotSayStaysVisibleInTheVendorFields() {
    JsonNode pending = of("\"outcome\":\"pending\",\"severity\":\"info\"");
    assertThat(pending.at("/event/outcome").asText()).isEqualTo("unknown");
    assertThat(vendor(pending).get("outcome").asText()).isEqualTo("pending");
    assertThat(pending.at("/event/severity").isMissingNode()).isTrue();
    assertThat(vendor(pending).get("severity").asText()).isEqualTo("info");

    JsonNode plain = of("\"outcome\":\"Success\",\"severity\":\"critical\"");
    assertThat(plain.at("/event/outcome").asText()).isEqualTo("success");
    assertThat(plain.at("/event/severity").intValue()).isEqualTo(3);
    assertThat(vendor(plain).has("outcome")).isFalse();
    assertThat(vendor(plain).has("severity")).isFalse();

    JsonNode none = of("");
    assertThat(none.at("/event/outcome").isMissingNode()).isTrue();
    assertThat(none.at("/event/kind").asText()).isEqualTo("event");
  }

  @Test
  void reasonCodesBecomeStatusCodesOnlyWhenTheyAreHttpCodes() {
    assertThat(of("\"reason\":{\"reasonCode\":404}").at("/http/response/status_code").intValue()).isEqualTo(404);
    assertThat(of("\"reason\":{\"reasonCode\":\"503\"}").at("/http/response/status_code").intValue())
        .isEqualTo(503);
    for (String other : new String[] {"\"OK\"", "0", "70000", "\"5030\"", "12345678901"}) {
      JsonNode s = of("\"reason\":{\"reasonCode\":" + other + ",\"reasonType\":\"t\"}");
      assertThat(s.has("http")).as(other).isFalse();
      assertThat(vendor(s).get("reason_code").asText()).as(other).isEqualTo(other.replace("\"", ""));
      assertThat(s.at("/event/reason").asText()).isEqualTo("t");
    }
    JsonNode fraction = of("\"reason\":{\"reasonCode\":200.5}");
    assertThat(fraction.has("http")).isFalse();
    assertThat(vendor(fraction).at("/reason/reasonCode").doubleValue()).isEqualTo(200.5);
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
  void targetCrnWinsAndLogSourceCrnFillsTheGaps() {
    JsonNode s = of("\"target\":{\"id\":\"crn:v1:bluemix:public:kms::a/acc-1::\"},"
        + "\"logSourceCRN\":\"crn:v1:bluemix:public:logdna:us-south:a/acc-2::\"");
    assertThat(s.at("/cloud/service/name").asText()).isEqualTo("kms");
    assertThat(s.at("/cloud/region").asText()).isEqualTo("us-south");
    assertThat(s.at("/cloud/account/id").asText()).isEqualTo("acc-1");
    assertThat(s.at("/cloud/provider").asText()).isEqualTo("ibm");

    JsonNode notCrn = of("\"target\":{\"id\":\"resource_id\"},"
        + "\"logSourceCRN\":\"crn:v1:bluemix:public:power-iaas:us-east:a/acc-3::\"");
    assertThat(notCrn.at("/cloud/service/name").asText()).isEqualTo("power-iaas");
    assertThat(vendor(notCrn).at("/target/id").asText()).isEqualTo("resource_id");
  }

  @Test
  void userFieldsEmailAndRelatedUsers() {
    JsonNode s = withInitiator("{\"id\":\"IBMid-1\",\"name\":\"jane@example.com\"}");
    assertThat(s.at("/user/id").asText()).isEqualTo("IBMid-1");
    assertThat(s.at("/user/email").asText()).isEqualTo("jane@example.com");
    assertThat(s.at("/related/user").toString()).isEqualTo("[\"IBMid-1\",\"jane@example.com\"]");
    JsonNode same = withInitiator("{\"id\":\"jo@example.com\",\"name\":\"jo@example.com\"}");
    assertThat(same.at("/related/user").toString()).isEqualTo("[\"jo@example.com\"]");
    assertThat(same.at("/user/email").asText()).isEqualTo("jo@example.com");
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
  void hourAndDayAcrossMidnightAndBefore1970() {
    JsonNode sunday = vendor(Docs.source(Docs.fast("{\"eventTime\":\"2024-06-09T23:59:59.999+0000\"}")));
    assertThat(sunday.get("hour_of_day").intValue()).isEqualTo(23);
    assertThat(sunday.get("day_of_week").asText()).isEqualTo("sunday");
    JsonNode offset = vendor(Docs.source(Docs.fast("{\"eventTime\":\"2024-06-10T01:30:00+0200\"}")));
    assertThat(offset.get("hour_of_day").intValue()).isEqualTo(23);
    assertThat(offset.get("day_of_week").asText()).isEqualTo("sunday");
    JsonNode old = vendor(Docs.source(Docs.fast("{\"eventTime\":\"1969-12-31T22:00:00Z\"}")));
    assertThat(old.get("day_of_week").asText()).isEqualTo("wednesday");
    assertThat(old.get("hour_of_day").intValue()).isEqualTo(22);
  }

  @Test
  void providerCategoryAndTypeComeFromTheAction() {
    JsonNode s = of("\"action\":\"iam-identity.apikey.create\"");
    assertThat(s.at("/event/provider").asText()).isEqualTo("iam-identity");
    assertThat(s.at("/event/category").toString()).isEqualTo("[\"iam\"]");
    assertThat(s.at("/event/type").toString()).isEqualTo("[\"creation\",\"user\"]");
    JsonNode noDot = of("\"action\":\"login\"");
    assertThat(noDot.at("/event/provider").isMissingNode()).isTrue();
    assertThat(noDot.at("/event/category").toString()).isEqualTo("[\"configuration\"]");
    assertThat(noDot.at("/event/type").toString()).isEqualTo("[\"info\"]");
  }
}
