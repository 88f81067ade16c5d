/**
 * An in-memory DynamoDB table behind a mocked client instance (aws-sdk-client-mock): GetItem,
 * PutItem, UpdateItem and DeleteItem (also as the document client's Get/Put/Update/Delete, through
 * the SDK's own marshalling) with the expression language the functions use (SET with
 * `if_not_exists`, ADD on numbers and string sets, REMOVE; conditions with `attribute_exists`,
 * `attribute_not_exists`, `contains`, `size`, comparisons, AND, OR, NOT, parentheses), return
 * values, `ReturnValuesOnConditionCheckFailure`, and DynamoDB's rejection of unused expression
 * names and values. Enough to test a function's state end to end, not a DynamoDB emulator.
 */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DeleteItemCommandInput,
  type DynamoDBClient,
  GetItemCommand,
  type GetItemCommandInput,
  PutItemCommand,
  type PutItemCommandInput,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  type DeleteCommandInput,
  type DynamoDBDocumentClient,
  GetCommand,
  type GetCommandInput,
  PutCommand,
  type PutCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { marshall, type NativeAttributeValue, unmarshall } from "@aws-sdk/util-dynamodb";
import type { AwsClientStub } from "aws-sdk-client-mock";

type Item = Record<string, AttributeValue>;
type Names = Record<string, string>;
type Values = Record<string, AttributeValue>;
/** A mocked DynamoDB client. */
export type DynamoMock = AwsClientStub<DynamoDBClient>;
/** A mocked DynamoDB document client (lib-dynamodb). */
export type DocumentMock = AwsClientStub<DynamoDBDocumentClient>;
type NativeRecord = Record<string, NativeAttributeValue>;

function clone<T>(value: T): T {
  return structuredClone(value);
}

function tokenize(text: string): string[] {
  const tokens = text.match(/<>|<=|>=|[()=<>,+]|[#:]?[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
  const rebuilt = tokens.join("");
  if (rebuilt !== text.replace(/\s+/g, "")) {
    throw new Error(`fake DynamoDB cannot read the expression: ${text}`);
  }
  return tokens;
}

function compare(a: AttributeValue | undefined, op: string, b: AttributeValue | undefined) {
  if (a === undefined || b === undefined) {
    return op === "<>";
  }
  const x = a.N !== undefined ? Number(a.N) : JSON.stringify(a);
  const y = b.N !== undefined ? Number(b.N) : JSON.stringify(b);
  switch (op) {
    case "=":
      return x === y;
    case "<>":
      return x !== y;
    case "<":
      return x < y;
    case "<=":
      return x <= y;
    case ">":
      return x > y;
    case ">=":
      return x >= y;
    default:
      throw new Error(`unknown comparator ${op}`);
  }
}

function sizeOf(value: AttributeValue | undefined): AttributeValue | undefined {
  if (value === undefined) {
    return undefined;
  }
  const length =
    value.S?.length ??
    value.SS?.length ??
    value.NS?.length ??
    value.L?.length ??
    (value.M === undefined ? undefined : Object.keys(value.M).length);
  return length === undefined ? undefined : { N: String(length) };
}

/** Evaluates a condition expression on an item (undefined: no item). */
class Condition {
  private pos = 0;
  private readonly tokens: string[];

  constructor(
    text: string,
    private readonly item: Item,
    private readonly names: Names,
    private readonly values: Values,
  ) {
    this.tokens = tokenize(text);
  }

  evaluate(): boolean {
    const result = this.or();
    if (this.pos !== this.tokens.length) {
      throw new Error(`unexpected ${this.tokens[this.pos]}`);
    }
    return result;
  }

  private next(): string {
    const token = this.tokens[this.pos++];
    if (token === undefined) {
      throw new Error("unexpected end of expression");
    }
    return token;
  }

  private expect(token: string) {
    const got = this.next();
    if (got !== token) {
      throw new Error(`expected ${token}, got ${got}`);
    }
  }

  private or(): boolean {
    let result = this.and();
    while (this.tokens[this.pos] === "OR") {
      this.pos++;
      const right = this.and();
      result = result || right;
    }
    return result;
  }

  private and(): boolean {
    let result = this.unary();
    while (this.tokens[this.pos] === "AND") {
      this.pos++;
      const right = this.unary();
      result = result && right;
    }
    return result;
  }

  private unary(): boolean {
    if (this.tokens[this.pos] === "NOT") {
      this.pos++;
      return !this.unary();
    }
    if (this.tokens[this.pos] === "(") {
      this.pos++;
      const result = this.or();
      this.expect(")");
      return result;
    }
    const token = this.next();
    if (token === "attribute_exists" || token === "attribute_not_exists") {
      this.expect("(");
      const exists = this.attribute(this.next()) !== undefined;
      this.expect(")");
      return token === "attribute_exists" ? exists : !exists;
    }
    if (token === "contains") {
      this.expect("(");
      const set = this.operand(this.next());
      this.expect(",");
      const member = this.operand(this.next());
      this.expect(")");
      const wanted = member?.S ?? member?.N;
      return (
        wanted !== undefined &&
        ((set?.SS ?? set?.NS)?.includes(wanted) === true || set?.S?.includes(wanted) === true)
      );
    }
    const left = token === "size" ? this.size() : this.operand(token);
    const op = this.next();
    const right = this.operand(this.next());
    return compare(left, op, right);
  }

  private size(): AttributeValue | undefined {
    this.expect("(");
    const value = this.attribute(this.next());
    this.expect(")");
    return sizeOf(value);
  }

  private attribute(token: string): AttributeValue | undefined {
    const name = token.startsWith("#") ? this.names[token] : token;
    if (name === undefined) {
      throw new Error(`undefined expression name ${token}`);
    }
    return this.item[name];
  }

  private operand(token: string): AttributeValue | undefined {
    if (token.startsWith(":")) {
      const value = this.values[token];
      if (value === undefined) {
        throw new Error(`undefined expression value ${token}`);
      }
      return value;
    }
    return this.attribute(token);
  }
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of text) {
    if (ch === "(") {
      depth++;
    } else if (ch === ")") {
      depth--;
    }
    if (ch === "," && depth === 0) {
      parts.push(current.trim());
      current = "";
    } else {
      current += ch;
    }
  }
  if (current.trim() !== "") {
    parts.push(current.trim());
  }
  return parts;
}

function applyUpdate(item: Item, expression: string, names: Names, values: Values): void {
  const name = (token: string) => {
    const resolved = token.startsWith("#") ? names[token] : token;
    if (resolved === undefined) {
      throw new Error(`undefined expression name ${token}`);
    }
    return resolved;
  };
  const value = (token: string): AttributeValue => {
    if (token.startsWith(":")) {
      const v = values[token];
      if (v === undefined) {
        throw new Error(`undefined expression value ${token}`);
      }
      return v;
    }
    const v = item[name(token)];
    if (v === undefined) {
      throw new Error(`ValidationException: ${token} is not set`);
    }
    return v;
  };
  // Every clause is read against the item as it was (DynamoDB evaluates them together).
  const before = clone(item);
  const clauses = expression.split(/\b(SET|ADD|REMOVE|DELETE)\b/).map((c) => c.trim());
  for (let i = 1; i < clauses.length; i += 2) {
    const keyword = clauses[i];
    for (const action of splitTopLevel(clauses[i + 1] ?? "")) {
      if (keyword === "SET") {
        const [path, rhs] = action.split("=").map((p) => p.trim());
        const ifNotExists = /^if_not_exists\(\s*(\S+)\s*,\s*(\S+)\s*\)$/.exec(rhs);
        if (ifNotExists !== null) {
          const existing = before[name(ifNotExists[1])];
          item[name(path)] = clone(existing ?? value(ifNotExists[2]));
        } else {
          item[name(path)] = clone(value(rhs));
        }
      } else if (keyword === "ADD") {
        const [path, operand] = action.split(/\s+/);
        const add = value(operand);
        const current = item[name(path)];
        if (add.N !== undefined) {
          item[name(path)] = { N: String(Number(current?.N ?? "0") + Number(add.N)) };
        } else if (add.SS !== undefined) {
          item[name(path)] = { SS: [...new Set([...(current?.SS ?? []), ...add.SS])] };
        } else {
          throw new Error(`fake DynamoDB cannot ADD ${JSON.stringify(add)}`);
        }
      } else if (keyword === "REMOVE") {
        delete item[name(action)];
      } else {
        throw new Error(`fake DynamoDB does not support ${keyword}`);
      }
    }
  }
}

function checkUsed(expressions: (string | undefined)[], names?: Names, values?: Values) {
  const used = new Set(expressions.flatMap((e) => (e === undefined ? [] : tokenizeLoose(e))));
  for (const key of [...Object.keys(names ?? {}), ...Object.keys(values ?? {})]) {
    if (!used.has(key)) {
      throw new Error(
        `ValidationException: Value provided in ExpressionAttributeNames/Values unused in expressions: ${key}`,
      );
    }
  }
}

function tokenizeLoose(text: string): string[] {
  return text.match(/[#:]?[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
}

/** One table. */
export class FakeDynamoTable {
  readonly items = new Map<string, Item>();
  private readonly failures: { command: string; error: Error }[] = [];

  constructor(
    readonly tableName: string,
    private readonly hashKey = "pk",
  ) {}

  /** Routes the mocked client's item commands to this table. */
  install(mock: DynamoMock): void {
    mock.on(GetItemCommand).callsFake((input: GetItemCommandInput) => this.get(input));
    mock.on(PutItemCommand).callsFake((input: PutItemCommandInput) => this.put(input));
    mock.on(UpdateItemCommand).callsFake((input: UpdateItemCommandInput) => this.update(input));
    mock.on(DeleteItemCommand).callsFake((input: DeleteItemCommandInput) => this.delete(input));
  }

  /**
   * Routes a mocked document client's Get/Put/Update/Delete to this table, marshalled with the
   * SDK's own util-dynamodb (as lib-dynamodb does), so the conditions are evaluated on the item.
   */
  installDocument(mock: DocumentMock): void {
    const native = (values: NativeRecord | undefined) =>
      values === undefined ? undefined : marshall(values, { removeUndefinedValues: true });
    const attributes = (item: Item | undefined) =>
      item === undefined ? undefined : unmarshall(item);
    mock.on(GetCommand).callsFake((input: GetCommandInput) => {
      const out = this.get({ ...input, Key: native(input.Key) });
      return { Item: attributes(out.Item) };
    });
    mock.on(PutCommand).callsFake((input: PutCommandInput) =>
      this.put({
        ...input,
        Item: native(input.Item),
        ExpressionAttributeValues: native(input.ExpressionAttributeValues),
      }),
    );
    mock.on(UpdateCommand).callsFake((input: UpdateCommandInput) => {
      const out = this.update({
        ...input,
        Key: native(input.Key),
        ExpressionAttributeValues: native(input.ExpressionAttributeValues),
      });
      return { Attributes: attributes(out.Attributes) };
    });
    mock.on(DeleteCommand).callsFake((input: DeleteCommandInput) =>
      this.delete({
        ...input,
        Key: native(input.Key),
        ExpressionAttributeValues: native(input.ExpressionAttributeValues),
      }),
    );
  }

  /** The next call of `command` fails with `error`. */
  failNext(command: "GetItem" | "PutItem" | "UpdateItem" | "DeleteItem", error: Error): void {
    this.failures.push({ command, error });
  }

  /** An item by key (a copy). */
  item(key: string): Item | undefined {
    const item = this.items.get(key);
    return item === undefined ? undefined : clone(item);
  }

  /** The keys with a prefix, sorted. */
  keys(prefix = ""): string[] {
    return [...this.items.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  private fail(command: string): void {
    const index = this.failures.findIndex((f) => f.command === command);
    if (index >= 0) {
      const [failure] = this.failures.splice(index, 1);
      throw failure.error;
    }
  }

  private keyOf(key: Item | undefined): string {
    const value = key?.[this.hashKey]?.S;
    if (value === undefined || Object.keys(key ?? {}).length !== 1) {
      throw new Error(`ValidationException: the key must be exactly ${this.hashKey} (S)`);
    }
    return value;
  }

  private checkTable(name: string | undefined): void {
    if (name !== this.tableName) {
      throw new Error(`ResourceNotFoundException: ${name}`);
    }
  }

  private get(input: GetItemCommandInput): { Item?: Item } {
    this.fail("GetItem");
    this.checkTable(input.TableName);
    checkUsed([input.ProjectionExpression], input.ExpressionAttributeNames);
    const item = this.items.get(this.keyOf(input.Key));
    if (item === undefined) {
      return {};
    }
    if (input.ProjectionExpression === undefined) {
      return { Item: clone(item) };
    }
    const names = input.ExpressionAttributeNames ?? {};
    const projected: Item = {};
    for (const token of input.ProjectionExpression.split(",").map((t) => t.trim())) {
      const name = token.startsWith("#") ? names[token] : token;
      if (name !== undefined && item[name] !== undefined) {
        projected[name] = clone(item[name]);
      }
    }
    return { Item: projected };
  }

  private put(input: PutItemCommandInput) {
    this.fail("PutItem");
    this.checkTable(input.TableName);
    const item = input.Item ?? {};
    const key = this.keyOf({ [this.hashKey]: item[this.hashKey] });
    checkUsed(
      [input.ConditionExpression],
      input.ExpressionAttributeNames,
      input.ExpressionAttributeValues,
    );
    const old = this.items.get(key);
    checkCondition(input, old);
    this.items.set(key, clone(item));
    return {};
  }

  private update(input: UpdateItemCommandInput): { Attributes?: Item } {
    this.fail("UpdateItem");
    this.checkTable(input.TableName);
    const key = this.keyOf(input.Key);
    const names = input.ExpressionAttributeNames ?? {};
    const values = input.ExpressionAttributeValues ?? {};
    checkUsed([input.UpdateExpression, input.ConditionExpression], names, values);
    const old = this.items.get(key);
    checkCondition(input, old);
    const item: Item = clone(old ?? { [this.hashKey]: { S: key } });
    applyUpdate(item, input.UpdateExpression ?? "", names, values);
    this.items.set(key, item);
    switch (input.ReturnValues) {
      case "ALL_NEW":
        return { Attributes: clone(item) };
      case "ALL_OLD":
        return old === undefined ? {} : { Attributes: clone(old) };
      default:
        return {};
    }
  }

  private delete(input: DeleteItemCommandInput) {
    this.fail("DeleteItem");
    this.checkTable(input.TableName);
    const key = this.keyOf(input.Key);
    checkUsed(
      [input.ConditionExpression],
      input.ExpressionAttributeNames,
      input.ExpressionAttributeValues,
    );
    const old = this.items.get(key);
    checkCondition(input, old);
    this.items.delete(key);
    return input.ReturnValues === "ALL_OLD" && old !== undefined ? { Attributes: clone(old) } : {};
  }
}

/** Throws DynamoDB's ConditionalCheckFailedException when the write's condition is false. */
function checkCondition(
  input: {
    ConditionExpression?: string;
    ExpressionAttributeNames?: Names;
    ExpressionAttributeValues?: Values;
    ReturnValuesOnConditionCheckFailure?: string;
  },
  old: Item | undefined,
): void {
  if (
    input.ConditionExpression !== undefined &&
    !new Condition(
      input.ConditionExpression,
      old ?? {},
      input.ExpressionAttributeNames ?? {},
      input.ExpressionAttributeValues ?? {},
    ).evaluate()
  ) {
    throw conditionFailed(old, input.ReturnValuesOnConditionCheckFailure);
  }
}

function conditionFailed(old: Item | undefined, returnValues: string | undefined) {
  return new ConditionalCheckFailedException({
    message: "The conditional request failed",
    $metadata: {},
    ...(returnValues === "ALL_OLD" && old !== undefined ? { Item: clone(old) } : {}),
  });
}
