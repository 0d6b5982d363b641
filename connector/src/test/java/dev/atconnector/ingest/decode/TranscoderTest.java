package dev.atconnector.ingest.decode;

import static dev.atconnector.ingest.decode.Docs.AT;
import static dev.atconnector.ingest.decode.Docs.MAPPER;
import static dev.atconnector.ingest.decode.Docs.fast;
import static dev.atconnector.ingest.decode.Docs.of;
import static dev.atconnector.ingest.decode.Docs.slow;
import static dev.atconnector.ingest.decode.Docs.source;
import static dev.atconnector.ingest.decode.Docs.text;
import static dev.atconnector.ingest.decode.Docs.vendor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atconnector.ingest.model.DeadLetter;
import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.model.Doc;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The indexed document (docs/fields.md) of the real samples of reference B.3, exactly, and of the shapes and odd
 * values the samples do not show; each also through the slow path, which must write the same bytes.
 */
class TranscoderTest {
  static final String INGESTION_AT_NOISY_DOC = """
      {"ibmcloud":{"activity_tracker":{"meta":{"service_provider_name":"YOUR_SERVICE_NAME","service_provid\
      er_region":"YOUR_SERVICE_SPACE_REGION","service_provider_project_id":"YOUR_SERVICE_SPACE_ID","user_a\
      ccount_ids":["USER_ACCOUNT_ID"],"user_space_id":"USER_SPACE_ID","user_space_region":"USER_SPACE_REGI\
      ON"},"initiator":{"type_uri":"security/account/user","credential":{"type":"user"}},"target":{"id":"c\
      rn:v1:bluemix:public:containers-kuberentes:dal09:a/4324327284:6e4c93cdf28e47f6abecb7e97e65056d::","t\
      ype_uri":"containers-kubernetes/worker"},"download":{"session":"s-1","record":1},"id_source":"sha256\
      ","shape":"envelope","hour_of_day":19,"day_of_week":"thursday"}},"@timestamp":"2017-10-19T19:07:50.3\
      20Z","ecs":{"version":"8.17.0"},"event":{"kind":"event","module":"ibmcloud","dataset":"ibmcloud.acti\
      vity_tracker","provider":"containers-kubernetes","action":"containers-kubernetes.worker.create","cat\
      egory":["configuration"],"type":["creation"],"outcome":"success","severity":1,"ingested":"2024-05-06\
      T07:08:09.010Z"},"user":{"id":"rbertram@us.ibm.com","email":"rbertram@us.ibm.com"},"http":{"response\
      ":{"status_code":200}},"cloud":{"provider":"ibm","region":"dal09","account":{"id":"4324327284"},"ser\
      vice":{"name":"containers-kuberentes"}},"related":{"user":["rbertram@us.ibm.com"]}}""";

  static final String VPC_LISTENER_DOC = """
      {"ibmcloud":{"activity_tracker":{"log_source_crn":"crn:v1:staging:public:is:eu-gb:a/<ACCOUNT_ID>::lo\
      ad-balancer:4633518f-8aac-48a1-a694-d15ee6bd70e3","meta":{"service_provider_name":"is-load-balancer"\
      ,"service_provider_project_id":"48a7a7b7-6642-4aa1-8af9-c1be4ef82050","service_provider_region":"ng"\
      ,"user_account_ids":["<ACCOUNT_ID>"]},"event_type":"activity","initiator":{"credential":{"type":"tok\
      en"},"project_id":"<ACCOUNT_ID>","type_uri":"service/security/account/user"},"observer":{"id":"activ\
      ity-tracker.cloud.ibm.com","name":"ActivityTracker","type_uri":"security/edge/activity-tracker"},"re\
      quest_data":{"headers":{"RayID":"4df2d9911a3ac2bd"},"extraData":{"resourceName":"4633518f-8aac-48a1-\
      a694-d15ee6bd70e3"}},"target":{"id":"crn:v1:staging:public:is:eu-gb:a/<ACCOUNT_ID>::load-balancer:46\
      33518f-8aac-48a1-a694-d15ee6bd70e3","name":"4633518f-8aac-48a1-a694-d15ee6bd70e3","type_uri":"/v1/lo\
      ad_balancers/4633518f-8aac-48a1-a694-d15ee6bd70e3/listeners"},"type_uri":"http://schemas.dmtf.org/cl\
      oud/audit/1.0/event","save_service_copy":true,"download":{"session":"s-1","record":1},"shape":"envel\
      ope","hour_of_day":18,"day_of_week":"thursday"}},"@timestamp":"2019-05-30T18:42:48.960Z","ecs":{"ver\
      sion":"8.17.0"},"event":{"kind":"event","module":"ibmcloud","dataset":"ibmcloud.activity_tracker","p\
      rovider":"is","action":"is.load-balancer.load-balancer.listener.create","category":["network"],"type\
      ":["creation"],"outcome":"success","severity":1,"reason":"https://www.iana.org/assignments/http-stat\
      us-codes/http-status-codes.xml","id":"e4ee1906d01a35efe8bd8303ce0a734e","ingested":"2024-05-06T07:08\
      :09.010Z"},"message":"is.load-balancer: create listener 4633518f-8aac-48a1-a694-d15ee6bd70e3 success\
      ","user":{"id":"<USER-ID>","name":"<USER_ID>"},"source":{"address":"<CLIENT_IP>"},"destination":{"ad\
      dress":"<API_END_POINT>"},"user_agent":{"original":"python-requests/2.19.1"},"http":{"response":{"st\
      atus_code":201}},"url":{"path":"/v1/load_balancers/4633518f-8aac-48a1-a694-d15ee6bd70e3/listeners"},\
      "cloud":{"provider":"ibm","region":"eu-gb","service":{"name":"is"}},"related":{"user":["<USER-ID>","\
      <USER_ID>"]}}""";

  static final String POWER_OLD_RESPONSE_DOC = """
      {"ibmcloud":{"activity_tracker":{"initiator":{"type_uri":"service/security/account/user","credential\
      ":{"type":"user"}},"target":{"id":"crn:v1:bluemix:public:power-iaas:us-east:a/xxxxxxxxxxxxxxxxxxxx:y\
      yyyyyyyyyyyyyyyyyyyyy::","name":"testName","type_uri":"pcloud/tenant/read"},"response_data_text":"{\
      \\"cloudInstances\\":[…],\\"tenantID\\":\\"xxxxxxxxxxxxxxxxxxxx\\"}","log_source_crn":"crn:v1:bluemi\
      x:public:power-iaas:us-east:a/xxxxxxxxxxxxxxxxxxxx:yyyyyyyyyyyyyyyyyyyyyy::","save_service_copy":tru\
      e,"meta":{"service_provider_name":"power-iaas","service_provider_region":"ng","service_provider_proj\
      ect_id":"power-iaas","user_account_ids":["a/xxxxxxxxxxxxxxxxxxxx"],"user_space_region":"ng"},"downlo\
      ad":{"session":"s-1","record":1},"id_source":"sha256","shape":"envelope","hour_of_day":19,"day_of_we\
      ek":"friday"}},"@timestamp":"2019-05-31T19:33:02.970Z","ecs":{"version":"8.17.0"},"event":{"kind":"e\
      vent","module":"ibmcloud","dataset":"ibmcloud.activity_tracker","provider":"pcloud","action":"pcloud\
      .tenant.read","category":["configuration"],"type":["access"],"outcome":"success","severity":1,"inges\
      ted":"2024-05-06T07:08:09.010Z"},"message":"pcloud: read tenant 9cdad2e857d442d49853e484e9b91d24 suc\
      cess","user":{"id":"IBMid-xxxxxxxxxx","name":"xxxxm@us.ibm.com","email":"xxxxm@us.ibm.com"},"source"\
      :{"ip":"127.0.0.1"},"destination":{"ip":"100.64.24.72"},"user_agent":{"original":"PostmanRuntime/7.1\
      3.0"},"http":{"response":{"status_code":200}},"cloud":{"provider":"ibm","region":"us-east","account"\
      :{"id":"xxxxxxxxxxxxxxxxxxxx"},"service":{"name":"power-iaas"}},"related":{"ip":["127.0.0.1","100.64\
      .24.72"],"user":["IBMid-xxxxxxxxxx","xxxxm@us.ibm.com"]}}""";

  static final String STORED_DOC = """
      {"ibmcloud":{"activity_tracker":{"response_data_text":"sample-response","event_type":"activity","typ\
      e":"ActivityTracker","event_uuid":"d9b5a3a9-8fb8-4d6d-90cd-0a50f4842c6a","alch_tenant_id":"alchtenid\
      a:560ea90982962784957b94135af14810","logmet_cluster":"topic3-elasticsearch_3","type_uri":"http://sch\
      emas.dmtf.org/cloud/audit/1.0/event","version":"1","request_data_text":"requestdata","alch_account_i\
      d":"alchaccid560ea90982962784957b","download":{"session":"s-1","record":1},"shape":"stored","hour_of\
      _day":15,"day_of_week":"monday"}},"@timestamp":"2018-07-16T15:00:00.000Z","ecs":{"version":"8.17.0"}\
      ,"event":{"kind":"event","module":"ibmcloud","dataset":"ibmcloud.activity_tracker","provider":"actio\
      niam-identity","action":"actioniam-identity.serviceid-apikey.login","category":["authentication"],"t\
      ype":["start"],"outcome":"success","created":"2018-07-16T15:00:03.062Z","ingested":"2024-05-06T07:08\
      :09.010Z"},"message":"message is a very long string","cloud":{"provider":"ibm"}}""";

  private static void sameBothWays(String record, String expected) {
    Decoded fast = fast(record);
    assertThat(text(fast)).isEqualTo(expected);
    assertThat(text(slow(record, false))).as("slow path").isEqualTo(expected);
  }

  @Test
  void ingestionSample() {
    sameBothWays(Samples.INGESTION_AT_NOISY, INGESTION_AT_NOISY_DOC);
    Doc doc = (Doc) fast(Samples.INGESTION_AT_NOISY);
    assertThat(doc.id()).isEqualTo(EventIdentity.sha256Hex(EventIdentity.canonicalJson(
        read(Samples.INGESTION_AT_NOISY))));
    assertThat(doc.index()).isEqualTo("activity-tracker-2017.10");
    assertThat(doc.position()).isEqualTo(AT);
  }

  @Test
  void vpcSample() {
    sameBothWays(Samples.VPC_LISTENER, VPC_LISTENER_DOC);
    Doc doc = (Doc) fast(Samples.VPC_LISTENER);
    assertThat(doc.id()).isEqualTo("e4ee1906d01a35efe8bd8303ce0a734e");
    assertThat(doc.index()).isEqualTo("activity-tracker-2019.05");
  }

  @Test
  void powerSample() {
    sameBothWays(Samples.POWER_OLD_RESPONSE, POWER_OLD_RESPONSE_DOC);
  }

  @Test
  void storedSample() {
    sameBothWays(Samples.STORED, STORED_DOC);
    Doc doc = (Doc) fast(Samples.STORED);
    assertThat(doc.id()).isEqualTo("d9b5a3a9-8fb8-4d6d-90cd-0a50f4842c6a");
    assertThat(doc.index()).isEqualTo("activity-tracker-2018.07");
  }

  @Test
  void k8sSampleHasNoUsableTimeAndIsDeadLettered() {
    for (Decoded d : new Decoded[] {fast(Samples.K8S_SNAKE_META), slow(Samples.K8S_SNAKE_META, false)}) {
      assertThat(d).isEqualTo(new DeadLetter(AT, "normalise", "session s-1 record 1: no usable event time: "
          + "eventTime is \"timestamp\" and there is no @timestamp", Samples.K8S_SNAKE_META));
    }
  }

  @Test
  void theOriginalIsKeptOnlyWhenAskedFor() {
    assertThat(source(fast(Samples.STORED)).at("/event/original").isMissingNode()).isTrue();
    JsonNode kept = source(fast(Samples.STORED, true));
    assertThat(kept.at("/event/original").asText()).isEqualTo(Samples.STORED);
    assertThat(text(slow(Samples.STORED, true))).isEqualTo(text(fast(Samples.STORED, true)));
  }

  @Test
  void storedTimestampIsTheFallbackTimeAndAnUnparsableOneStaysAsText() {
    JsonNode fallback = source(fast("{\"@version\":\"1\",\"eventTime\":\"garbage\","
        + "\"@timestamp\":\"2018-07-16T15:00:03.062Z\"}"));
    assertThat(fallback.get("@timestamp").asText()).isEqualTo("2018-07-16T15:00:03.062Z");
    assertThat(fallback.at("/event/created").asText()).isEqualTo("2018-07-16T15:00:03.062Z");
    assertThat(vendor(fallback).get("event_time").asText()).as("an unusable eventTime is kept").isEqualTo("garbage");
    assertThat(vendor(fallback).get("shape").asText()).isEqualTo("stored");

    JsonNode odd = of("\"@timestamp\":\"yesterday\"");
    assertThat(odd.at("/event/created").isMissingNode()).isTrue();
    assertThat(vendor(odd).get("stored_timestamp").asText()).isEqualTo("yesterday");
    assertThat(odd.get("@timestamp").asText()).isEqualTo("2019-05-31T19:33:02.970Z");
  }

  @Test
  void noUsableTimeNamesBothFields() {
    assertThat(((DeadLetter) fast("{\"id\":\"a\"}")).reason())
        .contains("eventTime is missing and there is no @timestamp");
    for (Decoded d : new Decoded[] {fast("{\"eventTime\":17,\"@timestamp\":\"yesterday\"}"),
        slow("{\"eventTime\":17,\"@timestamp\":\"yesterday\"}", false)}) {
      assertThat(((DeadLetter) d).reason()).contains("eventTime is 17")
          .contains("@timestamp \"yesterday\" is not a time either");
    }
  }

  @Test
  void requestAndResponseDataInEveryForm() {
    JsonNode s = vendor(of("\"requestData\":{\"a\":{\"b\":1}},\"responseData\":\" {\\\"ok\\\":true}\""));
    assertThat(s.get("request_data").toString()).isEqualTo("{\"a\":{\"b\":1}}");
    assertThat(s.get("response_data").toString()).as("a JSON object in a string").isEqualTo("{\"ok\":true}");
    assertThat(s.has("requestData")).isFalse();

    JsonNode plain = vendor(of("\"requestData\":\"{not json\",\"responseData\":\"[1,2]\""));
    assertThat(plain.get("request_data_text").asText()).isEqualTo("{not json");
    assertThat(plain.get("response_data_text").asText()).isEqualTo("[1,2]");
    assertThat(plain.has("request_data")).isFalse();

    JsonNode trailing = vendor(of("\"requestData\":\"{} {}\",\"responseData\":17"));
    assertThat(trailing.get("request_data_text").asText()).isEqualTo("{} {}");
    assertThat(trailing.get("response_data_text").asText()).isEqualTo("17");

    JsonNode repeated = vendor(of("\"requestData\":\"{\\\"a\\\":1,\\\"a\\\":2}\""));
    assertThat(repeated.get("request_data").toString()).as("last value wins").isEqualTo("{\"a\":2}");
  }

  @Test
  void requestDataOverTheSizeLimitIsKeptAsText() {
    String big = "{\"k\":\"" + "x".repeat(Transcoder.MAX_DATA_BYTES) + "\"}";
    String record = "{\"eventTime\":\"2019-05-31T19:33:02.97+0000\",\"requestData\":" + big
        + ",\"responseData\":" + MAPPER.valueToTree(big) + "}";
    JsonNode s = vendor(source(fast(record)));
    assertThat(s.get("request_data_text").asText()).isEqualTo(big);
    assertThat(s.get("response_data_text").asText()).isEqualTo(big);
    assertThat(s.has("request_data")).isFalse();
    assertThat(text(slow(record, false))).isEqualTo(text(fast(record)));

    String fits = "{\"k\":\"" + "x".repeat(Transcoder.MAX_DATA_BYTES - 8) + "\"}";
    assertThat(vendor(of("\"requestData\":" + fits)).get("request_data").toString()).isEqualTo(fits);
  }

  @Test
  void envelopeClashKeepsThePayloadValueAndMovesTheEnvelopeOne() {
    String record = "{\"id\":\"outer\",\"severity\":\"env\",\"meta\":{\"m\":1},"
        + "\"payload\":{\"id\":\"inner\",\"severity\":\"normal\",\"eventTime\":\"2018-07-16T15:00+0000\"}}";
    Doc doc = (Doc) fast(record);
    JsonNode s = source(doc);
    assertThat(doc.id()).isEqualTo("inner");
    assertThat(s.at("/event/id").asText()).isEqualTo("inner");
    assertThat(s.at("/event/severity").intValue()).isEqualTo(1);
    assertThat(vendor(s).get("envelope").toString()).isEqualTo("{\"id\":\"outer\",\"severity\":\"env\"}");
    assertThat(vendor(s).at("/meta/m").asInt()).isEqualTo(1);
    assertThat(vendor(s).get("shape").asText()).isEqualTo("envelope");
  }

  @Test
  void aRepeatedKeyKeepsItsLastValueAtAnyDepth() {
    JsonNode root = of("\"action\":\"a.b.first\",\"x\":1,\"action\":\"a.b.last\"");
    assertThat(root.at("/event/action").asText()).isEqualTo("a.b.last");
    assertThat(vendor(root).get("x").asInt()).isEqualTo(1);
    JsonNode nested = of("\"initiator\":{\"typeURI\":\"t1\",\"credential\":{\"type\":\"a\",\"type\":\"b\"},"
        + "\"typeURI\":\"t2\"}");
    assertThat(vendor(nested).get("initiator").toString())
        .isEqualTo("{\"type_uri\":\"t2\",\"credential\":{\"type\":\"b\"}}");
  }

  @Test
  void twoKeysOfOneOutputNameKeepTheFirst() {
    JsonNode meta = vendor(of("\"meta\":{\"serviceProviderName\":\"a\",\"service_provider_name\":\"b\"}"));
    assertThat(meta.get("meta").toString()).isEqualTo("{\"service_provider_name\":\"a\"}");
  }

  @Test
  void fieldsOfAnUnexpectedTypeGoToExtraAndUnknownFieldsKeepTheirName() {
    JsonNode s = of("\"action\":{\"x\":1},\"message\":42,\"tags\":[\"a\",1],\"typeURI\":[\"t\"],"
        + "\"initiator\":\"someone\",\"type_uri\":\"clash\",\"correlationId\":\"c-1\",\"dataEvent\":true,"
        + "\"user\":\"legacy\"");
    JsonNode v = vendor(s);
    assertThat(v.get("extra").toString()).isEqualTo("{\"action\":{\"x\":1},\"message\":42,\"tags\":[\"a\",1],"
        + "\"typeURI\":[\"t\"],\"initiator\":\"someone\",\"type_uri\":\"clash\"}");
    assertThat(v.get("correlationId").asText()).isEqualTo("c-1");
    assertThat(v.get("dataEvent").asBoolean()).isTrue();
    assertThat(v.get("user").asText()).as("an unknown root field never lands on an ECS field").isEqualTo("legacy");
    assertThat(s.has("message")).isFalse();
    assertThat(s.has("tags")).isFalse();
    assertThat(s.at("/event/action").isMissingNode()).isTrue();
  }

  @Test
  void tagsAsAListOrOneString() {
    assertThat(of("\"tags\":[\"a\",\"b\"]").get("tags").toString()).isEqualTo("[\"a\",\"b\"]");
    assertThat(of("\"tags\":\"one\"").get("tags").toString()).isEqualTo("[\"one\"]");
    assertThat(of("\"tags\":[]").has("tags")).isFalse();
  }

  @Test
  void idsFromEveryRule() {
    String time = "\"eventTime\":\"2018-07-16T15:00+0000\"";
    assertThat(((Doc) fast("{" + time + ",\"event_uuid\":\"u\",\"id\":\"i\"}")).id()).isEqualTo("u");
    assertThat(((Doc) fast("{" + time + ",\"id\":\"i\"}")).id()).isEqualTo("i");
    assertThat(((Doc) fast("{\"meta\":{},\"payload\":{" + time + ",\"id\":\"p\"}}")).id()).isEqualTo("p");
    assertThat(((Doc) fast("{\"id\":\"root\",\"payload\":{" + time + "}}")).id()).as("an envelope's root id is no id")
        .isEqualTo(EventIdentity.sha256Hex(EventIdentity.canonicalJson(read(
            "{\"id\":\"root\",\"payload\":{" + time + "}}"))));
    String noId = "{" + time + ",\"b\":1,\"a\":[true,null]}";
    assertThat(((Doc) fast(noId)).id()).isEqualTo(EventIdentity.sha256Hex(
        ("{\"a\":[true,null],\"b\":1," + time + "}").getBytes(StandardCharsets.UTF_8)));
    assertThat(vendor(source(fast(noId))).get("id_source").asText()).isEqualTo("sha256");
    assertThat(vendor(source(fast("{" + time + ",\"id\":\"i\"}"))).has("id_source"))
        .as("an _id that is the record's own id is not described again").isFalse();
  }

  @Test
  void alchAccountIdIsKeptOnlyWhenItIsNotCloudAccountId() {
    String crn = "\"target\":{\"id\":\"crn:v1:bluemix:public:iam:us-south:a/acc1::key:1\"}";
    JsonNode same = of(crn + ",\"ALCH_ACCOUNT_ID\":\"acc1\"");
    assertThat(same.at("/cloud/account/id").asText()).isEqualTo("acc1");
    assertThat(vendor(same).has("alch_account_id")).isFalse();
    JsonNode other = of(crn + ",\"ALCH_ACCOUNT_ID\":\"alchaccid560\"");
    assertThat(vendor(other).get("alch_account_id").asText()).isEqualTo("alchaccid560");
    assertThat(vendor(of("\"ALCH_ACCOUNT_ID\":\"acc1\"")).get("alch_account_id").asText())
        .as("no CRN, no cloud.account.id").isEqualTo("acc1");
    assertThat(vendor(of("\"ALCH_ACCOUNT_ID\":7")).get("alch_account_id").asInt()).isEqualTo(7);
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1,2]", "\"text\"", "12", "null", "true"})
  void nonObjectRecordsAreDeadLettered(String record) {
    // a top-level array is a list of records: the array record is the element of one
    DeadLetter fast = (DeadLetter) fast(record.startsWith("[") ? "[" + record + "]" : record);
    assertThat(fast.stage()).isEqualTo("normalise");
    assertThat(fast.reason()).contains("record is not a JSON object (it is ");
    assertThat(fast.originalText()).isEqualTo(record);
    assertThat(slow(record, false)).isEqualTo(fast);
  }

  @Test
  void nestedValuesOfKnownKeysThatAreNotTextStayInTheVendorCopy() {
    JsonNode s = of("\"initiator\":{\"id\":7,\"name\":{\"first\":\"a\"},\"host\":\"h\"},\"target\":{\"id\":[1]}");
    assertThat(vendor(s).get("initiator").toString()).isEqualTo("{\"id\":7,\"name\":{\"first\":\"a\"},\"host\":\"h\"}");
    assertThat(vendor(s).at("/target/id").toString()).isEqualTo("[1]");
    assertThat(s.has("user")).isFalse();
  }

  private static JsonNode read(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Should the framer's parser pass a record that Jackson's blocking parser refuses (it did: a trailing comma across
   * a feed boundary), a record without an id (whose canonical hash re-reads the bytes) is a dead letter naming why,
   * not an exception that would end the run as a bug.
   */
  @Test
  void aRecordTheBlockingParserRefusesIsADeadLetterNotAFailedRun() throws Exception {
    String tokens = "{\"eventTime\":\"2018-07-16T15:00:00Z\",\"action\":\"a.b.c\"}";
    String raw = "{\"eventTime\":\"2018-07-16T15:00:00Z\",\"action\":\"a.b.c\",}";
    Transcoder t = Docs.normalizer(false).transcoder(DecodeLimits.DEFAULTS);

    Decoded d = feed(t, tokens, raw);

    assertThat(d).isInstanceOfSatisfying(DeadLetter.class, dead -> {
      assertThat(dead.reason()).contains("not valid JSON").contains("double-quote to start field name");
      assertThat(dead.originalText()).isEqualTo(raw);
    });
    assertThat(feed(t, tokens, tokens)).as("the transcoder goes on with the next record").isInstanceOf(Doc.class);
  }

  /** The tokens of {@code tokens} into the transcoder, then the record closed over the bytes of {@code raw}. */
  private static Decoded feed(Transcoder t, String tokens, String raw) throws java.io.IOException {
    try (com.fasterxml.jackson.core.JsonParser p = MAPPER.getFactory().createParser(tokens)) {
      com.fasterxml.jackson.core.JsonToken token;
      while ((token = p.nextToken()) != null) {
        t.add(token, p);
      }
    }
    byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
    return t.finish(AT, bytes, 0, bytes.length);
  }
}
