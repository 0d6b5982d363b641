#!/usr/bin/env python3
"""Writes detection-rules/ibmcloud-activity-tracker.ndjson: Elastic Security detection rules for IBM Cloud
Activity Tracker events as at-connector indexes them (docs/fields.md, template version 3).

The NDJSON is the product (setup imports it through POST /api/detection_engine/rules/_import, the tests run every
rule's query against a real Elasticsearch); this script is only how it is written, so that the rules stay readable as
a list. Edit the list, then run:
    python3 detection-rules/build.py
and commit both files. `python3 detection-rules/build.py --check` exits 1 when the NDJSON differs from what the list
gives (RulesFileTest runs it).

rule_id values are fixed UUIDs: never change one (Kibana matches imports on it), add a new one for a new rule, and
raise `version` when a rule changes.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "ibmcloud-activity-tracker.ndjson")

INDEX = ["logs-ibmcloud.activity_tracker-*", "activity-tracker-*"]
DATASET = "event.dataset:ibmcloud.activity_tracker"
AUTHOR = ["at-connector"]  # the project's name, as in README.md and the jars
# The rules' `license` field names the licence the repository is under. It has no LICENSE file (nor a <licenses> in
# pom.xml), so the rules claim none (Kibana's rule schema makes the field optional). Once a LICENSE file is added,
# put its licence's name here and run this script; RulesFileTest checks the two agree.
LICENSE = None
SETUP = ("Needs IBM Cloud Activity Tracker events indexed by at-connector (template version 3, ECS fields of "
         "docs/fields.md): `at-connector ingest` for space-level events (Object Storage, Key Protect) and "
         "`at-connector ingest --account` for account-level ones (IAM, user management, Activity Tracker, "
         "account settings). The rules look back on `event.ingested`, which the connector sets when it decodes an "
         "event, so events downloaded late are still looked at.")
BASE_TAGS = ["Domain: Cloud", "Data Source: IBM Cloud", "Data Source: IBM Cloud Activity Tracker",
             "Use Case: Threat Detection"]

# field -> type, for required_fields (the types of the v3 template, docs/fields.md)
FIELD_TYPES = {
    "event.dataset": "keyword", "event.action": "keyword", "event.provider": "keyword",
    "event.category": "keyword", "event.type": "keyword", "event.outcome": "keyword",
    "user.name": "keyword", "source.ip": "ip", "user_agent.original": "keyword",
    "ibmcloud.activity_tracker.request_data": "flattened",
}

TACTICS = {
    "initial-access": ("TA0001", "Initial Access"),
    "persistence": ("TA0003", "Persistence"),
    "privilege-escalation": ("TA0004", "Privilege Escalation"),
    "defense-evasion": ("TA0005", "Defense Evasion"),
    "credential-access": ("TA0006", "Credential Access"),
    "collection": ("TA0009", "Collection"),
    "impact": ("TA0040", "Impact"),
}

TECHNIQUES = {
    "T1078": "Valid Accounts", "T1078.004": "Cloud Accounts",
    "T1098": "Account Manipulation", "T1098.001": "Additional Cloud Credentials",
    "T1098.003": "Additional Cloud Roles",
    "T1110": "Brute Force", "T1110.003": "Password Spraying",
    "T1136": "Create Account", "T1136.003": "Cloud Account",
    "T1485": "Data Destruction",
    "T1530": "Data from Cloud Storage",
    "T1531": "Account Access Removal",
    "T1556": "Modify Authentication Process", "T1556.006": "Multi-Factor Authentication",
    "T1562": "Impair Defenses", "T1562.008": "Disable or Modify Cloud Logs",
}

IAM_DOCS = "https://cloud.ibm.com/docs/account?topic=account-at_events_iam"
AT_DOCS = "https://cloud.ibm.com/docs/atracker?topic=atracker-at_events"

# The rules. `threat`: (tactic, technique[, sub-technique]) triples; the first decides the rule's tactic tag order.
RULES = [
    dict(
        rule_id="661899f7-58ef-4053-82aa-09debc4f0689",
        name="IBM Cloud API Key Created or Deleted",
        triage="Whose key is it (`ibmcloud.activity_tracker.target.name`) and did its owner create or delete it? A key created right after a login from a new IP is the classic persistence step.",
        description="An IAM API key was created or deleted in the IBM Cloud account. A new API key is a lasting "
                    "credential that survives a password change; an attacker with a console or CLI session creates "
                    "one to keep access, and deletes keys to cover tracks or lock owners out.",
        false_positives=["Developers and automation create and rotate their own API keys routinely; a rotation is "
                         "a create followed by a delete. Exclude known automation by user.name once reviewed."],
        severity="medium", risk_score=47,
        query=f"{DATASET} and event.action:(iam-identity.apikey.create or iam-identity.apikey.delete) "
              "and event.outcome:success",
        threat=[("persistence", "T1098", "T1098.001")],
        references=[IAM_DOCS],
    ),
    dict(
        rule_id="dbfaa6eb-c151-43b5-a66b-750a3351a2e1",
        name="IBM Cloud Service ID Created or Deleted",
        triage="Was the service ID created by the usual pipeline identity, and does it have API keys and policies now?",
        description="An IAM service ID was created or deleted. Service IDs are non-human identities with their own "
                    "API keys and policies: a new one is a quiet way to keep access to the account, and deleting "
                    "one can break the workloads that use it.",
        false_positives=["Infrastructure-as-code pipelines (Terraform, Schematics) create and delete service IDs as "
                         "part of deployments."],
        severity="medium", risk_score=47,
        query=f"{DATASET} and event.action:(iam-identity.serviceid.create or iam-identity.serviceid.delete) "
              "and event.outcome:success",
        threat=[("persistence", "T1136", "T1136.003")],
        references=[IAM_DOCS],
    ),
    dict(
        rule_id="65f93fb0-439f-4378-a9b8-3d9515acf298",
        name="IBM Cloud IAM Access Policy Changed",
        triage="Which subject gained or lost which role on which resource (`request_data.subjects`, `roles`, `resources`)? Administrator or Manager roles on the account or IAM deserve a call to the actor.",
        description="An IAM access policy was created, updated or deleted: who may do what on which resource "
                    "changed. Granting a user, service ID or access group a new role is how privileges are "
                    "escalated in IBM Cloud.",
        false_positives=["Account administrators grant and revoke access as people join, move or leave; review "
                         "the policy in ibmcloud.activity_tracker.request_data (subjects, roles, resources)."],
        severity="medium", risk_score=47,
        query=f"{DATASET} and event.action:(iam-am.policy.create or iam-am.policy.update or iam-am.policy.delete) "
              "and event.outcome:success",
        threat=[("privilege-escalation", "T1098", "T1098.003"), ("persistence", "T1098", "T1098.003")],
        references=[IAM_DOCS],
    ),
    dict(
        rule_id="5211f311-c0ff-4857-9523-eca3387cccd8",
        name="IBM Cloud Access Group or Membership Changed",
        triage="Which group (`target.name`) and whose membership? Additions to Administrators or other privileged groups first.",
        description="An IAM access group, its members or its rules were created, changed or removed. Adding "
                    "oneself or a service ID to a powerful group (e.g. Administrators) grants every policy of the "
                    "group at once.",
        false_positives=["On- and off-boarding adds and removes members of access groups; dynamic rules of "
                         "federated accounts change membership too."],
        severity="medium", risk_score=47,
        query=f"{DATASET} and (event.provider:iam-groups or event.action:iam-am.access-group*) "
              "and event.type:(creation or deletion or change) and event.outcome:success",
        threat=[("privilege-escalation", "T1098", "T1098.003"), ("persistence", "T1098", "T1098.003")],
        references=[IAM_DOCS],
    ),
    dict(
        rule_id="61eb3bb8-54f6-47f6-a04d-9e94770da222",
        name="IBM Cloud User Invited or Removed",
        triage="Is the invited address known (`target.name`)? Was the removed user leaving, or a responder?",
        description="A user was invited to or removed from the IBM Cloud account. An invitation creates a new "
                    "identity in the account (persistence); a removal can lock out the people who would respond.",
        false_positives=["Joiners and leavers: compare with the HR or ticketing record of the invitation or "
                         "removal."],
        severity="low", risk_score=21,
        query=f"{DATASET} and event.action:(user-management.user.invite or user-management.user.remove) "
              "and event.outcome:success",
        threat=[("persistence", "T1136", "T1136.003"), ("impact", "T1531", None)],
        references=["https://cloud.ibm.com/docs/account?topic=account-at_events_acc_mgt"],
    ),
    dict(
        rule_id="e0ab274b-cf17-4b02-8a3a-c23d354c9a96",
        name="IBM Cloud Login Failures in a Burst from One Source IP",
        triage="Which identities were tried from that IP (`user.name`), and did any of them log in successfully from it afterwards?",
        description="At least 10 failed IBM Cloud logins (user or service ID API key, password, token) came from "
                    "one source IP within the rule's 10-minute window: password spraying or a brute-force "
                    "attempt against one or more identities.",
        false_positives=["A misconfigured script or CI job retrying with a revoked API key fails every few "
                         "seconds from its runner's IP; a shared egress NAT mixes many users' failures."],
        severity="medium", risk_score=47, rule_type="threshold",
        query=f"{DATASET} and event.category:authentication and event.outcome:failure",
        threshold={"field": ["source.ip"], "value": 10},
        rule_from="now-10m",
        threat=[("credential-access", "T1110", "T1110.003")],
        references=[IAM_DOCS],
    ),
    dict(
        rule_id="fc9e2509-9e96-46ae-ab7e-d0242490f750",
        name="IBM Cloud Activity Tracker Route or Target Deleted or Changed",
        triage="Which route or target, and where do the account's audit events go now (`request_data`)? Restore the route first: events not routed are not kept.",
        description="An Activity Tracker (atracker) route or target was deleted or changed. Routes and targets "
                    "decide where the account's audit events go: deleting a route or pointing a target at another "
                    "bucket stops or diverts the audit trail, a classic defense-evasion step.",
        false_positives=["Planned changes of the logging setup (a new Object Storage bucket, a region moved); "
                         "check the change against the platform team's change record."],
        severity="high", risk_score=73,
        query=f"{DATASET} and event.provider:atracker and event.type:(deletion or change) "
              "and event.outcome:success",
        threat=[("defense-evasion", "T1562", "T1562.008")],
        references=[AT_DOCS],
    ),
    dict(
        rule_id="0ce5ddd7-047a-4546-83fc-12fcdadd4f52",
        name="IBM Cloud Object Storage Bucket Made Public",
        triage="Which bucket (`target.name`), what grant (`request_data`), and was it meant to serve public content? If not, make it private again and check the bucket's access logs.",
        description="An Object Storage bucket was opened to the public: its ACL set to public-read, "
                    "public-read-write or authenticated-read, a grant to the AllUsers or AuthenticatedUsers group, "
                    "or an IAM policy for the Public Access group. Anyone on the Internet can then read the data.",
        false_positives=["Buckets that host public web content or downloads are public by design; exclude them by "
                         "ibmcloud.activity_tracker.target.name once reviewed."],
        severity="high", risk_score=73,
        query=f"{DATASET} and event.outcome:success and ("
              "(event.action:cloud-object-storage.bucket-acl.* and "
              "(ibmcloud.activity_tracker.request_data.acl:(public-read or public-read-write or authenticated-read) "
              "or ibmcloud.activity_tracker.request_data.grants.grantee.uri:"
              "(\"http://acs.amazonaws.com/groups/global/AllUsers\" or "
              "\"http://acs.amazonaws.com/groups/global/AuthenticatedUsers\"))) "
              "or (event.action:(iam-am.policy.create or iam-am.policy.update) and "
              "ibmcloud.activity_tracker.request_data.subjects.attributes.value:AccessGroupId-PublicAccess))",
        threat=[("collection", "T1530", None)],
        references=["https://cloud.ibm.com/docs/cloud-object-storage?topic=cloud-object-storage-iam-public-access",
                    "https://cloud.ibm.com/docs/cloud-object-storage?topic=cloud-object-storage-at-events"],
    ),
    dict(
        rule_id="51673067-6e58-4e05-aaab-588c64889ad0",
        name="IBM Cloud Key Protect Key Deleted",
        triage="Which key (`target.name`) and what did it protect? A deleted key may still be restorable for a limited time (Key Protect restore): act quickly.",
        description="A Key Protect key was deleted (kms.secrets.delete). Deleting a root key crypto-shreds every "
                    "resource it protects (Object Storage buckets, databases, volumes): the data becomes "
                    "unreadable, which makes key deletion a destructive, often irreversible act.",
        false_positives=["Decommissioning of test keys; keys deleted after a planned rotation (rotation itself is "
                         "kms.secrets.rotate and does not match)."],
        severity="high", risk_score=73,
        query=f"{DATASET} and event.action:kms.secrets.delete and event.outcome:success",
        threat=[("impact", "T1485", None)],
        references=["https://cloud.ibm.com/docs/key-protect?topic=key-protect-at-events"],
    ),
    dict(
        rule_id="c2fd7040-dfd1-4b0d-8ba1-1ebd9088ccfb",
        name="IBM Cloud Activity by a User from a New Source IP",
        triage="Does the user know the address (travel, VPN, new office)? What else was done from it?",
        description="A user (or service ID) acted successfully in IBM Cloud from a source IP not seen for that "
                    "user in the previous 7 days. Stolen API keys and session tokens are typically used from the "
                    "attacker's own infrastructure.",
        false_positives=["Travel, a new home connection, VPN or mobile networks, and CI runners with changing "
                         "addresses."],
        severity="low", risk_score=21, rule_type="new_terms",
        query=f"{DATASET} and event.outcome:success and user.name:* and source.ip:*",
        new_terms_fields=["user.name", "source.ip"], history_window_start="now-7d",
        threat=[("initial-access", "T1078", "T1078.004")],
        references=[IAM_DOCS],
    ),
    dict(
        rule_id="ee9bbff0-9381-4a91-9f35-c7ddddd76bdb",
        name="IBM Cloud Account Settings Changed",
        triage="Which setting changed to what (`request_data`): MFA, session lifetime, IP allow-list, API key creation?",
        description="IBM Cloud account-wide settings were changed (IAM account settings: MFA, session lifetime, "
                    "IP address restrictions, who may create API keys and service IDs). Loosening them weakens "
                    "every identity of the account at once.",
        false_positives=["Administrators tuning session lifetimes or IP allow-lists; review the new values in "
                         "ibmcloud.activity_tracker.request_data."],
        severity="medium", risk_score=47,
        query=f"{DATASET} and event.action:(iam-identity.account-settings.update or "
              "iam-identity.accountsettings.update or user-management.account-settings.update) "
              "and event.outcome:success",
        threat=[("defense-evasion", "T1562", None)],
        references=[IAM_DOCS],
    ),
    dict(
        rule_id="31463bc8-a442-4f28-a752-9c0da329dfd2",
        name="IBM Cloud Account MFA Disabled",
        triage="Who turned MFA off, from where, and was it agreed? Turn it back on unless an identity provider enforces MFA.",
        description="The IAM account settings were updated with MFA set to NONE: logins of the account's users no "
                    "longer need a second factor, so a stolen password alone is enough.",
        false_positives=["Rare and deliberate; an account moving to an identity provider that enforces MFA itself "
                         "may turn IBM Cloud's own MFA off."],
        severity="high", risk_score=73,
        query=f"{DATASET} and event.action:(iam-identity.account-settings.update or "
              "iam-identity.accountsettings.update) and event.outcome:success "
              "and ibmcloud.activity_tracker.request_data.mfa:NONE",
        threat=[("defense-evasion", "T1556", "T1556.006"), ("credential-access", "T1556", "T1556.006")],
        references=[IAM_DOCS, "https://cloud.ibm.com/docs/account?topic=account-enablemfa"],
    ),
    dict(
        rule_id="dcfe2f18-2411-45b6-a070-ae6012bccece",
        name="IBM Cloud Service ID API Key Login from a Scripting Agent",
        triage="Which service ID, and does any of its workloads use that tool? If not, its API key is probably leaked: rotate it.",
        description="A service ID logged in with its API key from a generic HTTP tool (curl, python-requests, "
                    "Postman, Go's default client, wget) instead of the tools it normally runs under (Terraform, "
                    "the ibmcloud CLI, SDKs). A leaked service ID key is often tried by hand first.",
        false_positives=["Workloads that call the IAM token endpoint with plain HTTP libraries; exclude their "
                         "service IDs by user.name once reviewed."],
        severity="medium", risk_score=47,
        query=f"{DATASET} and event.action:iam-identity.serviceid-apikey.login and event.outcome:success and "
              "user_agent.original:(curl* or python-requests* or PostmanRuntime* or Go-http-client* or Wget*)",
        threat=[("initial-access", "T1078", "T1078.004")],
        references=[IAM_DOCS],
    ),
    dict(
        rule_id="c08f8469-0e61-4e5a-9cce-3dda1f585bb2",
        name="IBM Cloud Mass Resource Deletion by One User",
        triage="What was deleted (`event.action`, `target.name`), by whom, and was a tear-down planned? Lock the identity first if not.",
        description="One user deleted at least 10 IBM Cloud resources (clusters, buckets, databases, keys, IAM "
                    "objects...) within the rule's 10-minute window: destruction of data or infrastructure, as in "
                    "a ransom or sabotage scenario.",
        false_positives=["Tear-down of test environments, and infrastructure-as-code destroying a stack; both are "
                         "usually done by known automation identities."],
        severity="high", risk_score=73, rule_type="threshold",
        query=f"{DATASET} and event.type:deletion and event.outcome:success",
        threshold={"field": ["user.name"], "value": 10},
        rule_from="now-10m",
        threat=[("impact", "T1485", None)],
        references=["https://attack.mitre.org/techniques/T1485/"],
    ),
]


def technique_ref(tid):
    return "https://attack.mitre.org/techniques/" + tid.replace(".", "/") + "/"


def threat(entries):
    by_tactic = {}
    for tactic, technique, sub in entries:
        tid, tname = TACTICS[tactic]
        t = by_tactic.setdefault(tid, {"framework": "MITRE ATT&CK",
                                       "tactic": {"id": tid, "name": tname,
                                                  "reference": "https://attack.mitre.org/tactics/" + tid + "/"},
                                       "technique": []})
        tech = {"id": technique, "name": TECHNIQUES[technique], "reference": technique_ref(technique)}
        if sub:
            tech["subtechnique"] = [{"id": sub, "name": TECHNIQUES[sub], "reference": technique_ref(sub)}]
        t["technique"].append(tech)
    return list(by_tactic.values())


def fields_of(spec):
    names = set(re.findall(r"([A-Za-z_@][\w.@-]*)\s*:", re.sub(r"\"[^\"]*\"", "\"\"", spec["query"])))
    names.update(spec.get("threshold", {}).get("field", []))
    names.update(spec.get("new_terms_fields", []))
    required = []
    for name in sorted(names):
        known = next((f for f in FIELD_TYPES if name == f or name.startswith(f + ".")), None)
        if known is None:
            raise SystemExit("build.py: rule %r uses field %r without a type in FIELD_TYPES" % (spec["name"], name))
        required.append({"name": known if FIELD_TYPES[known] == "flattened" else name, "type": FIELD_TYPES[known],
                         "ecs": not known.startswith("ibmcloud.")})
    unique = {r["name"]: r for r in required}
    return [unique[k] for k in sorted(unique)]


INVESTIGATION_FIELDS = ["user.name", "user.id", "source.ip", "user_agent.original", "event.action",
                        "event.outcome", "ibmcloud.activity_tracker.target.name", "cloud.account.id"]


def note(spec):
    """A short triage guide: the rule's own question first, then what every IBM Cloud alert needs checked."""
    return ("## Triage\n\n"
            "- " + spec["triage"] + "\n"
            "- Who: `user.name` / `user.id` (a person, or a service ID), from `source.ip` with "
            "`user_agent.original`. Is that address and tool usual for them (the new-source-IP rule says)?\n"
            "- What: `event.action` on `ibmcloud.activity_tracker.target.name` (the CRN is "
            "`ibmcloud.activity_tracker.target.id`), the request in `ibmcloud.activity_tracker.request_data`.\n"
            "- Around it: the same `user.name` and `source.ip` in the hour before and after (logins, API keys, "
            "policies, deletions) in the Activity Tracker security dashboard or Discover.\n\n"
            "## Response\n\n"
            "If it was not planned: disable or delete the credential used (the API key, or the user's sessions in "
            "IAM), undo the change, and review the account's IAM changes since the first event of that "
            "credential.\n")


def rule(spec):
    kind = spec.get("rule_type", "query")
    r = {
        "rule_id": spec["rule_id"],
        "name": spec["name"],
        "description": spec["description"],
        "type": kind,
        "language": "kuery",
        "query": spec["query"],
        "index": INDEX,
        "from": spec.get("rule_from", "now-9m"),
        "to": "now",
        "interval": "5m",
        "enabled": False,
        "severity": spec["severity"],
        "risk_score": spec["risk_score"],
        "timestamp_override": "event.ingested",
        "timestamp_override_fallback_disabled": False,
        "false_positives": spec["false_positives"],
        "threat": threat(spec["threat"]),
        "references": spec["references"],
        "tags": BASE_TAGS + ["Tactic: " + TACTICS[t][1] for t in dict.fromkeys(e[0] for e in spec["threat"])],
        "author": AUTHOR,
        **({"license": LICENSE} if LICENSE else {}),
        "version": spec.get("version", 1),
        "max_signals": 100,
        "required_fields": fields_of(spec),
        "setup": SETUP,
        "note": note(spec),
        "investigation_fields": {"field_names": INVESTIGATION_FIELDS},
    }
    if kind == "threshold":
        r["threshold"] = spec["threshold"]
    if kind == "new_terms":
        r["new_terms_fields"] = spec["new_terms_fields"]
        r["history_window_start"] = spec["history_window_start"]
    return r


def render():
    rules = [rule(s) for s in RULES]
    ids = [r["rule_id"] for r in rules]
    if len(set(ids)) != len(ids):
        raise SystemExit("build.py: duplicate rule_id")
    lines = [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in rules]
    lines.append(json.dumps({"exported_count": len(rules), "exported_rules_count": len(rules),
                             "missing_rules": [], "missing_rules_count": 0,
                             "exported_exception_list_count": 0, "exported_exception_list_item_count": 0,
                             "missing_exception_list_item_count": 0, "missing_exception_list_items": [],
                             "missing_exception_lists": [], "missing_exception_lists_count": 0,
                             "exported_action_connector_count": 0, "missing_action_connection_count": 0,
                             "missing_action_connections": [], "excluded_action_connection_count": 0,
                             "excluded_action_connections": []}, separators=(",", ":")))
    return "\n".join(lines) + "\n"


def main():
    text = render()
    if "--check" in sys.argv[1:]:
        with open(OUT, encoding="utf-8") as f:
            if f.read() != text:
                print("detection-rules/ibmcloud-activity-tracker.ndjson differs from build.py: run "
                      "python3 detection-rules/build.py and commit both", file=sys.stderr)
                sys.exit(1)
        return
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print("wrote %s (%d rules)" % (OUT, len(RULES)))


if __name__ == "__main__":
    main()
