package dev.atconnector.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atconnector.ingest.model.DeadLetter;
import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.model.Doc;
import dev.atconnector.ingest.model.Position;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property: for every record, the decoder's fast path (tokens written as they are parsed) and its slow path (a tree
 * of the record's bytes, forced) write byte for byte the same document, or the same dead letter. Random records of
 * the three shapes, fields in random order, some missing, unicode and escapes, numbers of every size, nested
 * objects, requestData/responseData as objects, as strings holding JSON and as plain strings; and some records with
 * a repeated key or an envelope field the payload also has (which the fast path hands to the slow one). A failure
 * names the seed and the record.
 */
class FastSlowPropertyTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int RECORDS = 300;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 4711, 0xfeedL, 987654321L})
  void fastAndSlowPathsWriteTheSameDocument(long seed) throws IOException {
    Random random = new Random(seed);
    boolean preserve = random.nextBoolean();
    List<String> records = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      records.add(new RecordGen(random).record());
    }
    Normalizer normalizer = new Normalizer("p-", preserve, Bodies.CLOCK);
    List<Decoded> fast = new ArrayList<>();
    try (DownloadDecoder decoder = new DownloadDecoder("s-1", DecodeLimits.DEFAULTS, normalizer)) {
      byte[] body = Bodies.gzip(String.join("\n", records).getBytes(StandardCharsets.UTF_8));
      for (int off = 0; off < body.length; off += 777) {
        fast.addAll(decoder.feed(ByteBuffer.wrap(body, off, Math.min(777, body.length - off))));
      }
      fast.addAll(decoder.finish());
    }
    assertThat(fast).hasSize(RECORDS);
    int docs = 0;
    for (int i = 0; i < RECORDS; i++) {
      String record = records.get(i);
      byte[] bytes = record.getBytes(StandardCharsets.UTF_8);
      Decoded slow = normalizer.normalize(new Position("s-1", i + 1), bytes, MAPPER.readTree(bytes));
      Decoded f = fast.get(i);
      String what = "seed " + seed + ", record " + (i + 1) + ": " + record;
      if (f instanceof Doc fd) {
        docs++;
        assertThat(slow).as(what).isInstanceOf(Doc.class);
        Doc sd = (Doc) slow;
        assertThat(new String(fd.source(), StandardCharsets.UTF_8)).as(what)
            .isEqualTo(new String(sd.source(), StandardCharsets.UTF_8));
        assertThat(fd.id()).as(what).isEqualTo(sd.id());
        assertThat(fd.index()).as(what).isEqualTo(sd.index());
        assertThat(DecoderFuzzTest.parsesAsObject(fd.source())).as(what + ": one JSON object, no repeated key")
            .isTrue();
      } else {
        assertThat(slow).as(what).isEqualTo((DeadLetter) f);
      }
    }
    assertThat(docs).as("most records have a usable time").isGreaterThan(RECORDS / 2);
  }

  /** One random record as JSON text. */
  static final class RecordGen {
    private static final String[] ACTIONS = {"iam-identity.apikey.create", "is.load-balancer.listener.delete",
        "cloud-object-storage.object.read", "kms.secrets.wrap", "iam-identity.user.login", "nodot", "a.b.c.update"};
    private static final String[] NUMBERS = {"0", "-0", "7", "-123", "2147483648", "-9223372036854775808",
        "9223372036854775808", "123456789012345678901234567890", "1.5", "-0.0", "1e3", "1E-7", "2.50",
        "3.14159265358979323846", "1e400", "-1.7976931348623157e308"};
    private static final String[] TEXTS = {"", "plain", "ünïcödé", "東京", "🚀 𝄞", "quote \" back \\ slash",
        "tab\tnew\nline", "\u0001ctl", "emoji 😀 x", "a@example.com", "10.1.2.3", "2001:db8::1", "<CLIENT_IP>",
        "crn:v1:bluemix:public:kms:us-south:a/acc1:inst::", "crn:v1:bluemix:public:is::a/<ACCOUNT_ID>::"};
    private static final String[] TIMES = {"2017-10-19T19:07:50.32+0000", "2017-10-19 19:07:50.32 +0000 UTC",
        "2018-07-16T15:00+0000", "2024-02-29T23:59:59.999999999Z", "2019-05-30T18:42:48.96-07:30", "garbage", ""};
    private final Random r;

    RecordGen(Random r) {
      this.r = r;
    }

    String record() {
      int shape = r.nextInt(3);
      List<String> fields = cadf();
      if (shape == 1) {
        fields.add(f("@timestamp", q(r.nextInt(5) == 0 ? "not a time" : "2018-07-16T15:00:03.062Z")));
        maybe(fields, "@version", q("1"));
        maybe(fields, "ALCH_ACCOUNT_ID", q("alch" + r.nextInt(100)));
        maybe(fields, "ALCH_TENANT_ID", q("a/" + r.nextInt(100)));
        maybe(fields, "type", q("ActivityTracker"));
        maybe(fields, "logmet_cluster", q("topic3-elasticsearch_3"));
        if (r.nextInt(4) > 0) {
          fields.add(f("event_uuid", q("uuid-" + r.nextLong())));
        }
        return object(fields);
      }
      if (shape == 2) {
        List<String> envelope = new ArrayList<>();
        envelope.add(f("payload", object(fields)));
        envelope.add(f("meta", meta()));
        maybe(envelope, "logSourceCRN", q(pick(TEXTS)));
        maybe(envelope, "saveServiceCopy", r.nextBoolean() ? "true" : "\"yes\"");
        if (r.nextInt(8) == 0) {
          envelope.add(f(r.nextBoolean() ? "id" : "severity", q("envelope-" + r.nextInt(9)))); // may clash
        }
        return object(envelope);
      }
      return object(fields);
    }

    private List<String> cadf() {
      List<String> fields = new ArrayList<>();
      if (r.nextInt(10) > 0) {
        fields.add(f("eventTime", r.nextInt(20) == 0 ? pick(NUMBERS) : q(pick(TIMES))));
      }
      maybe(fields, "id", r.nextInt(10) == 0 ? pick(NUMBERS) : q("id-" + r.nextInt(1000)));
      maybe(fields, "typeURI", q("http://schemas.dmtf.org/cloud/audit/1.0/event"));
      maybe(fields, "eventType", q("activity"));
      maybe(fields, "action", q(pick(ACTIONS)));
      maybe(fields, "outcome", q(pick(new String[] {"success", "FAILURE", "pending", "unknown"})));
      maybe(fields, "severity", q(pick(new String[] {"normal", "Warning", "critical", "info"})));
      maybe(fields, "message", q(pick(TEXTS)));
      maybe(fields, "name", q(pick(TEXTS)));
      maybe(fields, "requestPath", q("/v1/x/" + r.nextInt(99)));
      maybe(fields, "initiator", resource(true));
      maybe(fields, "target", resource(false));
      maybe(fields, "observer", object(List.of(f("id", q("obs")), f("name", q("ActivityTracker")),
          f("typeURI", q("security/edge/activity-tracker")))));
      maybe(fields, "reason", reason());
      maybe(fields, "requestData", data());
      maybe(fields, "responseData", data());
      maybe(fields, "tags", r.nextBoolean() ? "[" + q(pick(TEXTS)) + "," + q("t") + "]" : q("one"));
      maybe(fields, "attachments", "[" + object(List.of(f("name", q("a")), f("content", value(2)))) + "]");
      for (int i = r.nextInt(3); i > 0; i--) {
        fields.add(f(pick(new String[] {"correlationId", "dataEvent", "x" + r.nextInt(5), "ünï", "type_uri"}),
            value(3)));
      }
      if (r.nextInt(15) == 0 && !fields.isEmpty()) {
        fields.add(fields.get(r.nextInt(fields.size()))); // a repeated key
      }
      Collections.shuffle(fields, r);
      return fields;
    }

    private String resource(boolean initiator) {
      List<String> fields = new ArrayList<>();
      maybe(fields, "id", r.nextInt(8) == 0 ? pick(NUMBERS) : q(pick(TEXTS)));
      maybe(fields, "name", q(pick(TEXTS)));
      maybe(fields, "typeURI", q("service/security/account/user"));
      List<String> host = new ArrayList<>();
      maybe(host, "address", q(pick(TEXTS)));
      maybe(host, "agent", q("agent/" + r.nextInt(9)));
      maybe(host, "platform", q("linux"));
      maybe(fields, "host", object(host));
      if (initiator) {
        maybe(fields, "credential", object(List.of(f("type", q("apikey")))));
        maybe(fields, "project_id", q("p" + r.nextInt(9)));
      }
      maybe(fields, "other" + r.nextInt(3), value(2));
      Collections.shuffle(fields, r);
      return object(fields);
    }

    private String reason() {
      List<String> fields = new ArrayList<>();
      maybe(fields, "reasonCode", pick(new String[] {"200", "404", "\"503\"", "\"OK\"", "70000", "200.5", "null"}));
      maybe(fields, "reasonType", q("https://www.iana.org/assignments/http-status-codes"));
      return object(fields);
    }

    private String meta() {
      List<String> fields = new ArrayList<>();
      maybe(fields, r.nextBoolean() ? "serviceProviderName" : "service_provider_name", q("svc"));
      maybe(fields, "serviceProviderRegion", q("ng"));
      maybe(fields, "userAccountIds", "[" + q("a/1") + "]");
      if (r.nextInt(12) == 0) {
        fields.add(f("service_provider_name", q("snake"))); // may become the same output name as a camel key
      }
      return object(fields);
    }

    private String data() {
      String object = value(3);
      return switch (r.nextInt(5)) {
        case 0 -> q(object.startsWith("{") ? object : "{" + f("k", object) + "}"); // JSON in a string
        case 1 -> q("{not json");
        case 2 -> q(pick(TEXTS));
        default -> object.startsWith("{") ? object : "{" + f("k", object) + "}";
      };
    }

    private String value(int depth) {
      int kind = r.nextInt(depth > 0 ? 7 : 5);
      return switch (kind) {
        case 0 -> q(pick(TEXTS));
        case 1 -> pick(NUMBERS);
        case 2 -> r.nextBoolean() ? "true" : "false";
        case 3 -> "null";
        case 4 -> q("s" + r.nextInt(100));
        case 5 -> {
          List<String> fields = new ArrayList<>();
          for (int i = r.nextInt(4); i > 0; i--) {
            fields.add(f(pick(new String[] {"a", "b", "ä", "RayID", "x.y", ""}) + i, value(depth - 1)));
          }
          yield object(fields);
        }
        default -> {
          List<String> items = new ArrayList<>();
          for (int i = r.nextInt(4); i > 0; i--) {
            items.add(value(depth - 1));
          }
          yield "[" + String.join(r.nextBoolean() ? "," : " , ", items) + "]";
        }
      };
    }

    private void maybe(List<String> fields, String name, String value) {
      if (r.nextInt(5) > 0) {
        fields.add(f(name, value));
      }
    }

    private String f(String name, String value) {
      return q(name) + (r.nextInt(6) == 0 ? " : " : ":") + value;
    }

    private String object(List<String> fields) {
      return "{" + String.join(r.nextInt(6) == 0 ? ", " : ",", fields) + "}";
    }

    private String pick(String[] values) {
      return values[r.nextInt(values.length)];
    }

    private static String q(String text) {
      try {
        return MAPPER.writeValueAsString(text);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
