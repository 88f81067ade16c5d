/**
 * The one way every function writes an SNS message subject. The SNS Publish API reference
 * (Subject): "Subjects must be ASCII text that begins with a letter, number, or punctuation mark;
 * must not include line breaks or control characters; and must be less than 100 characters long."
 * SNS itself accepts exactly 100 and refuses 101 ("Invalid parameter: Subject"; getmoto/moto#1503,
 * where AWS Config's own notifications carry 100-character subjects), so 100 is the bound.
 */

/** Longest subject SNS accepts. */
export const SNS_SUBJECT_MAX_LENGTH = 100;

/**
 * `text` as an SNS subject: every character outside printable ASCII (a line break, a control
 * character, an accented letter) becomes "?", and a text over 100 characters keeps its first 97
 * and "...".
 */
export function snsSubject(text: string): string {
  const ascii = text.replace(/[^\x20-\x7e]/g, "?");
  return ascii.length <= SNS_SUBJECT_MAX_LENGTH
    ? ascii
    : `${ascii.slice(0, SNS_SUBJECT_MAX_LENGTH - 3)}...`;
}
