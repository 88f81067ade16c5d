/** IAM policy documents as typed values, so tests assert statements exactly (STYLE.md rule 41). */

/** A string, or a CloudFormation `Fn::Sub` for values resolved in each member account. */
export type CfnString = string | { readonly "Fn::Sub": string };

/** A condition block: operator -> key -> value(s). */
export type PolicyCondition<V = string> = Readonly<
  Record<string, Readonly<Record<string, V | readonly V[]>>>
>;

/** One IAM statement. */
export interface PolicyStatement<R = string> {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: readonly string[];
  readonly Resource: R | readonly R[];
  readonly Condition?: PolicyCondition;
}

/** A trust statement (condition values may be `Fn::Sub` in a template). */
export interface TrustStatement<V = string> {
  readonly Sid: string;
  readonly Effect: "Allow";
  readonly Principal: Readonly<Record<string, string | readonly string[]>>;
  readonly Action: string | readonly string[];
  readonly Condition?: PolicyCondition<V>;
}

/** A statement of a resource-based policy: who, as well as what. */
export interface ResourcePolicyStatement extends PolicyStatement {
  readonly Principal: Readonly<Record<string, string | readonly string[]>>;
}

/** An IAM policy document. */
export interface PolicyDocument<S = PolicyStatement> {
  readonly Version: "2012-10-17";
  readonly Statement: readonly S[];
}
