package dev.atconnector.ingest.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.base.ParserBase;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atconnector.ingest.model.DeadLetter;
import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.model.Destination;
import dev.atconnector.ingest.model.Doc;
import dev.atconnector.ingest.model.Position;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * Writes the indexed document (docs/fields.md) of one record while the record is being tokenised: the framer pushes
 * each token ({@link #add}), unchanged values are copied straight into the output generator, the few values the
 * computed fields need are kept as strings, and when the record closes ({@link #finish}) the computed ECS fields
 * are written and the document's bytes taken. No tree is built on this fast path.
 *
 * <p>Output layout: {@code {"ibmcloud":{"activity_tracker":{<vendor fields as they came>, <computed vendor
 * fields>}}, "@timestamp":…, <ECS fields>}}. Vendor objects ({@code initiator}, {@code target}, …) are opened only
 * when a key that belongs there arrives.
 *
 * <p>Slow path: when the record repeats a key (at any depth, or a name the envelope and its payload both use, or
 * two keys that become the same output name), what was streamed cannot be taken back: the output is abandoned and
 * the record re-done from its raw bytes, as a tree (last value wins, as JSON parsers do), by the same writer fed with
 * the tree's tokens ({@link #transcodeTree}). In that mode an envelope key the payload also has goes to
 * {@code envelope.<name>} and a key whose output name is already taken is left out. Records the fast path writes
 * come out byte for byte as the slow path writes them (tested).
 *
 * <p>One instance per download (per thread). Not thread-safe.
 */
final class Transcoder {
  static final String ECS_VERSION = "8.17.0";
  /** Largest requestData/responseData object (compact JSON bytes) indexed as {@code request_data}. */
  static final int MAX_DATA_BYTES = 32 * 1024;
  static final String STAGE = "normalise";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[] DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
      "sunday"};
  private static final char[] NO_TIME = new char[0];

  // output names and constant values, encoded once
  private static final SerializableString N_ACCOUNT = new SerializedString("account");
  private static final SerializableString N_ACTION = new SerializedString("action");
  private static final SerializableString N_ACTIVITY_TRACKER = new SerializedString("activity_tracker");
  private static final SerializableString N_ALCH_ACCOUNT_ID = new SerializedString("alch_account_id");
  private static final SerializableString N_ADDRESS = new SerializedString("address");
  private static final SerializableString N_CATEGORY = new SerializedString("category");
  private static final SerializableString N_CLOUD = new SerializedString("cloud");
  private static final SerializableString N_CREATED = new SerializedString("created");
  private static final SerializableString N_DATASET = new SerializedString("dataset");
  private static final SerializableString N_DAY_OF_WEEK = new SerializedString("day_of_week");
  private static final SerializableString N_DOWNLOAD = new SerializedString("download");
  private static final SerializableString N_ECS = new SerializedString("ecs");
  private static final SerializableString N_EMAIL = new SerializedString("email");
  private static final SerializableString N_ENVELOPE = new SerializedString("envelope");
  private static final SerializableString N_EVENT = new SerializedString("event");
  private static final SerializableString N_EVENT_TIME = new SerializedString("event_time");
  private static final SerializableString N_EXTRA = new SerializedString("extra");
  private static final SerializableString N_HOUR_OF_DAY = new SerializedString("hour_of_day");
  private static final SerializableString N_HTTP = new SerializedString("http");
  private static final SerializableString N_IBMCLOUD = new SerializedString("ibmcloud");
  private static final SerializableString N_ID = new SerializedString("id");
  private static final SerializableString N_ID_SOURCE = new SerializedString("id_source");
  private static final SerializableString N_INGESTED = new SerializedString("ingested");
  private static final SerializableString N_IP = new SerializedString("ip");
  private static final SerializableString N_KIND = new SerializedString("kind");
  private static final SerializableString N_MESSAGE = new SerializedString("message");
  private static final SerializableString N_MODULE = new SerializedString("module");
  private static final SerializableString N_NAME = new SerializedString("name");
  private static final SerializableString N_ORIGINAL = new SerializedString("original");
  private static final SerializableString N_OUTCOME = new SerializedString("outcome");
  private static final SerializableString N_PATH = new SerializedString("path");
  private static final SerializableString N_PROVIDER = new SerializedString("provider");
  private static final SerializableString N_REASON = new SerializedString("reason");
  private static final SerializableString N_REASON_CODE = new SerializedString("reason_code");
  private static final SerializableString N_RECORD = new SerializedString("record");
  private static final SerializableString N_REGION = new SerializedString("region");
  private static final SerializableString N_RELATED = new SerializedString("related");
  private static final SerializableString N_RESPONSE = new SerializedString("response");
  private static final SerializableString N_SERVICE = new SerializedString("service");
  private static final SerializableString N_SESSION = new SerializedString("session");
  private static final SerializableString N_SEVERITY = new SerializedString("severity");
  private static final SerializableString N_SHAPE = new SerializedString("shape");
  private static final SerializableString N_STATUS_CODE = new SerializedString("status_code");
  private static final SerializableString N_STORED_TIMESTAMP = new SerializedString("stored_timestamp");
  private static final SerializableString N_TAGS = new SerializedString("tags");
  private static final SerializableString N_TIMESTAMP = new SerializedString("@timestamp");
  private static final SerializableString N_TYPE = new SerializedString("type");
  private static final SerializableString N_URL = new SerializedString("url");
  private static final SerializableString N_USER = new SerializedString("user");
  private static final SerializableString N_USER_AGENT = new SerializedString("user_agent");
  private static final SerializableString N_VERSION = new SerializedString("version");
  private static final SerializableString N_SOURCE = new SerializedString("source");
  private static final SerializableString N_DESTINATION = new SerializedString("destination");
  private static final SerializableString N_REQUEST_DATA = new SerializedString("request_data");
  private static final SerializableString N_REQUEST_DATA_TEXT = new SerializedString("request_data_text");
  private static final SerializableString N_RESPONSE_DATA = new SerializedString("response_data");
  private static final SerializableString N_RESPONSE_DATA_TEXT = new SerializedString("response_data_text");
  private static final SerializableString V_EVENT = new SerializedString("event");
  private static final SerializableString V_IBMCLOUD = new SerializedString("ibmcloud");
  private static final SerializableString V_DATASET = new SerializedString("ibmcloud.activity_tracker");
  private static final SerializableString V_IBM = new SerializedString("ibm");
  private static final SerializableString V_ECS_VERSION = new SerializedString(ECS_VERSION);

  // captured values
  private static final int EVENT_TIME = 0;
  private static final int STORED = 1;
  private static final int ACTION = 2;
  private static final int OUTCOME = 3;
  private static final int SEVERITY = 4;
  private static final int ROOT_ID = 5;
  private static final int PAYLOAD_ID = 6;
  private static final int MESSAGE = 7;
  private static final int PATH = 8;
  private static final int UUID = 9;
  private static final int LOG_CRN = 10;
  private static final int USER_ID = 11;
  private static final int USER_NAME = 12;
  private static final int SRC_ADDR = 13;
  private static final int AGENT = 14;
  private static final int TARGET_ID = 15;
  private static final int DST_ADDR = 16;
  private static final int REASON_TYPE = 17;
  private static final int REASON_CODE = 18;
  private static final int ALCH_ACCOUNT = 19;
  private static final int SLOTS = 20;

  // frame kinds
  private static final int ROOT = 0;
  private static final int PAYLOAD = 1;
  private static final int INITIATOR = 2;
  private static final int TARGET = 3;
  private static final int I_HOST = 4;
  private static final int T_HOST = 5;
  private static final int OBSERVER = 6;
  private static final int REASON = 7;
  private static final int META = 8;
  private static final int COPY_OBJECT = 9;
  private static final int COPY_ARRAY = 10;
  private static final int DATA = 11;

  // routes: what to do with the value of the field just named
  private static final int R_CAPTURE = 0; // text → captured slot; else extra.<name>
  private static final int R_TAGS = 1;
  private static final int R_RENAME = 2; // scalar → vendor <out> (+ captured slot if text); structure → extra
  private static final int R_OBJECT = 3; // object → frame of kind <arg>; else extra (root) or copy (nested)
  private static final int R_DATA = 4;
  private static final int R_COPY = 5; // anything → vendor <out>
  private static final int R_EXTRA = 6;
  private static final int R_ENVELOPE = 7;
  private static final int R_SKIP = 8;
  private static final int R_NCAPTURE = 9; // text → captured slot (and vendor copy when arg2); else vendor copy
  private static final int R_REASON_CODE = 10;
  private static final int R_PAYLOAD = 11;

  /** Root names the vendor namespace uses itself: an unknown root field of such a name goes to extra. */
  private static final Set<String> RESERVED = Set.of("type_uri", "event_type", "name", "outcome", "severity",
      "reason_code", "initiator", "target", "observer", "reason", "request_data", "request_data_text",
      "response_data", "response_data_text", "attachments", "event_uuid", "alch_account_id", "alch_tenant_id",
      "logmet_cluster", "type", "version", "stored_timestamp", "event_time", "meta", "log_source_crn",
      "save_service_copy", "envelope", "extra", "download", "id_source", "shape", "hour_of_day", "day_of_week");

  private final JsonFactory factory;
  private final ObjectMapper mapper;
  private final Destination destination;
  /** {@code data_stream.*} of a data stream's documents, written as the document's last field; else null. */
  private final String dataStreamNamespace;
  private final boolean preserveOriginal;
  private final int maxStringLength;
  private final CRC32C crc = new CRC32C();

  private final Scratch out = new Scratch(8 * 1024);
  private final Scratch sub = new Scratch(1024);
  private JsonGenerator gen;
  private JsonGenerator subGen;

  // frames, by depth of the output structure being written
  private int[] kind = new int[16];
  private boolean[] opened = new boolean[16];
  private String[] frameOut = new String[16];
  private NameSet[] names = new NameSet[16];
  private NameSet[] owned = new NameSet[16];
  private int dataFrame = -1;
  private int top = -1;

  // the field just named
  private int route;
  private int routeSlot;
  private String routeOut;
  private String routeName;

  // per record
  private boolean dirty; // the generators hold part of a document
  private int depth;
  private boolean bailed;
  private String notObject;
  private boolean envelope;
  private boolean stored;
  // captured values: event_uuid as a String (a Doc needs it), the others as slices of one char arena (no String per
  // value: they are written back from the arena, or only looked at)
  private final CharSequence[] cap = new CharSequence[SLOTS];
  private final Slice[] slices = new Slice[SLOTS];
  private char[] arena = new char[2048];
  private int arenaLen;
  private int statusCode;
  private List<String> tags;
  private final List<String> tagList = new ArrayList<>();
  private ObjectNode extra;
  private ObjectNode envelopeFields;
  private int skipDepth;
  private final TreeBuilder side = new TreeBuilder();
  private boolean inSide;
  private int sideRoute;
  private String sideName;

  private RawInput raw;
  private final RawBytes rawValue = new RawBytes();

  // slow mode
  private boolean slow;
  private Set<String> clashes = Set.of();

  // caches (the vocabulary of a download is small)
  private final Map<String, String> snake = new HashMap<>();
  private final Encoded encoded = new Encoded();
  private NameSet[] dataNames = new NameSet[8];
  private final String[] actionKeys = new String[1024];
  private final ActionCategories[] actionValues = new ActionCategories[1024];
  private final Crn.Tokens crnTokens = new Crn.Tokens();
  private final char[] time = new char[24];
  private char[] ingested = NO_TIME;
  private long indexDay = Long.MIN_VALUE;
  private String index;
  // the record's CRNs and cloud.account.id, read once the record is complete
  private Crn targetCrn;
  private Crn sourceCrn;
  private String account;

  Transcoder(Destination destination, boolean preserveOriginal, DecodeLimits limits) {
    this.destination = destination;
    this.dataStreamNamespace = destination instanceof Destination.DataStream ds ? ds.namespace() : null;
    this.preserveOriginal = preserveOriginal;
    this.maxStringLength = limits.maxStringLength();
    this.factory = JsonFactory.builder()
        .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxStringLength(limits.maxStringLength())
            .maxNestingDepth(limits.maxNestingDepth())
            .build())
        .build();
    this.mapper = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    gen = newGenerator(out);
    subGen = newGenerator(sub);
    for (int i = 0; i < SLOTS; i++) {
      slices[i] = new Slice();
    }
  }

  /** A captured value: {@code arena[start, start + length)}, read through the current arena (it may grow). */
  private final class Slice implements CharSequence {
    int start;
    int length;

    @Override
    public int length() {
      return length;
    }

    @Override
    public char charAt(int index) {
      return arena[start + index];
    }

    @Override
    public CharSequence subSequence(int from, int to) {
      return new String(arena, start + from, to - from);
    }

    @Override
    public String toString() {
      return new String(arena, start, length);
    }
  }

  /**
   * Keeps the current string value: event_uuid as a String, the rest in the arena (a CADF id too: most records have
   * an event_uuid, which is then the _id).
   */
  private void capture(int slot, JsonParser p) throws IOException {
    if (slot == UUID) {
      cap[slot] = p.getText();
      return;
    }
    int n = p.getTextLength();
    if (arena.length - arenaLen < n) {
      arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaLen + n));
    }
    System.arraycopy(p.getTextCharacters(), p.getTextOffset(), arena, arenaLen, n);
    Slice slice = slices[slot];
    slice.start = arenaLen;
    slice.length = n;
    arenaLen += n;
    cap[slot] = slice;
  }

  /** Writes a captured value. */
  private void writeChars(CharSequence value) throws IOException {
    if (value instanceof Slice slice) {
      gen.writeString(arena, slice.start, slice.length);
    } else {
      gen.writeString(value.toString());
    }
  }

  private JsonGenerator newGenerator(Scratch target) {
    target.reset();
    try {
      JsonGenerator g = factory.createGenerator(target);
      g.setRootValueSeparator(null);
      return g;
    } catch (IOException e) {
      throw new UncheckedIOException("a JSON generator over memory cannot fail to open", e);
    }
  }

  /** {@code event.ingested} of the records that follow, in epoch milliseconds (set once per chunk, not per record). */
  void ingested(long epochMillis) {
    if (ingested == NO_TIME) {
      ingested = new char[24];
    }
    EventTime.formatTo(ingested, epochMillis);
  }

  /** Whether a record has begun and not yet ended. */
  boolean inProgress() {
    return depth > 0;
  }

  /** Drops the record in progress (the framer resynchronises after a syntax error or an over-limit record). */
  void reset() {
    if (dirty) {
      gen = newGenerator(out);
      subGen = newGenerator(sub);
      dirty = false;
    }
    clearRecord();
  }

  private void clearRecord() {
    depth = 0;
    top = -1;
    dataFrame = -1;
    bailed = false;
    notObject = null;
    envelope = false;
    stored = false;
    Arrays.fill(cap, null);
    arenaLen = 0;
    statusCode = -1;
    tags = null;
    extra = null;
    envelopeFields = null;
    skipDepth = 0;
    inSide = false;
    side.reset();
    out.reset();
  }

  /**
   * Takes one token of the current record.
   *
   * @return true when the record is complete ({@link #finish} it)
   */
  boolean add(JsonToken t, JsonParser p) throws IOException {
    if (depth == 0) {
      return begin(t);
    }
    boolean start = t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY;
    boolean end = t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY;
    depth += start ? 1 : end ? -1 : 0;
    if (t == JsonToken.VALUE_STRING && p.getTextLength() > maxStringLength) {
      // copied strings are never turned into a String, where the parser would check its limit: checked here
      throw new StreamConstraintsException(String.format(Locale.ROOT, "String value length (%d) exceeds the "
          + "maximum allowed (%d, from `StreamReadConstraints.getMaxStringLength()`)", p.getTextLength(),
          maxStringLength));
    }
    if (bailed || notObject != null) {
      return depth == 0;
    }
    if (inSide) {
      if (side.add(t, p)) {
        inSide = false;
        sideDone(side.take());
      }
      return false;
    }
    if (skipDepth > 0) {
      skipDepth += start ? 1 : end ? -1 : 0;
      return false;
    }
    if (t == JsonToken.FIELD_NAME) {
      field(p.currentName());
      return false;
    }
    if (end) {
      endFrame(p);
      return depth == 0;
    }
    if (kind[top] == COPY_ARRAY) {
      copy(null, t, p);
    } else {
      value(t, p);
    }
    return false;
  }

  private boolean begin(JsonToken t) throws IOException {
    clearRecord();
    if (t == JsonToken.START_OBJECT) {
      depth = 1;
      dirty = true;
      push(ROOT, null, true);
      gen.writeStartObject();
      gen.writeFieldName(N_IBMCLOUD);
      gen.writeStartObject();
      gen.writeFieldName(N_ACTIVITY_TRACKER);
      gen.writeStartObject();
      return false;
    }
    if (t == JsonToken.START_ARRAY) {
      depth = 1;
      notObject = "an array";
      return false;
    }
    notObject = switch (t) {
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      default -> "null";
    };
    return true;
  }

  private void push(int k, String outName, boolean isOpen) {
    top++;
    if (top == kind.length) {
      int n = kind.length * 2;
      kind = Arrays.copyOf(kind, n);
      opened = Arrays.copyOf(opened, n);
      frameOut = Arrays.copyOf(frameOut, n);
      names = Arrays.copyOf(names, n);
      owned = Arrays.copyOf(owned, n);
    }
    kind[top] = k;
    opened[top] = isOpen;
    frameOut[top] = outName;
    if (k == PAYLOAD) {
      names[top] = names[top - 1]; // the payload's fields join the envelope's at the root of the vendor object
    } else if (k != COPY_ARRAY) {
      if (owned[top] == null) {
        owned[top] = new NameSet();
      }
      owned[top].clear();
      names[top] = owned[top];
    }
    if (k == DATA) {
      dataFrame = top;
    }
  }

  private JsonGenerator target() {
    return dataFrame >= 0 ? subGen : gen;
  }

  /** Writes the keys of every enclosing vendor object not yet written. */
  private void ensureOpen(int f) throws IOException {
    if (opened[f]) {
      return;
    }
    ensureOpen(f - 1);
    encoded.fieldName(gen, frameOut[f]);
    gen.writeStartObject();
    opened[f] = true;
  }

  // ---- routing

  private void field(String name) {
    int k = kind[top];
    switch (k) {
      case ROOT, PAYLOAD -> rootField(name, k == ROOT);
      case INITIATOR -> nested(name, switch (name) {
        case "id" -> slotRoute(R_NCAPTURE, USER_ID);
        case "name" -> slotRoute(R_NCAPTURE, USER_NAME);
        case "typeURI" -> outRoute(R_COPY, "type_uri");
        case "host" -> objectRoute(I_HOST, "host");
        default -> outRoute(R_COPY, name);
      });
      case TARGET -> nested(name, switch (name) {
        case "id" -> slotRoute(R_NCAPTURE, TARGET_ID);
        case "typeURI" -> outRoute(R_COPY, "type_uri");
        case "host" -> objectRoute(T_HOST, "host");
        default -> outRoute(R_COPY, name);
      });
      case I_HOST -> nested(name, switch (name) {
        case "address" -> slotRoute(R_NCAPTURE, SRC_ADDR);
        case "agent" -> slotRoute(R_NCAPTURE, AGENT);
        default -> outRoute(R_COPY, name);
      });
      case T_HOST -> nested(name, name.equals("address") ? slotRoute(R_NCAPTURE, DST_ADDR) : outRoute(R_COPY, name));
      case OBSERVER -> nested(name, outRoute(R_COPY, name.equals("typeURI") ? "type_uri" : name));
      case REASON -> nested(name, switch (name) {
        case "reasonType" -> slotRoute(R_NCAPTURE, REASON_TYPE);
        case "reasonCode" -> slotRoute(R_REASON_CODE, REASON_CODE);
        default -> outRoute(R_COPY, name);
      });
      case META -> nested(name, outRoute(R_COPY, snakeCase(name)));
      default -> nested(name, outRoute(R_COPY, name)); // COPY_OBJECT, DATA
    }
  }

  // route setters return a dummy so they can sit in switch expressions
  private int slotRoute(int r, int slot) {
    route = r;
    routeSlot = slot;
    routeOut = null;
    return 0;
  }

  private int outRoute(int r, String outName) {
    route = r;
    routeSlot = -1;
    routeOut = outName;
    return 0;
  }

  private int objectRoute(int frameKind, String outName) {
    route = R_OBJECT;
    routeSlot = frameKind;
    routeOut = outName;
    return 0;
  }

  /** A key of a nested object: its output name (or, when captured, its own name) must be new in that object. */
  private void nested(String name, int ignored) {
    routeName = name;
    claim(routeOut != null ? routeOut : name);
  }

  private void rootField(String name, boolean envelopeLevel) {
    routeName = name;
    if (envelopeLevel && slow && clashes.contains(name)) {
      outRoute(R_ENVELOPE, name);
      return;
    }
    if (envelopeLevel && (name.equals("event_uuid") || name.equals("@version") || name.equals("ALCH_ACCOUNT_ID"))) {
      stored = true;
    }
    switch (name) {
      case "eventTime" -> slotRoute(R_CAPTURE, EVENT_TIME);
      case "@timestamp" -> slotRoute(R_CAPTURE, STORED);
      case "action" -> slotRoute(R_CAPTURE, ACTION);
      case "outcome" -> slotRoute(R_CAPTURE, OUTCOME);
      case "severity" -> slotRoute(R_CAPTURE, SEVERITY);
      case "id" -> slotRoute(R_CAPTURE, envelopeLevel ? ROOT_ID : PAYLOAD_ID);
      case "message" -> slotRoute(R_CAPTURE, MESSAGE);
      case "requestPath" -> slotRoute(R_CAPTURE, PATH);
      case "tags" -> slotRoute(R_TAGS, -1);
      case "typeURI" -> rename("type_uri", -1);
      case "eventType" -> rename("event_type", -1);
      case "name" -> rename("name", -1);
      case "event_uuid" -> rename("event_uuid", envelopeLevel ? UUID : -1);
      case "ALCH_ACCOUNT_ID" -> rename("alch_account_id", ALCH_ACCOUNT);
      case "ALCH_TENANT_ID" -> rename("alch_tenant_id", -1);
      case "logmet_cluster" -> rename("logmet_cluster", -1);
      case "type" -> rename("type", -1);
      case "@version" -> rename("version", -1);
      case "logSourceCRN" -> rename("log_source_crn", LOG_CRN);
      case "saveServiceCopy" -> rename("save_service_copy", -1);
      case "initiator" -> objectRoute(INITIATOR, "initiator");
      case "target" -> objectRoute(TARGET, "target");
      case "observer" -> objectRoute(OBSERVER, "observer");
      case "reason" -> objectRoute(REASON, "reason");
      case "meta" -> objectRoute(META, "meta");
      case "requestData" -> outRoute(R_DATA, "request_data");
      case "responseData" -> outRoute(R_DATA, "response_data");
      case "attachments" -> outRoute(R_COPY, "attachments");
      default -> {
        if (envelopeLevel && name.equals("payload")) {
          outRoute(R_PAYLOAD, "\u0000payload");
        } else if (RESERVED.contains(name)) {
          outRoute(R_EXTRA, "\u0000" + name);
        } else {
          outRoute(R_COPY, name);
        }
      }
    }
    claim(route == R_CAPTURE || route == R_TAGS ? name : routeOut);
  }

  private void rename(String outName, int slot) {
    route = R_RENAME;
    routeSlot = slot;
    routeOut = outName;
  }

  /** Takes the name in the current object; a repeat abandons the fast path, or (slow path) skips the value. */
  private void claim(String name) {
    if (names[top].add(name)) {
      return;
    }
    if (slow) {
      route = R_SKIP;
    } else {
      bailed = true;
    }
  }

  // ---- values

  private void value(JsonToken t, JsonParser p) throws IOException {
    boolean structure = t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY;
    switch (route) {
      case R_CAPTURE -> {
        if (t == JsonToken.VALUE_STRING) {
          capture(routeSlot, p);
        } else {
          toSide(R_EXTRA, t, p);
        }
      }
      case R_TAGS -> toSide(R_TAGS, t, p);
      case R_RENAME -> {
        if (structure) {
          toSide(R_EXTRA, t, p);
        } else if (routeSlot == ALCH_ACCOUNT && t == JsonToken.VALUE_STRING) {
          capture(ALCH_ACCOUNT, p); // written at the end unless it is cloud.account.id (no value stored twice)
        } else {
          encoded.fieldName(gen, routeOut);
          if (t != JsonToken.VALUE_STRING || !copyRaw(gen, p)) {
            gen.copyCurrentEvent(p);
          }
          if (routeSlot >= 0 && t == JsonToken.VALUE_STRING) {
            capture(routeSlot, p);
          }
        }
      }
      case R_OBJECT -> {
        if (t == JsonToken.START_OBJECT) {
          push(routeSlot, routeOut, false);
        } else if (kind[top] == ROOT || kind[top] == PAYLOAD) {
          toSide(R_EXTRA, t, p);
        } else {
          copy(routeName, t, p);
        }
      }
      case R_PAYLOAD -> {
        if (t == JsonToken.START_OBJECT) {
          envelope = true;
          push(PAYLOAD, null, true);
        } else {
          copy("payload", t, p);
        }
      }
      case R_DATA -> data(t, p);
      case R_COPY -> copy(routeOut, t, p);
      case R_EXTRA, R_ENVELOPE -> toSide(route, t, p);
      case R_SKIP -> skipDepth = structure ? 1 : 0;
      case R_NCAPTURE -> {
        if (t == JsonToken.VALUE_STRING) {
          capture(routeSlot, p);
          if (routeSlot == TARGET_ID) {
            copy(routeName, t, p);
          }
        } else {
          copy(routeName, t, p);
        }
      }
      case R_REASON_CODE -> {
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_STRING) {
          capture(REASON_CODE, p);
          statusCode = statusCode(t, p, cap[REASON_CODE]);
        } else {
          copy(routeName, t, p);
        }
      }
      default -> throw new IllegalStateException("unknown route " + route);
    }
  }

  /** Copies the current value under {@code name} (null in an array) into the current vendor object. */
  private void copy(String name, JsonToken t, JsonParser p) throws IOException {
    JsonGenerator g = target();
    if (g == gen) {
      ensureOpen(top);
    }
    if (name != null) {
      encoded.fieldName(g, name);
    }
    if (t != JsonToken.VALUE_STRING || !copyRaw(g, p)) {
      g.copyCurrentEvent(p);
    }
    if (t == JsonToken.START_OBJECT) {
      push(COPY_OBJECT, null, true);
    } else if (t == JsonToken.START_ARRAY) {
      push(COPY_ARRAY, null, true);
    }
  }

  /**
   * Copies the current string value as its raw bytes from the framer's buffer, when they are exactly what the
   * generator would write: no backslash in them (so no escape that the generator might write otherwise; a raw
   * control character or invalid UTF-8 the parser has refused already, and non-ASCII is written as UTF-8 either way).
   * Saves decoding the string and encoding it again. False when the value must go the usual way.
   */
  private boolean copyRaw(JsonGenerator g, JsonParser p) throws IOException {
    if (raw == null || !(p instanceof ParserBase parser)) {
      return false;
    }
    byte[] b = raw.buf();
    int from = raw.index(parser.getTokenCharacterOffset());
    int end = raw.end();
    if (from > 0 && from < end && b[from - 1] == '"') {
      from--; // the parser's token offset may point just after the opening quote; a value's quote never follows one
    }
    if (from < 0 || from >= end || b[from] != '"') {
      return false;
    }
    int i = from + 1;
    int high = 0;
    while (i < end && b[i] != '"' && b[i] != '\\') {
      high |= b[i];
      i++;
    }
    int bytes = i - from - 1;
    int chars = p.getTextLength();
    if (i >= end || b[i] != '"' || (high < 0 ? bytes < chars : bytes != chars)) {
      return false; // an escape, or not this token's bytes (ASCII is one byte per char, UTF-8 at least one)
    }
    rawValue.set(b, from, i + 1);
    g.writeRawValue(rawValue);
    return true;
  }

  /** Where the framer keeps the current record's bytes, so string values can be copied raw. */
  interface RawInput {
    byte[] buf();

    /** Index in {@link #buf()} of a byte offset of the framer's parser. */
    int index(long parserOffset);

    /** End of the valid bytes in {@link #buf()}. */
    int end();
  }

  void rawInput(RawInput input) {
    this.raw = input;
  }

  private void endFrame(JsonParser p) throws IOException {
    int k = kind[top];
    switch (k) {
      case ROOT, PAYLOAD -> top--;
      case COPY_OBJECT, COPY_ARRAY -> {
        JsonGenerator g = target();
        g.copyCurrentEvent(p);
        top--;
      }
      case DATA -> {
        subGen.writeEndObject();
        dataFrame = -1;
        top--;
        String which = frameOut[top + 1];
        dataDone(which);
      }
      default -> {
        if (opened[top]) {
          gen.writeEndObject();
        }
        top--;
      }
    }
  }

  private void data(JsonToken t, JsonParser p) throws IOException {
    String which = routeOut;
    switch (t) {
      case START_OBJECT -> {
        sub.reset();
        subGen.writeStartObject();
        push(DATA, which, true);
      }
      case VALUE_STRING -> dataString(which, p);
      case VALUE_NULL -> { }
      case START_ARRAY -> toSide(R_EXTRA, t, p);
      default -> {
        ensureOpen(top);
        gen.writeFieldName(textName(which));
        gen.writeString(p.getText());
      }
    }
  }

  private static SerializableString textName(String which) {
    return which.equals("request_data") ? N_REQUEST_DATA_TEXT : N_RESPONSE_DATA_TEXT;
  }

  private static SerializableString dataName(String which) {
    return which.equals("request_data") ? N_REQUEST_DATA : N_RESPONSE_DATA;
  }

  /** The object just copied into {@link #sub}: indexed when small enough, else kept as text. */
  private void dataDone(String which) throws IOException {
    subGen.flush();
    ensureOpen(top);
    if (sub.size() <= MAX_DATA_BYTES) {
      gen.writeFieldName(dataName(which));
      gen.writeRawValue(sub.raw());
    } else {
      gen.writeFieldName(textName(which));
      gen.writeUTF8String(sub.array(), 0, sub.size());
    }
    sub.reset();
  }

  /** requestData/responseData as a string: a JSON object in it is indexed like an object value; else the text. */
  private void dataString(String which, JsonParser p) throws IOException {
    // the parser's own characters, read before its next token: no String of the value on the usual path
    char[] chars = p.getTextCharacters();
    int off = p.getTextOffset();
    int len = p.getTextLength();
    int i = 0;
    while (i < len && Character.isWhitespace(chars[off + i])) {
      i++;
    }
    if (i < len && chars[off + i] == '{' && parsedInto(chars, off, len)) {
      dataDone(which);
      return;
    }
    ensureOpen(top);
    gen.writeFieldName(textName(which));
    gen.writeString(chars, off, len);
  }

  /** Copies the JSON object held in {@code chars[off, off + len)} into {@link #sub}; false unless exactly one. */
  private boolean parsedInto(char[] chars, int off, int len) {
    sub.reset();
    try (JsonParser p = factory.createParser(chars, off, len)) {
      if (p.nextToken() == JsonToken.START_OBJECT && copyObject(p) && p.nextToken() == null) {
        return true;
      }
    } catch (IOException e) {
      // not JSON: below
    }
    subGen = newGenerator(sub);
    String text = new String(chars, off, len);
    JsonNode tree;
    try {
      tree = mapper.readTree(text); // a repeated key keeps its last value, as for the record itself
    } catch (IOException e) {
      return false;
    }
    if (!(tree instanceof ObjectNode)) {
      return false;
    }
    try (JsonParser p = tree.traverse()) {
      p.nextToken();
      subGen.copyCurrentStructure(p);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("copying a JSON tree to memory failed", e);
    }
  }

  /**
   * Copies the object whose start {@code p} stands on into {@link #subGen}, as {@code copyCurrentStructure} does;
   * false at the first key an object repeats (the caller then takes the tree's way, where the last value wins).
   */
  private boolean copyObject(JsonParser p) throws IOException {
    int level = 0;
    dataNames(level).clear();
    subGen.writeStartObject();
    for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
      switch (t) {
        case FIELD_NAME -> {
          String name = p.currentName();
          if (!dataNames(level).add(name)) {
            return false;
          }
          encoded.fieldName(subGen, name);
        }
        case START_OBJECT -> {
          dataNames(++level).clear();
          subGen.writeStartObject();
        }
        case START_ARRAY -> {
          level++;
          subGen.writeStartArray();
        }
        case END_OBJECT, END_ARRAY -> {
          subGen.copyCurrentEvent(p);
          if (level-- == 0) {
            return true;
          }
        }
        default -> subGen.copyCurrentEvent(p);
      }
    }
    return false;
  }

  /** The names of the object at {@code level} of a JSON text being copied (an array's level holds none). */
  private NameSet dataNames(int level) {
    if (level >= dataNames.length) {
      dataNames = Arrays.copyOf(dataNames, Math.max(level + 1, dataNames.length * 2));
    }
    NameSet names = dataNames[level];
    if (names == null) {
      names = new NameSet();
      dataNames[level] = names;
    }
    return names;
  }

  private void toSide(int sideRoute, JsonToken t, JsonParser p) throws IOException {
    this.sideRoute = sideRoute;
    this.sideName = routeName;
    if (side.add(t, p)) {
      sideDone(side.take());
    } else {
      inSide = true;
    }
  }

  private void sideDone(JsonNode node) {
    if (sideRoute == R_TAGS) {
      if (node.isTextual()) {
        tagList.clear();
        tagList.add(node.textValue());
        tags = tagList;
        return;
      }
      if (node.isArray() && allText(node)) {
        tagList.clear();
        node.forEach(n -> tagList.add(n.textValue()));
        tags = tagList;
        return;
      }
    }
    if (sideRoute == R_ENVELOPE) {
      envelopeFields = envelopeFields != null ? envelopeFields : NODES.objectNode();
      envelopeFields.set(sideName, node);
    } else {
      extra = extra != null ? extra : NODES.objectNode();
      extra.set(sideName, node);
    }
  }

  private static boolean allText(JsonNode array) {
    for (JsonNode n : array) {
      if (!n.isTextual()) {
        return false;
      }
    }
    return true;
  }

  private static int statusCode(JsonToken t, JsonParser p, CharSequence s) throws IOException {
    int value;
    if (t == JsonToken.VALUE_NUMBER_INT) {
      if (p.getNumberType() != JsonParser.NumberType.INT) {
        return -1;
      }
      value = p.getIntValue();
    } else {
      if (s.length() != 3 || !isDigit(s.charAt(0)) || !isDigit(s.charAt(1)) || !isDigit(s.charAt(2))) {
        return -1;
      }
      value = (s.charAt(0) - '0') * 100 + (s.charAt(1) - '0') * 10 + s.charAt(2) - '0';
    }
    return value >= 100 && value <= 599 ? value : -1;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private String snakeCase(String name) {
    String s = snake.get(name);
    if (s == null) {
      s = toSnake(name);
      if (snake.size() < 4096) {
        snake.put(name, s);
      }
    }
    return s;
  }

  /** {@code serviceProviderName} → {@code service_provider_name}; already snake names stay. */
  static String toSnake(String name) {
    StringBuilder b = new StringBuilder(name.length() + 8);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        if (i > 0 && name.charAt(i - 1) != '_') {
          b.append('_');
        }
        b.append((char) (c + ('a' - 'A')));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  // ---- the record closes

  /**
   * The document (or dead letter) of the record whose last token was just added.
   *
   * @param raw the record's bytes as downloaded are {@code raw[from, to)}
   */
  Decoded finish(Position position, byte[] raw, int from, int to) {
    try {
      if (notObject != null) {
        return dead(position, raw, from, to, "record is not a JSON object (it is " + notObject + ")");
      }
      if (bailed) {
        reset();
        JsonNode tree;
        try {
          tree = mapper.readTree(raw, from, to - from);
        } catch (JsonProcessingException e) {
          return notJson(position, raw, from, to, e);
        }
        return transcodeTree(position, raw, from, to, tree);
      }
      return close(position, raw, from, to, null);
    } catch (Reparse e) {
      return notJson(position, raw, from, to, e.getCause());
    } catch (IOException e) {
      throw new UncheckedIOException("writing a document to memory failed", e);
    } finally {
      reset();
    }
  }

  /** The slow path: the document of a record given as a tree (raw bytes kept for the id, the original and dead letters). */
  Decoded transcodeTree(Position position, byte[] raw, int from, int to, JsonNode tree) {
    reset();
    if (!(tree instanceof ObjectNode record)) {
      return dead(position, raw, from, to, "record is not a JSON object (it is " + kind(tree) + ")");
    }
    slow = true;
    try (JsonParser p = tree.traverse()) {
      clashes = clashes(record);
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        add(t, p);
      }
      if (bailed) {
        throw new IllegalStateException("the slow path met a repeated key");
      }
      return close(position, raw, from, to, record);
    } catch (IOException e) {
      throw new UncheckedIOException("writing a document to memory failed", e);
    } finally {
      slow = false;
      clashes = Set.of();
      reset();
    }
  }

  private static Set<String> clashes(ObjectNode record) {
    if (!(record.get("payload") instanceof ObjectNode payload)) {
      return Set.of();
    }
    Set<String> both = null;
    for (Map.Entry<String, JsonNode> field : record.properties()) {
      String name = field.getKey();
      if (!name.equals("payload") && payload.has(name)) {
        both = both != null ? both : new HashSet<>();
        both.add(name);
      }
    }
    return both != null ? both : Set.of();
  }

  private Decoded close(Position position, byte[] raw, int from, int to, ObjectNode tree) throws IOException {
    CharSequence eventTime = cap[EVENT_TIME];
    CharSequence storedTime = cap[STORED];
    long millis;
    java.time.Instant t = eventTime != null ? EventTime.parse(eventTime) : null;
    java.time.Instant s = storedTime != null ? EventTime.parse(storedTime) : null;
    if (t == null && s == null) {
      return dead(position, raw, from, to, "no usable event time: eventTime is " + describe(eventTime, "eventTime")
          + " and " + (storedTime == null && extraOf("@timestamp") == null ? "there is no @timestamp"
              : "@timestamp " + describe(storedTime, "@timestamp") + " is not a time either"));
    }
    millis = (t != null ? t : s).toEpochMilli();
    EventIdentity identity = tree != null ? EventIdentity.of(tree) : identity(raw, from, to);
    crns();
    writeVendorTail(position, identity, t == null ? eventTime : null, s == null ? storedTime : null, millis);
    gen.writeEndObject(); // activity_tracker
    gen.writeEndObject(); // ibmcloud
    writeEcs(millis, s, raw, from, to);
    if (dataStreamNamespace != null) {
      DataStreamFields.write(gen, dataStreamNamespace);
    }
    gen.writeEndObject();
    gen.flush();
    dirty = false;
    byte[] source = out.toByteArray();
    out.reset();
    crc.reset();
    crc.update(raw, from, to - from);
    return new Doc(identity.id(), index(millis), source, position, crc.getValue() << 32 | (to - from));
  }

  private EventIdentity identity(byte[] raw, int from, int to) {
    String uuid = EventIdentity.usable((String) cap[UUID]);
    if (uuid != null) {
      return new EventIdentity(uuid, "event_uuid");
    }
    CharSequence cadfId = envelope ? cap[PAYLOAD_ID] : cap[ROOT_ID];
    String id = cadfId == null ? null : EventIdentity.usable(cadfId.toString()); // a String only when it is the _id
    if (id != null) {
      return new EventIdentity(id, "id");
    }
    try {
      return EventIdentity.of(mapper.readTree(raw, from, to - from)); // no id: the canonical hash needs the tree
    } catch (JsonProcessingException e) {
      throw new Reparse(e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading a record from memory failed", e);
    }
  }

  /**
   * The framer's non-blocking parser and Jackson's blocking one should agree on what is JSON; where they do not (a
   * trailing comma across a feed boundary was one such case in Jackson 2.22), the record is a dead letter with the
   * blocking parser's reason, never a failed run.
   */
  private static final class Reparse extends RuntimeException {
    Reparse(JsonProcessingException cause) {
      super(cause);
    }

    @Override
    public synchronized JsonProcessingException getCause() {
      return (JsonProcessingException) super.getCause();
    }
  }

  private static DeadLetter notJson(Position position, byte[] raw, int from, int to, JsonProcessingException e) {
    return dead(position, raw, from, to, "record is not valid JSON: " + e.getOriginalMessage());
  }

  private void writeVendorTail(Position position, EventIdentity identity, CharSequence badEventTime,
      CharSequence badStored, long millis) throws IOException {
    if (extra != null) {
      gen.writeFieldName(N_EXTRA);
      writeTree(extra);
    }
    if (envelopeFields != null) {
      gen.writeFieldName(N_ENVELOPE);
      writeTree(envelopeFields);
    }
    CharSequence outcome = cap[OUTCOME];
    if (outcome != null && EcsFields.outcome(outcome).equals("unknown")) {
      gen.writeFieldName(N_OUTCOME);
      writeChars(outcome);
    }
    CharSequence severity = cap[SEVERITY];
    if (severity != null && EcsFields.severity(severity) == null) {
      gen.writeFieldName(N_SEVERITY);
      writeChars(severity);
    }
    CharSequence alch = cap[ALCH_ACCOUNT];
    if (alch != null && (account == null || !account.contentEquals(alch))) {
      gen.writeFieldName(N_ALCH_ACCOUNT_ID);
      writeChars(alch);
    }
    if (cap[REASON_CODE] != null && statusCode < 0) {
      gen.writeFieldName(N_REASON_CODE);
      writeChars(cap[REASON_CODE]);
    }
    if (badEventTime != null) {
      gen.writeFieldName(N_EVENT_TIME);
      writeChars(badEventTime);
    }
    if (badStored != null) {
      gen.writeFieldName(N_STORED_TIMESTAMP);
      writeChars(badStored);
    }
    gen.writeFieldName(N_DOWNLOAD);
    gen.writeStartObject();
    gen.writeFieldName(N_SESSION);
    gen.writeString(position.sessionId());
    gen.writeFieldName(N_RECORD);
    gen.writeNumber(position.recordNumber());
    gen.writeEndObject();
    if (identity.source().equals("sha256")) { // else _id is event_uuid or event.id, which the document holds
      gen.writeFieldName(N_ID_SOURCE);
      gen.writeString(identity.source());
    }
    gen.writeFieldName(N_SHAPE);
    gen.writeString(envelope ? "envelope" : stored ? "stored" : "cadf");
    long millisOfDay = Math.floorMod(millis, 86_400_000L);
    gen.writeFieldName(N_HOUR_OF_DAY);
    gen.writeNumber((int) (millisOfDay / 3_600_000L));
    // 1970-01-01 was a Thursday: index 3 counting from Monday
    gen.writeFieldName(N_DAY_OF_WEEK);
    gen.writeString(DAYS[(int) Math.floorMod(Math.floorDiv(millis, 86_400_000L) + 3, 7L)]);
  }

  private void writeTree(JsonNode node) throws IOException {
    try (JsonParser p = node.traverse()) {
      p.nextToken();
      gen.copyCurrentStructure(p);
    }
  }

  private void writeEcs(long millis, java.time.Instant stored, byte[] raw, int from, int to) throws IOException {
    EventTime.formatTo(time, millis);
    gen.writeFieldName(N_TIMESTAMP);
    gen.writeString(time, 0, 24);
    gen.writeFieldName(N_ECS);
    gen.writeStartObject();
    gen.writeFieldName(N_VERSION);
    gen.writeString(V_ECS_VERSION);
    gen.writeEndObject();
    writeEvent(stored, raw, from, to);
    writeText(N_MESSAGE, cap[MESSAGE]);
    if (tags != null && !tags.isEmpty()) {
      gen.writeFieldName(N_TAGS);
      gen.writeStartArray();
      for (String tag : tags) {
        gen.writeString(tag);
      }
      gen.writeEndArray();
    }
    CharSequence userId = cap[USER_ID];
    CharSequence userName = cap[USER_NAME];
    if (userId != null || userName != null) {
      gen.writeFieldName(N_USER);
      gen.writeStartObject();
      writeText(N_ID, userId);
      writeText(N_NAME, userName);
      writeText(N_EMAIL, EcsFields.looksLikeEmail(userName) ? userName
          : EcsFields.looksLikeEmail(userId) ? userId : null);
      gen.writeEndObject();
    }
    CharSequence sourceIp = address(N_SOURCE, cap[SRC_ADDR]);
    CharSequence destinationIp = address(N_DESTINATION, cap[DST_ADDR]);
    if (cap[AGENT] != null) {
      gen.writeFieldName(N_USER_AGENT);
      gen.writeStartObject();
      gen.writeFieldName(N_ORIGINAL);
      writeChars(cap[AGENT]);
      gen.writeEndObject();
    }
    if (statusCode >= 0) {
      gen.writeFieldName(N_HTTP);
      gen.writeStartObject();
      gen.writeFieldName(N_RESPONSE);
      gen.writeStartObject();
      gen.writeFieldName(N_STATUS_CODE);
      gen.writeNumber(statusCode);
      gen.writeEndObject();
      gen.writeEndObject();
    }
    if (cap[PATH] != null) {
      gen.writeFieldName(N_URL);
      gen.writeStartObject();
      gen.writeFieldName(N_PATH);
      writeChars(cap[PATH]);
      gen.writeEndObject();
    }
    writeCloud();
    writeRelated(sourceIp, destinationIp, userId, userName);
  }

  private void writeEvent(java.time.Instant stored, byte[] raw, int from, int to) throws IOException {
    gen.writeFieldName(N_EVENT);
    gen.writeStartObject();
    gen.writeFieldName(N_KIND);
    gen.writeString(V_EVENT);
    gen.writeFieldName(N_MODULE);
    gen.writeString(V_IBMCLOUD);
    gen.writeFieldName(N_DATASET);
    gen.writeString(V_DATASET);
    CharSequence action = cap[ACTION];
    ActionCategories c = categories(action);
    if (c.provider() != null) {
      gen.writeFieldName(N_PROVIDER);
      encoded.string(gen, c.provider());
    }
    writeText(N_ACTION, action);
    writeArray(N_CATEGORY, c.categories());
    writeArray(N_TYPE, c.types());
    if (cap[OUTCOME] != null) {
      gen.writeFieldName(N_OUTCOME);
      gen.writeString(EcsFields.outcome(cap[OUTCOME]));
    }
    Integer severity = EcsFields.severity(cap[SEVERITY]);
    if (severity != null) {
      gen.writeFieldName(N_SEVERITY);
      gen.writeNumber(severity);
    }
    writeText(N_REASON, cap[REASON_TYPE]);
    writeText(N_ID, envelope && cap[PAYLOAD_ID] != null ? cap[PAYLOAD_ID] : cap[ROOT_ID]);
    if (stored != null) {
      EventTime.formatTo(time, stored.toEpochMilli());
      gen.writeFieldName(N_CREATED);
      gen.writeString(time, 0, 24);
    }
    if (ingested != NO_TIME) {
      gen.writeFieldName(N_INGESTED);
      gen.writeString(ingested, 0, 24);
    }
    if (preserveOriginal) {
      gen.writeFieldName(N_ORIGINAL);
      gen.writeUTF8String(raw, from, to - from);
    }
    gen.writeEndObject();
  }

  /** The categories of an action, from a cache keyed by the action's characters (no String per record). */
  private ActionCategories categories(CharSequence action) {
    if (action == null) {
      return ActionCategories.of(null);
    }
    int hash = 0;
    for (int i = 0; i < action.length(); i++) {
      hash = 31 * hash + action.charAt(i);
    }
    int mask = actionKeys.length - 1;
    for (int i = hash & mask, probes = 0; probes < 8; i = (i + 1) & mask, probes++) {
      String key = actionKeys[i];
      if (key == null) {
        String text = action.toString();
        ActionCategories c = ActionCategories.of(text);
        actionKeys[i] = text;
        actionValues[i] = c;
        return c;
      }
      if (key.contentEquals(action)) {
        return actionValues[i];
      }
    }
    return ActionCategories.of(action.toString()); // a crowded neighbourhood: not cached
  }

  /** {@code <group>.ip} for an IP literal, else {@code <group>.address}; returns the IP or null. */
  private CharSequence address(SerializableString group, CharSequence address) throws IOException {
    if (address == null) {
      return null;
    }
    boolean ip = Ips.isIp(address);
    gen.writeFieldName(group);
    gen.writeStartObject();
    gen.writeFieldName(ip ? N_IP : N_ADDRESS);
    writeChars(address);
    gen.writeEndObject();
    return ip ? address : null;
  }

  /** The CRNs {@code cloud.*} is read from, and {@code cloud.account.id}, before the vendor fields end. */
  private void crns() {
    targetCrn = Crn.parse(cap[TARGET_ID], crnTokens);
    sourceCrn = targetCrn != null && targetCrn.region() != null && targetCrn.account() != null
        && targetCrn.service() != null ? null : Crn.parse(cap[LOG_CRN], crnTokens);
    account = Crn.first(targetCrn, sourceCrn, Crn::account);
  }

  private void writeCloud() throws IOException {
    gen.writeFieldName(N_CLOUD);
    gen.writeStartObject();
    gen.writeFieldName(N_PROVIDER);
    gen.writeString(V_IBM);
    writeText(N_REGION, Crn.first(targetCrn, sourceCrn, Crn::region));
    if (account != null) {
      gen.writeFieldName(N_ACCOUNT);
      gen.writeStartObject();
      gen.writeFieldName(N_ID);
      encoded.string(gen, account);
      gen.writeEndObject();
    }
    String service = Crn.first(targetCrn, sourceCrn, Crn::service);
    if (service != null) {
      gen.writeFieldName(N_SERVICE);
      gen.writeStartObject();
      gen.writeFieldName(N_NAME);
      encoded.string(gen, service);
      gen.writeEndObject();
    }
    gen.writeEndObject();
  }

  private void writeRelated(CharSequence sourceIp, CharSequence destinationIp, CharSequence userId,
      CharSequence userName) throws IOException {
    if (sourceIp == null && destinationIp == null && userId == null && userName == null) {
      return;
    }
    gen.writeFieldName(N_RELATED);
    gen.writeStartObject();
    if (sourceIp != null || destinationIp != null) {
      gen.writeFieldName(N_IP);
      gen.writeStartArray();
      writeDistinct(sourceIp, destinationIp);
      gen.writeEndArray();
    }
    if (userId != null || userName != null) {
      gen.writeFieldName(N_USER);
      gen.writeStartArray();
      writeDistinct(userId, userName);
      gen.writeEndArray();
    }
    gen.writeEndObject();
  }

  private void writeDistinct(CharSequence a, CharSequence b) throws IOException {
    if (a != null) {
      writeChars(a);
    }
    if (b != null && (a == null || CharSequence.compare(a, b) != 0)) {
      writeChars(b);
    }
  }

  private void writeArray(SerializableString name, String[] values) throws IOException {
    gen.writeFieldName(name);
    gen.writeStartArray();
    for (String v : values) {
      encoded.string(gen, v);
    }
    gen.writeEndArray();
  }

  private void writeText(SerializableString name, CharSequence value) throws IOException {
    if (value != null) {
      gen.writeFieldName(name);
      writeChars(value);
    }
  }

  /** The monthly index of the event; the name is kept while the events stay on one UTC day. */
  private String index(long millis) {
    long day = Math.floorDiv(millis, 86_400_000L);
    if (day != indexDay) {
      indexDay = day;
      index = destination.index(millis);
    }
    return index;
  }

  private JsonNode extraOf(String name) {
    return extra == null ? null : extra.get(name);
  }

  /** A value for a reason: its JSON text, cut; "missing" when absent. */
  private String describe(CharSequence text, String name) {
    JsonNode node = text != null ? NODES.textNode(text.toString()) : extraOf(name);
    if (node == null) {
      return "missing";
    }
    String s = node.toString();
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }

  private static DeadLetter dead(Position position, byte[] raw, int from, int to, String reason) {
    return new DeadLetter(position, STAGE, position + ": " + reason,
        new String(raw, from, to - from, StandardCharsets.UTF_8));
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().toString().toLowerCase(Locale.ROOT);
    };
  }
}
