/**
 * Whether a policy's Resource can name a resource of a given type: the ARN (with `*` and `?`
 * wildcards) against the type's ARN format from the Service Authorization Reference (its
 * `${...}` placeholders as `*`). Shared by the pack and the program's oracle tests.
 */

/**
 * Whether two glob patterns (`*` any run of characters, `?` one) can match a common string.
 * `log-group:NAME:*` then meets the `log-stream` format (`log-group:*:log-stream:*`), and
 * `automation-definition/NAME:*` meets neither `document/*` nor `automation-execution/*`.
 */
export function globsIntersect(p: string, q: string): boolean {
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (q.length + 1) + j;
    const cached = memo.get(key);
    if (cached !== undefined) {
      return cached;
    }
    let result: boolean;
    if (i === p.length && j === q.length) {
      result = true;
    } else if (p[i] === "*") {
      result = go(i + 1, j) || (j < q.length && go(i, j + 1));
    } else if (q[j] === "*") {
      result = go(i, j + 1) || (i < p.length && go(i + 1, j));
    } else if (i < p.length && j < q.length && (p[i] === q[j] || p[i] === "?" || q[j] === "?")) {
      result = go(i + 1, j + 1);
    } else {
      result = false;
    }
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/** An ARN's five fixed fields and its resource part (which may hold colons). */
function arnFields(arn: string): string[] {
  const parts = arn.split(":");
  return [...parts.slice(0, 5), parts.slice(5).join(":")];
}

/**
 * Whether a policy ARN can name a resource whose ARN format is given: field by field (partition,
 * service, Region and account never span a colon), the resource part as a glob. `"*"` names
 * every resource.
 */
export function arnIsOfFormat(arn: string, format: string): boolean {
  if (arn === "*") {
    return true;
  }
  const a = arnFields(arn);
  const f = arnFields(format.replace(/\$\{[^}]+\}/g, "*"));
  return a.length === f.length && a.every((field, i) => globsIntersect(field, f[i]));
}
