package dev.atconnector.ingest.assets;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Which events of the simulator's {@code security} scenario (simulator/README.md) each detection rule must alert on,
 * by rule name: the triggers. Every other scenario event is a lookalike for it and must not match. Written from the
 * scenario's story, not from running the rules.
 */
final class ScenarioExpectations {
  /** The scenario's first day in the tests; day 2 (the attack) is {@link #DETECTION_DAY}. */
  static final LocalDate START = LocalDate.of(2019, 6, 8);
  static final LocalDate DETECTION_DAY = START.plusDays(2);
  /** new_terms rules are evaluated as if enabled at the start of day 2: days 0 and 1 are their history. */
  static final Instant EVALUATED_FROM = DETECTION_DAY.atStartOfDay().toInstant(ZoneOffset.UTC);

  private ScenarioExpectations() {}

  static final Map<String, Set<String>> MATCHES = Map.ofEntries(
      Map.entry("IBM Cloud API Key Created or Deleted", ids("sec-d2-john-apikey-create",
          "sec-d2-attacker-apikey-create", "sec-d2-attacker-apikey-delete")),
      Map.entry("IBM Cloud Service ID Created or Deleted", ids("sec-d2-john-serviceid-create",
          "sec-d2-attacker-serviceid-delete")),
      Map.entry("IBM Cloud IAM Access Policy Changed", ids("sec-d2-john-policy-update",
          "sec-d2-attacker-public-policy-create")),
      Map.entry("IBM Cloud Access Group or Membership Changed", ids("sec-d2-attacker-group-member-add",
          "sec-d2-priya-group-member-add")),
      Map.entry("IBM Cloud User Invited or Removed", ids("sec-d2-attacker-user-invite", "sec-d2-priya-user-remove")),
      Map.entry("IBM Cloud Login Failures in a Burst from One Source IP", numbered("sec-d2-spray-", 12)),
      Map.entry("IBM Cloud Activity Tracker Route or Target Deleted or Changed",
          ids("sec-d2-attacker-atracker-route-delete", "sec-d2-attacker-atracker-target-update")),
      Map.entry("IBM Cloud Object Storage Bucket Made Public", ids("sec-d2-attacker-bucket-public-read",
          "sec-d2-attacker-bucket-all-users-grant", "sec-d2-attacker-public-policy-create")),
      Map.entry("IBM Cloud Key Protect Key Deleted", ids("sec-d2-attacker-key-delete")),
      Map.entry("IBM Cloud Activity by a User from a New Source IP", ids("sec-d2-attacker-login",
          "sec-d2-priya-login-home")),
      Map.entry("IBM Cloud Account Settings Changed", ids("sec-d2-attacker-mfa-off",
          "sec-d2-priya-session-settings")),
      Map.entry("IBM Cloud Account MFA Disabled", ids("sec-d2-attacker-mfa-off")),
      Map.entry("IBM Cloud Service ID API Key Login from a Scripting Agent", ids("sec-d2-ci-login-curl")),
      Map.entry("IBM Cloud Mass Resource Deletion by One User", union(ids("sec-d2-attacker-key-delete"),
          numbered("sec-d2-attacker-wipe-", 9))));

  private static Set<String> ids(String... ids) {
    return new TreeSet<>(Set.of(ids));
  }

  private static Set<String> numbered(String prefix, int count) {
    Set<String> ids = new TreeSet<>();
    IntStream.rangeClosed(1, count).forEach(i -> ids.add(prefix + String.format(java.util.Locale.ROOT, "%02d", i)));
    return ids;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }
}
