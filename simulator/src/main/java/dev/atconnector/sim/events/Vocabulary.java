package dev.atconnector.sim.events;

/**
 * The word lists events are drawn from: services and their actions (space-level and account-level ones differ), people,
 * agents and resource names. Non-ASCII text (accents, CJK, a 4-byte emoji) is deliberate: decoders must keep it intact.
 */
final class Vocabulary {
  private Vocabulary() {}

  /**
   * One service that reports to Activity Tracker.
   *
   * @param prefix the action prefix, e.g. {@code containers-kubernetes}
   * @param crnService the service name inside CRNs
   * @param apiHost the host the target API lives on
   * @param pathRoot the first segments of request paths
   * @param actions action suffixes {@code <resource type>.<verb>}
   */
  record Service(String prefix, String crnService, String apiHost, String pathRoot, String[] actions) {}

  static final Service[] SPACE_SERVICES = {
    new Service("containers-kubernetes", "containers-kubernetes", "containers.cloud.ibm.com", "/v1/clusters",
        new String[] {"cluster.create", "cluster.delete", "cluster.update", "cluster.config", "worker.create",
            "worker.reboot", "worker.delete", "cluster.list"}),
    new Service("cloud-object-storage", "cloud-object-storage", "s3.us-south.cloud-object-storage.appdomain.cloud",
        "/buckets", new String[] {"bucket.create", "bucket.delete", "bucket-acl.update", "bucket.list",
            "bucket-cors.update", "object.read"}),
    new Service("is.load-balancer", "is", "us-south.iaas.cloud.ibm.com", "/v1/load_balancers",
        new String[] {"load-balancer.create", "load-balancer.delete", "load-balancer.listener.create",
            "load-balancer.pool.update", "load-balancer.read"}),
    new Service("pcloud", "power-iaas", "power-iaas.cloud.ibm.com", "/pcloud/v1/cloud-instances",
        new String[] {"tenant.read", "pvm-instance.create", "pvm-instance.delete", "volume.attach",
            "pvm-instance.update"}),
    new Service("cloudantnosqldb", "cloudantnosqldb", "cloudant.cloud.ibm.com", "/db",
        new String[] {"database.create", "database.delete", "replication.create", "database.read"}),
    new Service("kms", "kms", "us-south.kms.cloud.ibm.com", "/api/v2/keys",
        new String[] {"secrets.create", "secrets.read", "secrets.delete", "secrets.wrap", "secrets.rotate"}),
  };

  static final Service[] ACCOUNT_SERVICES = {
    new Service("iam-identity", "iam-identity", "iam.cloud.ibm.com", "/v1/apikeys",
        new String[] {"user-apikey.login", "serviceid-apikey.login", "apikey.create", "apikey.delete",
            "serviceid.create", "serviceid.delete", "user-refreshtoken.login"}),
    new Service("iam-am", "iam-access-management", "iam.cloud.ibm.com", "/v1/policies",
        new String[] {"policy.create", "policy.update", "policy.delete", "access-group.create",
            "access-group-member.add"}),
    new Service("billing", "billing", "billing.cloud.ibm.com", "/v4/accounts",
        new String[] {"invoice.read", "usage.read", "account-payment.update", "subscription.update",
            "spending-notification.update"}),
    new Service("user-management", "user-management", "user-management.cloud.ibm.com", "/v2/accounts",
        new String[] {"user.invite", "user.remove", "user-settings.update", "user.list"}),
    new Service("resource-controller", "resource-controller", "resource-controller.cloud.ibm.com",
        "/v2/resource_instances", new String[] {"instance.create", "instance.delete", "instance.update",
            "key.create", "key.delete"}),
  };

  /** People: id, display name, e-mail. */
  static final String[][] USERS = {
    {"IBMid-270002ABCD", "José Álvarez", "jose.alvarez@example.com"},
    {"IBMid-310000K1QP", "Zoë Müller", "zoe.mueller@example.de"},
    {"IBMid-550003Z9RT", "田中 太郎", "taro.tanaka@example.jp"},
    {"IBMid-0600007HXN", "Łukasz Wróbel", "lukasz.wrobel@example.pl"},
    {"IBMid-120000PL3M", "Søren Kierkegård", "soren@example.dk"},
    {"IBMid-66000111AA", "Nguyễn Văn An", "an.nguyen@example.vn"},
    {"IBMid-270009QQQQ", "Ana Conceição", "ana.conceicao@example.br"},
    {"IBMid-50000BX2DD", "Priya Raman", "priya.raman@example.in"},
    {"IBMid-4100001ZZZ", "John Smith", "john.smith@example.com"},
    {"IBMid-3300009XYZ", "Chloé Dubois 🚀", "chloe.dubois@example.fr"},
  };

  static final String[] SERVICE_IDS = {
    "iam-ServiceId-5c2e6b1d-3f3c-4f0a-9a7e-2d7f1c9a6b21", "iam-ServiceId-0b7a4e8c-91d2-4c55-8e0e-7f3b2a1c9d44",
    "iam-ServiceId-e4d3c2b1-a0f9-4e8d-b7c6-5a4b3c2d1e0f",
  };

  static final String[] CLIENT_IDS = {"bx", "cf", "console", "terraform"};

  static final String[] AGENTS = {
    "curl/7.58.0", "curl/7.64.1", "python-requests/2.19.1", "python-requests/2.22.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_14_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/75.0.3770.100 "
        + "Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:67.0) Gecko/20100101 Firefox/67.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1.1 "
        + "Safari/605.1.15",
    "IBM Cloud CLI 0.16.1 / darwin", "ibmcloud/0.18.1 (linux amd64)", "PostmanRuntime/7.13.0", "Go-http-client/1.1",
    "Terraform/0.11.14 (+https://www.terraform.io) terraform-provider-ibm/0.17.1",
  };

  /** Resource names; about one in ten carries a 4-byte emoji, several are accented or CJK. */
  static final String[] RESOURCE_NAMES = {
    "prod-cluster", "données-prod", "本番クラスタ", "launch-🚀-2019", "backup-bücher", "staging", "analytics-eu",
    "データ-archive", "payments-api", "test-ñandú",
  };

  static final com.fasterxml.jackson.core.SerializableString[] RESOURCE_NAMES_S = Fields.all(RESOURCE_NAMES);

  static final String[] REGIONS = {"us-south", "eu-de", "eu-gb", "au-syd"};

  /** The legacy Bluemix region code of each of {@link #REGIONS}. */
  static final String[] LEGACY_REGIONS = {"ng", "eu-de", "eu-gb", "au-syd"};

  static final String[] LOGMET_CLUSTERS = {"topic3-elasticsearch_3", "topic1-elasticsearch_1", "topic2-elasticsearch_2"};

}
