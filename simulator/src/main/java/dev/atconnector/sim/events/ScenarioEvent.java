package dev.atconnector.sim.events;

/**
 * One fixed event of a scenario ({@link SecurityScenario}): everything that varies between its events; the rest (CRN,
 * observer, reason type, message) follows from these and the scope, as in {@link CadfWriter}.
 *
 * @param id the stable id: CADF {@code id}, and {@code event_uuid} in the stored shape, so it is the document _id
 * @param accountLevel true for the account's events, false for the space's
 * @param day days after the scenario's first day (0, 1 or 2)
 * @param secondOfDay UTC second of that day
 * @param action the CADF action
 * @param outcome {@code success} or {@code failure}
 * @param reasonCode the HTTP status in {@code reason.reasonCode}
 * @param who the initiator
 * @param ip {@code initiator.host.address}
 * @param agent {@code initiator.host.agent}
 * @param targetName {@code target.name} (and the CRN's resource id)
 * @param requestData {@code requestData} as JSON object text, or null for none
 */
record ScenarioEvent(String id, boolean accountLevel, int day, int secondOfDay, String action, String outcome,
    int reasonCode, Who who, String ip, String agent, String targetName, String requestData) {

  /** An initiator: id, name, typeURI and credential type, as CADF has them. */
  record Who(String id, String name, String typeUri, String credential) {}

  int hour() {
    return secondOfDay / 3600;
  }

  int millisOfHour() {
    return secondOfDay % 3600 * 1000;
  }
}
