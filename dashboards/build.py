#!/usr/bin/env python3
"""Writes dashboards/activity-tracker.ndjson: the Kibana 8.x saved objects of at-connector.

The NDJSON is the product (setup imports it, the tests check it); this script is only how it is written, so that
two dashboards of Lens panels stay readable as a list of panel specs. Edit the specs, then run:
    python3 dashboards/build.py
and commit both files. Field names follow the document of docs/fields.md (template version 3).
"""
import json
import os

DATA_VIEW_ID = "at-connector-data-view"
INDEX_PATTERN = "activity-tracker-20*"
CORE = "8.8.0"
AT = "ibmcloud.activity_tracker."
LOGINS = "event.category:authentication and event.outcome:failure"
CHANGES = "event.category:iam and event.type:(creation or deletion or change)"
OFF_HOURS = AT + "hour_of_day < 7 or " + AT + "hour_of_day >= 19 or " + AT + "day_of_week:(saturday or sunday)"


def date_histogram(field="@timestamp"):
    return {"label": field, "dataType": "date", "operationType": "date_histogram", "sourceField": field,
            "isBucketed": True, "scale": "interval",
            "params": {"interval": "auto", "includeEmptyRows": True, "dropPartials": False}}


def terms(field, size, label, order_by="metric", data_type="string"):
    order = ({"type": "alphabetical", "fallback": True} if order_by == "alphabetical"
             else {"type": "column", "columnId": "metric"})
    return {"label": label, "dataType": data_type, "operationType": "terms", "sourceField": field,
            "isBucketed": True, "scale": "ordinal", "customLabel": True,
            "params": {"size": size, "orderBy": order,
                       "orderDirection": "asc" if order_by == "alphabetical" else "desc",
                       "otherBucket": False, "missingBucket": False, "parentFormat": {"id": "terms"}}}


def count(label="Events"):
    return {"label": label, "dataType": "number", "operationType": "count", "isBucketed": False,
            "scale": "ratio", "sourceField": "___records___", "customLabel": True, "params": {"emptyAsNull": True}}


def unique_count(field, label):
    return {"label": label, "dataType": "number", "operationType": "unique_count", "sourceField": field,
            "isBucketed": False, "scale": "ratio", "customLabel": True, "params": {"emptyAsNull": True}}


def xy(series, x, split=None):
    layer = {"layerId": "layer", "layerType": "data", "seriesType": series, "xAccessor": x,
             "accessors": ["metric"], "position": "top", "showGridlines": False}
    if split:
        layer["splitAccessor"] = split
    return "lnsXY", {"legend": {"isVisible": True, "position": "right"}, "valueLabels": "hide",
                     "fittingFunction": "None", "preferredSeriesType": series, "layers": [layer]}


def table(column_ids):
    return "lnsDatatable", {"layerId": "layer", "layerType": "data",
                            "columns": [{"columnId": c, "isTransposed": False} for c in column_ids]}


def donut(group):
    return "lnsPie", {"shape": "donut", "layers": [{
        "layerId": "layer", "layerType": "data", "primaryGroups": [group], "metrics": ["metric"],
        "numberDisplay": "percent", "categoryDisplay": "default", "legendDisplay": "default",
        "nestedLegend": False}]}


def metric():
    return "lnsMetric", {"layerId": "layer", "layerType": "data", "metricAccessor": "metric"}


def lens(obj_id, title, description, columns, visualization, query=""):
    """columns: ordered (id, column) pairs; bucket columns first, in nesting order, then 'metric' columns."""
    vis_type, vis_state = visualization
    layer = {"columns": dict(columns), "columnOrder": [c for c, _ in columns], "incompleteColumns": {}}
    return {
        "type": "lens", "id": obj_id, "coreMigrationVersion": CORE, "typeMigrationVersion": "8.9.0",
        "attributes": {
            "title": title, "description": description, "visualizationType": vis_type,
            "state": {"datasourceStates": {"formBased": {"layers": {"layer": layer}}},
                      "visualization": vis_state, "query": {"query": query, "language": "kuery"},
                      "filters": [], "internalReferences": [], "adHocDataViews": {}}},
        "references": [{"type": "index-pattern", "id": DATA_VIEW_ID, "name": "indexpattern-datasource-layer-layer"}],
    }


def dashboard(obj_id, title, description, panels):
    """panels: (lens object, x, y, w, h)."""
    panel_json, refs = [], []
    for i, (obj, x, y, w, h) in enumerate(panels, start=1):
        idx = "p%d" % i
        panel_json.append({"type": "lens", "panelIndex": idx, "gridData": {"x": x, "y": y, "w": w, "h": h, "i": idx},
                           "embeddableConfig": {"enhancements": {}}, "panelRefName": "panel_" + idx})
        refs.append({"type": "lens", "id": obj["id"], "name": idx + ":panel_" + idx})
    return {
        "type": "dashboard", "id": obj_id, "coreMigrationVersion": CORE, "typeMigrationVersion": "8.9.0",
        "attributes": {
            "title": title, "description": description, "timeRestore": True, "timeFrom": "now-14d",
            "timeTo": "now", "refreshInterval": {"pause": False, "value": 60000},
            "optionsJSON": json.dumps({"useMargins": True, "syncColors": False, "syncCursor": True,
                                       "syncTooltips": False, "hidePanelTitles": False}),
            "panelsJSON": json.dumps(panel_json),
            "kibanaSavedObjectMeta": {"searchSourceJSON": json.dumps(
                {"query": {"query": "", "language": "kuery"}, "filter": []})}},
        "references": refs,
    }


def data_view():
    return {"type": "index-pattern", "id": DATA_VIEW_ID, "coreMigrationVersion": CORE,
            "typeMigrationVersion": "8.0.0", "references": [],
            "attributes": {"title": INDEX_PATTERN, "name": "Activity Tracker events", "timeFieldName": "@timestamp",
                           "allowNoIndex": True}}


def overview():
    by_outcome = lens("at-connector-overview-outcome", "Events over time by outcome",
                      "Every event, per time bucket, stacked by event.outcome (success, failure, unknown).",
                      [("time", date_histogram()), ("split", terms("event.outcome", 5, "Outcome")),
                       ("metric", count())], xy("bar_stacked", "time", "split"))
    actions = lens("at-connector-overview-actions", "Top actions", "The 10 most frequent event.action values.",
                   [("action", terms("event.action", 10, "Action")), ("metric", count())],
                   xy("bar_horizontal", "action"))
    initiators = lens("at-connector-overview-initiators", "Top initiators",
                      "Who acts most (user.name: people, service IDs), with how many actions they used.",
                      [("user", terms("user.name", 10, "Initiator")), ("metric", count()),
                       ("actions", unique_count("event.action", "Distinct actions"))],
                      table(["user", "metric", "actions"]))
    failures = lens("at-connector-overview-failures", "Failures by service",
                    "Failed events (event.outcome:failure) per IBM Cloud service (cloud.service.name).",
                    [("service", terms("cloud.service.name", 10, "Service")), ("metric", count("Failures"))],
                    xy("bar_horizontal", "service"), query="event.outcome:failure")
    ips = lens("at-connector-overview-source-ips", "Source IPs",
               "Where requests come from (source.ip). A table, not a map: the events carry no geo data.",
               [("ip", terms("source.ip", 20, "Source IP", data_type="ip")), ("metric", count()),
                ("users", unique_count("user.name", "Distinct initiators"))], table(["ip", "metric", "users"]))
    severity = lens("at-connector-overview-severity", "Severity",
                    "Share of events per event.severity (1 normal, 2 warning, 3 critical).",
                    [("severity", terms("event.severity", 3, "Severity", data_type="number")), ("metric", count())],
                    donut("severity"))
    categories = lens("at-connector-overview-categories", "Events by category",
                      "Share of events per ECS event.category (authentication, iam, configuration, network, ...),"
                      " derived from the action.",
                      [("category", terms("event.category", 10, "Category")), ("metric", count())],
                      donut("category"))
    providers = lens("at-connector-overview-providers", "Top services",
                     "The 10 IBM Cloud services (event.provider) with the most events, stacked by event.outcome.",
                     [("provider", terms("event.provider", 10, "Service")),
                      ("split", terms("event.outcome", 3, "Outcome")), ("metric", count())],
                     xy("bar_horizontal_stacked", "provider", "split"))
    panels = [(by_outcome, 0, 0, 48, 14), (actions, 0, 14, 24, 15), (initiators, 24, 14, 24, 15),
              (categories, 0, 29, 24, 15), (providers, 24, 29, 24, 15),
              (failures, 0, 44, 24, 15), (severity, 24, 44, 24, 15), (ips, 0, 59, 48, 15)]
    return [p[0] for p in panels] + [dashboard(
        "at-connector-overview", "Activity Tracker: overview",
        "All Activity Tracker events ingested by at-connector: volume, outcomes, actions, categories, initiators,"
        " services.",
        panels)]


def security():
    failed = lens("at-connector-security-failed-logins", "Failed logins",
                  "Authentication events (event.category:authentication: login, authenticate, *-login) that failed.",
                  [("metric", count("Failed logins"))], metric(), query=LOGINS)
    failed_time = lens("at-connector-security-failed-logins-time", "Failed logins over time",
                       "Failed logins per time bucket, by user.name.",
                       [("time", date_histogram()), ("split", terms("user.name", 5, "Initiator")),
                        ("metric", count("Failed logins"))], xy("bar_stacked", "time", "split"), query=LOGINS)
    failed_users = lens("at-connector-security-failed-logins-users", "Authentication failures by user",
                        "The 10 user.name values with the most failed authentications.",
                        [("user", terms("user.name", 10, "User")), ("metric", count("Failed logins"))],
                        xy("bar_horizontal", "user"), query=LOGINS)
    failed_who = lens("at-connector-security-failed-logins-who", "Failed logins by initiator and source IP",
                      "Who failed to log in, and from where.",
                      [("user", terms("user.name", 20, "Initiator")), ("ip", terms("source.ip", 5, "Source IP",
                                                                                       data_type="ip")),
                       ("metric", count("Failed logins"))], table(["user", "ip", "metric"]), query=LOGINS)
    changes = lens("at-connector-security-changes", "IAM changes",
                   "Identity and access changes (event.category:iam created, deleted or changed: API keys, service"
                   " IDs, users, policies, access groups): by action and initiator.",
                   [("action", terms("event.action", 10, "Action")), ("user", terms("user.name", 10, "Initiator")),
                    ("metric", count("Changes"))], table(["action", "user", "metric"]), query=CHANGES)
    changes_time = lens("at-connector-security-changes-time", "IAM changes over time",
                        "The same changes per time bucket, by action.",
                        [("time", date_histogram()), ("split", terms("event.action", 10, "Action")),
                         ("metric", count("Changes"))], xy("bar_stacked", "time", "split"), query=CHANGES)
    off_hours = lens("at-connector-security-off-hours", "Activity outside working hours (UTC)",
                     "Events before 07:00 or from 19:00 UTC (ibmcloud.activity_tracker.hour_of_day), or on a weekend"
                     " (ibmcloud.activity_tracker.day_of_week).",
                     [("hour", terms(AT + "hour_of_day", 24, "UTC hour", order_by="alphabetical",
                                     data_type="number")), ("metric", count())],
                     xy("bar_stacked", "hour"), query=OFF_HOURS)
    off_hours_who = lens("at-connector-security-off-hours-who", "Who acts outside working hours",
                         "Initiators and their actions outside working hours (UTC).",
                         [("user", terms("user.name", 10, "Initiator")), ("action", terms("event.action", 5, "Action")),
                          ("metric", count())], table(["user", "action", "metric"]), query=OFF_HOURS)
    panels = [(failed, 0, 0, 12, 10), (failed_time, 12, 0, 36, 10), (failed_users, 0, 10, 20, 14),
              (failed_who, 20, 10, 28, 14), (changes_time, 0, 24, 24, 15), (changes, 24, 24, 24, 15),
              (off_hours, 0, 39, 24, 15), (off_hours_who, 24, 39, 24, 15)]
    return [p[0] for p in panels] + [dashboard(
        "at-connector-security", "Activity Tracker: security",
        "Failed logins, IAM changes (API keys, service IDs, policies, access groups), and activity outside working"
        " hours (UTC).", panels)]


def main():
    objects = [data_view()] + overview() + security()
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "activity-tracker.ndjson")
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        for o in objects:
            f.write(json.dumps(o, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n")
    print("wrote %d saved objects to %s" % (len(objects), out))


if __name__ == "__main__":
    main()
