/**
 * Which messages people get on the findings topic (issue 19 item 3), as the message attribute
 * every function's message carries:
 *
 * - `finding-group`: the notify function's one message per CVE and package per window, and
 *   `finding`, its one message per finding when the window is 0. This is how people hear of a
 *   finding that needs them.
 * - `remediation`: the triage function's message when remediation did or would do something to a
 *   resource (a dry-run, a failed automation, a blocked image and its owner).
 *
 * The triage function does not publish its routing-only decisions (notify, or a ticket with no
 * webhook): the notify function, fed by the same EventBridge rule, already tells people about
 * that finding, grouped. CloudWatch alarms on the topic (the KPI alarms) carry no attribute.
 * Subscribers who want one kind filter on the attribute (docs/notifications.md).
 */

/** The message attribute naming a message's type. */
export const MESSAGE_TYPE_ATTRIBUTE = "messageType";

/** The message types the functions publish. */
export const MESSAGE_TYPES = {
  finding: "finding",
  findingGroup: "finding-group",
  remediation: "remediation",
} as const;
