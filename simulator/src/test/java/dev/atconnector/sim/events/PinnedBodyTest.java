package dev.atconnector.sim.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins the exact uncompressed bytes of a few bodies and their expected-ids digest: speed work on the writers (e.g.
 * assembling strings as pre-escaped UTF-8 instead of escaping them char by char) must not change a single byte. The
 * digests were taken from the writers before that work; a deliberate content change has to update them.
 */
class PinnedBodyTest {
  @ParameterizedTest(name = "seed {0} account {1} {2} {3}")
  @CsvSource({
    "1, false, STORED, NDJSON, 0, be6dcb3e9ec6a9478b10295aae691327181afaeb017b7a978dba75912316ba35, "
        + "7d81db7c5b902b8beede47d94bf3a92304d2e87dd68072be7a5b909aca02e4e1",
    "1, false, CADF, NDJSON, 0, 9e61a17c5a36ffbf823ef1dafa16a61c110c9c029de8c27a5261363c23b7b10a, "
        + "b6cf86e1fdbbe911e29ed726988486d458b726a34c491d55c4ceeb0ce008be87",
    "1, false, ENVELOPE, NDJSON, 0, 03acdba71dfea50fd067b0f4be999cbd407b4a7a52b8101fa8a50958114d5757, "
        + "e64dcb693daca2e71187d9335a2919621c9a97c15a3a8c4a50bf2f6e26bed54f",
    "1, true, ENVELOPE, CONCATENATED, 0, 607d53cc656972a9e708a0586a54eb32e1bfac833123b59c3a04e2423bd7369b, "
        + "11ae13c9b9ced23f699f3710d466aa943db0e03fce937ff552ff96c1facf30be",
    "7, false, STORED, ARRAY, 33, 1ee9251495b647a41735a7f3aca39ea347703b4117f44e1884d4e7b634f794d0, "
        + "f16cfceb3bdcfcf9925ef32473415c4c4b2f3bb9fd86f900b251907173de6f37",
    "7, true, CADF, CONCATENATED, 33, 5e20035456d520405552239d58a7f3e04b84726460c52995649892c022e4423d, "
        + "33a4c7dee7ae61afe8aed0cecc66b819b16b342d42d2ab7f837bf1a914f3653d",
  })
  void bodiesAreByteForByteWhatTheyWere(long seed, boolean account, RecordShape shape, Framing framing,
      int malformedEvery, String bodySha256, String idsDigest) throws Exception {
    EventCatalog catalog = new EventCatalog(seed, 3000);
    DownloadSpec spec = new DownloadSpec(new Scope(Fixtures.SPACE_ID, account), LocalDate.of(2019, 5, 1),
        LocalDate.of(2019, 5, 2), OptionalInt.empty(), framing, shape, false, malformedEvery, false);

    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (Iterator<byte[]> records = catalog.framedRecords(spec); records.hasNext(); ) {
      sha.update(records.next());
    }

    assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(bodySha256);
    assertThat(catalog.expected(spec).digest()).isEqualTo(idsDigest);
  }
}
