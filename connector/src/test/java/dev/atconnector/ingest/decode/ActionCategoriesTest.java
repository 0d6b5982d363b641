package dev.atconnector.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every row of the action table of docs/fields.md: the first matching row gives the category, the verb the type. */
class ActionCategoriesTest {
  @ParameterizedTest(name = "{0} → {1} / {2}")
  @CsvSource(delimiter = '|', value = {
      // authentication: login, authenticate, *-login; logout
      "iam-identity.serviceid-apikey.login | authentication | start",
      "iam-identity.user.authenticate | authentication | start",
      "account.user.sso-login | authentication | start",
      "iam-identity.user.logout | authentication | end",
      // session: object type session or *-session (before iam)
      "iam-identity.session.delete | session | deletion",
      "containers-kubernetes.exec-session.create | session | creation",
      // iam: by service, and by object type; entity types user, group, admin; access verbs are info
      "iam-identity.apikey.create | iam | creation,user",
      "iam-am.policy.update | iam | change,admin",
      "iam-access-management.role.delete | iam | deletion,admin",
      "iam-groups.access-group.member.add | iam | creation,group",
      "user-management.user.invite | iam | creation,user",
      "iam-identity.serviceid.read | iam | info,user",
      "iam-identity.trusted-profile.list | iam | info",
      "kms.serviceid-apikey.rotate | iam | change,user",
      "containers-kubernetes.user.update | iam | change,user",
      "iam-identity.account-settings.update | iam | change",
      // configuration: *-acl, *-policy, *-cors, *-settings, settings, service atracker
      "cloud-object-storage.bucket-acl.update | configuration | change",
      "cloud-object-storage.bucket-policy.set | configuration | change",
      "cloud-object-storage.bucket-cors.delete | configuration | deletion",
      "is.instance-settings.update | configuration | change",
      "billing.settings.view | configuration | access",
      "atracker.route.create | configuration | creation",
      // file: service cloud-object-storage
      "cloud-object-storage.object.read | file | access",
      "cloud-object-storage.bucket.create | file | creation",
      // database
      "cloudantnosqldb.database.delete | database | deletion",
      "databases-for-postgresql.backup.restore | database | change",
      "dashdb-for-transactions.instance.reboot | database | change",
      "db2.instance.start | database | change",
      // network: service is, or object types
      "is.load-balancer.load-balancer.listener.create | network | creation",
      "containers-kubernetes.vpc.detach | network | deletion",
      "vpn.subnet.attach | network | creation",
      "securitygroups.security-group.modify | network | change",
      "cis.floating-ip.unbind | network | deletion",
      "dns.network-zone.list | network | access",
      "kms.application-load-balancer.get | network | access",
      // anything else: configuration; unknown verbs info
      "kms.secrets.wrap | configuration | access",
      "kms.secrets.unwrap | configuration | access",
      "containers-kubernetes.worker.create | configuration | creation",
      "pcloud.tenant.read | configuration | access",
      "databases-for-redis.instance.provision | database | creation",
      "kms.key.destroy | configuration | deletion",
      "x.y.frobnicate | configuration | info",
      "x.remove | configuration | deletion",
      "x.y.import | configuration | creation",
      "x.y.deprovision | configuration | deletion",
      "x.y.patch | configuration | change",
      "x.y.config | configuration | change",
      "x.y.enable | configuration | change",
      "x.y.disable | configuration | change",
      "x.y.restore | configuration | change",
      "x.y.reset | configuration | change",
      "x.y.assign | configuration | change",
      "x.y.unassign | configuration | change",
      "x.y.stop | configuration | change",
      "x.y.show | configuration | access",
      "x.y.download | configuration | access",
      "x.y.rewrap | configuration | access",
      "x.y.add | configuration | creation",
      "x.y.attach | configuration | creation",
      "x.y.bind | configuration | creation",
      "x.y.destroy | configuration | deletion",
      "x.y.unbind | configuration | deletion",
      "x.y.set | configuration | change",
      "noservice | configuration | info"})
  void everyRowOfTheTable(String action, String category, String types) {
    ActionCategories c = ActionCategories.of(action);
    assertThat(c.categories()).containsExactly(category);
    assertThat(c.types()).containsExactly(types.split(","));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"iam-identity.apikey.create | iam-identity", "a.b | a", "nodot | ", ".x.y | "})
  void theProviderIsTheServiceSegment(String action, String provider) {
    assertThat(ActionCategories.of(action).provider()).isEqualTo(provider);
  }
}
