/** The SOQL subset the simulator understands, as parsed (names not yet checked against the schema). */

export interface FieldPath {
  /** `Owner.Name` → ["Owner", "Name"], as written. */
  readonly parts: readonly string[];
  readonly pos: number;
}

export type SelectItem =
  | { readonly kind: "field"; readonly path: FieldPath }
  /** `COUNT()`: only the number of rows. */
  | { readonly kind: "count"; readonly pos: number }
  /** `COUNT(field)`: an aggregate row with `expr0`. */
  | { readonly kind: "countField"; readonly path: FieldPath; readonly pos: number }
  /** A parent-to-child subquery, e.g. `(SELECT RelationId FROM TaskRelations)`. */
  | { readonly kind: "subquery"; readonly query: Query; readonly pos: number };

export type Literal =
  | { readonly kind: "string"; readonly value: string; readonly pos: number }
  | { readonly kind: "number"; readonly value: number; readonly pos: number }
  | { readonly kind: "boolean"; readonly value: boolean; readonly pos: number }
  | { readonly kind: "null"; readonly pos: number }
  | { readonly kind: "date"; readonly value: string; readonly pos: number }
  | { readonly kind: "datetime"; readonly value: number; readonly pos: number }
  /** TODAY, LAST_N_DAYS:7 and the like. */
  | { readonly kind: "dateLiteral"; readonly name: string; readonly n: number | null; readonly pos: number };

export type ComparisonOperator = "=" | "!=" | "<" | "<=" | ">" | ">=" | "like";

export type Condition =
  | { readonly kind: "and"; readonly operands: readonly Condition[] }
  | { readonly kind: "or"; readonly operands: readonly Condition[] }
  | { readonly kind: "not"; readonly operand: Condition }
  | { readonly kind: "compare"; readonly path: FieldPath; readonly op: ComparisonOperator; readonly value: Literal }
  | { readonly kind: "in"; readonly path: FieldPath; readonly negated: boolean; readonly values: readonly Literal[] };

export interface OrderItem {
  readonly path: FieldPath;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

export interface Query {
  readonly select: readonly SelectItem[];
  readonly from: { readonly name: string; readonly pos: number };
  readonly where: Condition | null;
  readonly orderBy: readonly OrderItem[];
  readonly limit: number | null;
  readonly offset: number | null;
}
