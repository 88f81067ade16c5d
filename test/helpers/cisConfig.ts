/** A valid CIS scan configuration, and the `cisScanConfigurations` value of one with changes. */

/** A weekly level-1 CIS scan of every account's instances tagged CisBenchmark=level1. */
export const CIS_OK = {
  securityLevel: "LEVEL_1",
  schedule: { frequency: "WEEKLY", time: "02:00", timezone: "UTC", days: ["SUN"] },
  targetAccounts: ["ALL_ACCOUNTS"],
  targetResourceTags: { CisBenchmark: ["level1"] },
};

/** The raw `cisScanConfigurations` value: one scan `w`, {@link CIS_OK} with `patch` applied. */
export function cis(patch: Record<string, unknown>): string {
  return JSON.stringify({ w: { ...CIS_OK, ...patch } });
}
