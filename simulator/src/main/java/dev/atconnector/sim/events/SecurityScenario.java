package dev.atconnector.sim.events;

import dev.atconnector.sim.events.ScenarioEvent.Who;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code security} scenario: a fixed set of events over three days that the detection rules of
 * {@code detection-rules/} must find, and lookalikes they must not (simulator/README.md lists every event and why).
 * Days 0 and 1 are a baseline (who logs in from where, with what); on day 2 an attacker uses John Smith's identity from
 * a new IP (203.0.113.45) and goes through the rules one by one, while Priya Raman does the ordinary work that looks
 * like it. Same events on every run: ids, times, contents.
 */
final class SecurityScenario {
  static final String NAME = "security";

  static final Who JOHN = new Who("IBMid-4100001ZZZ", "john.smith@example.com", "service/security/account/user",
      "user");
  static final Who PRIYA = new Who("IBMid-50000BX2DD", "priya.raman@example.in", "service/security/account/user",
      "user");
  static final Who CI = new Who("iam-ServiceId-5c2e6b1d-3f3c-4f0a-9a7e-2d7f1c9a6b21", "ci-pipeline",
      "service/security/account/serviceid", "apikey");

  static final String JOHN_IP = "9.20.30.40";
  static final String PRIYA_IP = "9.30.1.2";
  static final String PRIYA_HOME_IP = "9.30.99.1";
  static final String CI_IP = "169.55.10.20";
  static final String ATTACKER_IP = "203.0.113.45";
  static final String SPRAY_IP = "203.0.113.66";
  static final String UNDER_IP = "198.51.100.23";
  static final String SLOW_IP = "198.51.100.77";

  static final String CLI = "ibmcloud/0.18.1 (linux amd64)";
  static final String BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:67.0) Gecko/20100101 Firefox/67.0";
  static final String TERRAFORM = "Terraform/0.11.14 (+https://www.terraform.io) terraform-provider-ibm/0.17.1";
  static final String SCRIPT = "python-requests/2.22.0";
  static final String CURL = "curl/7.64.1";

  private static final String PUBLIC_POLICY = "{\"type\":\"access\",\"subjects\":[{\"attributes\":[{\"name\":"
      + "\"access_group_id\",\"value\":\"AccessGroupId-PublicAccess\"}]}],\"roles\":[{\"role_id\":"
      + "\"crn:v1:bluemix:public:iam::::serviceRole:ObjectReader\"}],\"resources\":[{\"attributes\":[{\"name\":"
      + "\"serviceName\",\"value\":\"cloud-object-storage\"},{\"name\":\"resourceType\",\"value\":\"bucket\"},"
      + "{\"name\":\"resource\",\"value\":\"payments-exports\"}]}]}";
  private static final String TEAM_POLICY = "{\"type\":\"access\",\"subjects\":[{\"attributes\":[{\"name\":"
      + "\"access_group_id\",\"value\":\"AccessGroupId-4f1c2a9e-ops\"}]}],\"roles\":[{\"role_id\":"
      + "\"crn:v1:bluemix:public:iam::::role:Viewer\"}],\"resources\":[{\"attributes\":[{\"name\":\"serviceName\","
      + "\"value\":\"containers-kubernetes\"}]}]}";
  private static final String ALL_USERS_GRANT = "{\"grants\":[{\"grantee\":{\"type\":\"Group\",\"uri\":"
      + "\"http://acs.amazonaws.com/groups/global/AllUsers\"},\"permission\":\"READ\"}]}";

  private SecurityScenario() {}

  /** Every event: the account's, then the space's, each by day and time. */
  static List<ScenarioEvent> events() {
    List<ScenarioEvent> e = new ArrayList<>();
    account(e);
    loginFailures(e);
    space(e);
    e.sort(Comparator.comparing((ScenarioEvent x) -> !x.accountLevel()).thenComparingInt(ScenarioEvent::day)
        .thenComparingInt(ScenarioEvent::secondOfDay));
    return List.copyOf(e);
  }

  private static void account(List<ScenarioEvent> e) {
    // days 0 and 1: the baseline of who acts from where
    e.add(ok("sec-d0-john-login", 0, "09:00:00", "iam-identity.user-apikey.login", JOHN, JOHN_IP, CLI, "john-key"));
    e.add(ok("sec-d0-priya-login", 0, "09:05:00", "iam-identity.user-apikey.login", PRIYA, PRIYA_IP, BROWSER,
        "priya-key"));
    e.add(ok("sec-d0-ci-login", 0, "09:10:00", "iam-identity.serviceid-apikey.login", CI, CI_IP, TERRAFORM,
        "ci-key"));
    e.add(ok("sec-d0-john-policy-read", 0, "09:20:00", "iam-am.policy.read", JOHN, JOHN_IP, CLI, "policy-ops"));
    e.add(ok("sec-d1-john-login", 1, "09:00:00", "iam-identity.user-apikey.login", JOHN, JOHN_IP, CLI, "john-key"));
    e.add(ok("sec-d1-priya-login", 1, "09:02:00", "iam-identity.user-apikey.login", PRIYA, PRIYA_IP, BROWSER,
        "priya-key"));
    e.add(ok("sec-d1-john-apikey-read", 1, "09:10:00", "iam-identity.apikey.read", JOHN, JOHN_IP, CLI,
        "john-key"));
    e.add(ok("sec-d1-priya-user-list", 1, "09:15:00", "user-management.user.list", PRIYA, PRIYA_IP, BROWSER,
        "users"));
    e.add(ok("sec-d1-ci-login", 1, "09:20:00", "iam-identity.serviceid-apikey.login", CI, CI_IP, TERRAFORM,
        "ci-key"));
    // day 2, ordinary work (some of it is what a rule reports: its documented false positives)
    e.add(ok("sec-d2-priya-login-home", 2, "07:00:00", "iam-identity.user-apikey.login", PRIYA, PRIYA_HOME_IP,
        BROWSER, "priya-key"));
    e.add(ok("sec-d2-john-login", 2, "08:00:00", "iam-identity.user-apikey.login", JOHN, JOHN_IP, CLI, "john-key"));
    e.add(ok("sec-d2-priya-login", 2, "08:05:00", "iam-identity.user-apikey.login", PRIYA, PRIYA_IP, BROWSER,
        "priya-key"));
    e.add(ok("sec-d2-john-apikey-create", 2, "08:30:00", "iam-identity.apikey.create", JOHN, JOHN_IP, CLI,
        "deploy-key"));
    e.add(failed("sec-d2-priya-apikey-create-denied", 2, "08:35:00", "iam-identity.apikey.create", 403, PRIYA,
        PRIYA_IP, BROWSER, "priya-key-2", null));
    e.add(ok("sec-d2-john-serviceid-create", 2, "08:40:00", "iam-identity.serviceid.create", JOHN, JOHN_IP, CLI,
        "backup-job"));
    e.add(ok("sec-d2-john-serviceid-update", 2, "08:45:00", "iam-identity.serviceid.update", JOHN, JOHN_IP, CLI,
        "backup-job"));
    e.add(ok("sec-d2-priya-policy-read", 2, "08:50:00", "iam-am.policy.read", PRIYA, PRIYA_IP, BROWSER,
        "policy-ops"));
    e.add(failed("sec-d2-priya-policy-update-denied", 2, "08:55:00", "iam-am.policy.update", 403, PRIYA, PRIYA_IP,
        BROWSER, "policy-ops", TEAM_POLICY));
    e.add(ok("sec-d2-john-policy-update", 2, "09:00:00", "iam-am.policy.update", JOHN, JOHN_IP, CLI, "policy-ops",
        TEAM_POLICY));
    e.add(ok("sec-d2-priya-group-read", 2, "09:05:00", "iam-groups.group.read", PRIYA, PRIYA_IP, BROWSER,
        "Administrators"));
    e.add(ok("sec-d2-priya-user-list", 2, "09:10:00", "user-management.user.list", PRIYA, PRIYA_IP, BROWSER,
        "users"));
    e.add(ok("sec-d2-john-settings-read", 2, "09:15:00", "iam-identity.account-settings.read", JOHN, JOHN_IP, CLI,
        "account-settings"));
    e.add(ok("sec-d2-priya-user-settings-update", 2, "09:20:00", "user-management.user-settings.update", PRIYA,
        PRIYA_IP, BROWSER, "priya-settings", "{\"language\":\"en\"}"));
    e.add(ok("sec-d2-ci-login", 2, "09:25:00", "iam-identity.serviceid-apikey.login", CI, CI_IP, TERRAFORM,
        "ci-key"));
    e.add(failed("sec-d2-ci-login-curl-denied", 2, "09:30:00", "iam-identity.serviceid-apikey.login", 401, CI, CI_IP,
        CURL, "ci-key", null));
    // day 2, the attacker: John's identity from a new IP and a script
    Who a = JOHN;
    String ip = ATTACKER_IP;
    e.add(ok("sec-d2-attacker-login", 2, "15:00:00", "iam-identity.user-apikey.login", a, ip, SCRIPT, "john-key"));
    e.add(ok("sec-d2-attacker-apikey-create", 2, "15:02:00", "iam-identity.apikey.create", a, ip, SCRIPT,
        "backdoor-key"));
    e.add(ok("sec-d2-attacker-group-member-add", 2, "15:04:00", "iam-groups.member.add", a, ip, SCRIPT,
        "Administrators", "{\"members\":[{\"iam_id\":\"IBMid-66000111AA\",\"type\":\"user\"}]}"));
    e.add(ok("sec-d2-attacker-public-policy-create", 2, "15:06:00", "iam-am.policy.create", a, ip, SCRIPT,
        "policy-public-exports", PUBLIC_POLICY));
    e.add(ok("sec-d2-attacker-user-invite", 2, "15:08:00", "user-management.user.invite", a, ip, SCRIPT,
        "mallory@example.net"));
    e.add(ok("sec-d2-attacker-atracker-route-delete", 2, "15:10:00", "atracker.route.delete", a, ip, SCRIPT,
        "route-to-cos"));
    e.add(ok("sec-d2-attacker-atracker-target-update", 2, "15:11:00", "atracker.target.update", a, ip, SCRIPT,
        "target-cos", "{\"cos_endpoint\":{\"bucket\":\"attacker-sink\",\"endpoint\":"
            + "\"s3.private.us-south.cloud-object-storage.appdomain.cloud\"}}"));
    e.add(ok("sec-d2-attacker-mfa-off", 2, "15:12:00", "iam-identity.account-settings.update", a, ip, SCRIPT,
        "account-settings", "{\"mfa\":\"NONE\",\"restrict_create_service_id\":\"NOT_RESTRICTED\"}"));
    e.add(ok("sec-d2-attacker-serviceid-delete", 2, "15:14:00", "iam-identity.serviceid.delete", a, ip, SCRIPT,
        "backup-job"));
    e.add(ok("sec-d2-attacker-apikey-delete", 2, "15:16:00", "iam-identity.apikey.delete", a, ip, SCRIPT,
        "deploy-key"));
    // day 2, more ordinary work after it
    e.add(ok("sec-d2-priya-atracker-target-create", 2, "16:00:00", "atracker.target.create", PRIYA, PRIYA_IP,
        BROWSER, "target-logdna"));
    e.add(ok("sec-d2-priya-atracker-route-list", 2, "16:02:00", "atracker.route.list", PRIYA, PRIYA_IP, BROWSER,
        "routes"));
    e.add(ok("sec-d2-priya-session-settings", 2, "16:04:00", "iam-identity.account-settings.update", PRIYA,
        PRIYA_IP, BROWSER, "account-settings", "{\"session_expiration_in_seconds\":\"86400\"}"));
    e.add(ok("sec-d2-priya-user-remove", 2, "16:06:00", "user-management.user.remove", PRIYA, PRIYA_IP, BROWSER,
        "leaver@example.com"));
    e.add(ok("sec-d2-priya-group-member-add", 2, "16:08:00", "iam-am.access-group-member.add", PRIYA, PRIYA_IP,
        BROWSER, "Auditors"));
    e.add(ok("sec-d2-ci-login-curl", 2, "17:00:00", "iam-identity.serviceid-apikey.login", CI, CI_IP, CURL,
        "ci-key"));
  }

  /**
   * Failed logins on day 2: 12 within 5.5 minutes from one IP against two users (a spray), 9 within 6 minutes from
   * another (under the threshold of 10), and 12 from a third spread over three hours (never 10 in 10 minutes).
   */
  private static void loginFailures(List<ScenarioEvent> e) {
    for (int i = 0; i < 12; i++) {
      e.add(failed(String.format(java.util.Locale.ROOT, "sec-d2-spray-%02d", i + 1), 2, 10 * 3600 + 60 + i * 30,
          "iam-identity.user-apikey.login", 401, i % 2 == 0 ? JOHN : PRIYA, SPRAY_IP, SCRIPT,
          i % 2 == 0 ? "john-key" : "priya-key"));
    }
    for (int i = 0; i < 9; i++) {
      e.add(failed(String.format(java.util.Locale.ROOT, "sec-d2-under-%02d", i + 1), 2, 11 * 3600 + i * 40,
          "iam-identity.user-apikey.login", 401, PRIYA, UNDER_IP, BROWSER, "priya-key"));
    }
    for (int i = 0; i < 12; i++) {
      e.add(failed(String.format(java.util.Locale.ROOT, "sec-d2-slow-%02d", i + 1), 2, 12 * 3600 + i * 900,
          "iam-identity.user-apikey.login", 401, JOHN, SLOW_IP, CURL, "john-key"));
    }
  }

  private static void space(List<ScenarioEvent> e) {
    e.add(space(ok("sec-d2-priya-bucket-private", 2, "09:00:00", "cloud-object-storage.bucket-acl.update", PRIYA,
        PRIYA_IP, BROWSER, "team-reports", "{\"acl\":\"private\"}")));
    e.add(space(ok("sec-d2-priya-bucket-cors", 2, "09:05:00", "cloud-object-storage.bucket-cors.update", PRIYA,
        PRIYA_IP, BROWSER, "team-reports", "{\"cors\":{\"allowed_origins\":[\"https://app.example.com\"]}}")));
    e.add(space(ok("sec-d2-priya-key-read", 2, "09:30:00", "kms.secrets.read", PRIYA, PRIYA_IP, BROWSER,
        "root-key-payments")));
    e.add(space(ok("sec-d2-priya-key-rotate", 2, "09:35:00", "kms.secrets.rotate", PRIYA, PRIYA_IP, BROWSER,
        "root-key-payments")));
    e.add(space(failed("sec-d2-priya-key-delete-denied", 2, "09:40:00", "kms.secrets.delete", 409, PRIYA, PRIYA_IP,
        BROWSER, "root-key-payments", null)));
    // Priya cleans up 6 resources in 5 minutes: under the mass-deletion threshold of 10
    String[] cleanup = {"containers-kubernetes.cluster.delete", "cloudantnosqldb.database.delete",
        "cloud-object-storage.bucket.delete"};
    for (int i = 0; i < 6; i++) {
      e.add(space(ok(String.format(java.util.Locale.ROOT, "sec-d2-priya-cleanup-%02d", i + 1), 2,
          10 * 3600 + i * 60, cleanup[i % 3], PRIYA, PRIYA_IP, BROWSER, "old-test-" + (i + 1), null)));
    }
    String ip = ATTACKER_IP;
    e.add(space(ok("sec-d2-attacker-bucket-public-read", 2, "15:20:00", "cloud-object-storage.bucket-acl.update",
        JOHN, ip, SCRIPT, "payments-exports", "{\"acl\":\"public-read\"}")));
    e.add(space(failed("sec-d2-attacker-bucket-public-denied", 2, "15:22:00",
        "cloud-object-storage.bucket-acl.update", 403, JOHN, ip, SCRIPT, "audit-archive",
        "{\"acl\":\"public-read-write\"}")));
    e.add(space(ok("sec-d2-attacker-bucket-all-users-grant", 2, "15:24:00", "cloud-object-storage.bucket-acl.update",
        JOHN, ip, SCRIPT, "customer-data", ALL_USERS_GRANT)));
    // the attacker's wipe: 10 successful deletions within 10 minutes (15:30-15:39)
    e.add(space(ok("sec-d2-attacker-key-delete", 2, "15:30:00", "kms.secrets.delete", JOHN, ip, SCRIPT,
        "root-key-payments")));
    for (int i = 0; i < 9; i++) {
      e.add(space(ok(String.format(java.util.Locale.ROOT, "sec-d2-attacker-wipe-%02d", i + 1), 2,
          15 * 3600 + 30 * 60 + (i + 1) * 60, cleanup[i % 3], JOHN, ip, SCRIPT, "prod-" + (i + 1), null)));
    }
  }

  private static ScenarioEvent ok(String id, int day, String time, String action, Who who, String ip, String agent,
      String target) {
    return ok(id, day, time, action, who, ip, agent, target, null);
  }

  private static ScenarioEvent ok(String id, int day, String time, String action, Who who, String ip, String agent,
      String target, String requestData) {
    return ok(id, day, seconds(time), action, who, ip, agent, target, requestData);
  }

  private static ScenarioEvent ok(String id, int day, int second, String action, Who who, String ip, String agent,
      String target, String requestData) {
    return new ScenarioEvent(id, true, day, second, action, "success", successCode(action), who, ip, agent, target,
        requestData);
  }

  private static ScenarioEvent failed(String id, int day, String time, String action, int code, Who who, String ip,
      String agent, String target, String requestData) {
    return new ScenarioEvent(id, true, day, seconds(time), action, "failure", code, who, ip, agent, target,
        requestData);
  }

  private static ScenarioEvent failed(String id, int day, int second, String action, int code, Who who, String ip,
      String agent, String target) {
    return new ScenarioEvent(id, true, day, second, action, "failure", code, who, ip, agent, target, null);
  }

  private static ScenarioEvent space(ScenarioEvent a) {
    return new ScenarioEvent(a.id(), false, a.day(), a.secondOfDay(), a.action(), a.outcome(), a.reasonCode(),
        a.who(), a.ip(), a.agent(), a.targetName(), a.requestData());
  }

  private static int successCode(String action) {
    String verb = action.substring(action.lastIndexOf('.') + 1);
    return switch (verb) {
      case "create", "invite", "add" -> 201;
      case "delete", "remove" -> 204;
      default -> 200;
    };
  }

  private static int seconds(String hhmmss) {
    String[] p = hhmmss.split(":");
    return Integer.parseInt(p[0]) * 3600 + Integer.parseInt(p[1]) * 60 + Integer.parseInt(p[2]);
  }
}
