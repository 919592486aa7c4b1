/**
 * Recursive-descent parser for the SOQL subset: SELECT fields, relationship paths, COUNT(), parent-to-child
 * subqueries, FROM, WHERE with AND/OR/NOT (mixing AND and OR needs parentheses, as in SOQL), =, !=, <, <=, >, >=, LIKE,
 * IN, NOT IN, NULL, date literals, ORDER BY with ASC/DESC and NULLS FIRST/LAST, LIMIT and OFFSET.
 */
import type { ComparisonOperator, Condition, FieldPath, Literal, OrderItem, Query, SelectItem } from "./ast";
import { soqlError, unexpectedToken } from "./errors";
import type { Token } from "./lexer";
import { tokenize } from "./lexer";

/** Date literals with no argument and those that take `:n`. */
const DATE_LITERALS = new Set([
  "YESTERDAY",
  "TODAY",
  "TOMORROW",
  "LAST_WEEK",
  "THIS_WEEK",
  "NEXT_WEEK",
  "LAST_MONTH",
  "THIS_MONTH",
  "NEXT_MONTH",
  "LAST_90_DAYS",
  "NEXT_90_DAYS",
  "THIS_YEAR",
  "LAST_YEAR",
  "NEXT_YEAR",
]);
const DATE_LITERALS_N = new Set(["LAST_N_DAYS", "NEXT_N_DAYS", "N_DAYS_AGO", "LAST_N_WEEKS", "NEXT_N_WEEKS", "LAST_N_MONTHS", "NEXT_N_MONTHS"]);

class Parser {
  private i = 0;

  constructor(
    private readonly soql: string,
    private readonly tokens: readonly Token[],
  ) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const t = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }

  private isKeyword(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === "ident" && t.text.toUpperCase() === word;
  }

  private isPunct(p: string): boolean {
    const t = this.peek();
    return t.kind === "punct" && t.text === p;
  }

  private fail(t: Token = this.peek()): never {
    throw unexpectedToken(this.soql, t.pos, t.text);
  }

  private expectKeyword(word: string): Token {
    if (!this.isKeyword(word)) this.fail();
    return this.next();
  }

  private expectPunct(p: string): Token {
    if (!this.isPunct(p)) this.fail();
    return this.next();
  }

  query(nested: boolean): Query {
    this.expectKeyword("SELECT");
    const select = this.selectList();
    this.expectKeyword("FROM");
    const fromToken = this.next();
    if (fromToken.kind !== "ident") this.fail(fromToken);
    let where: Condition | null = null;
    let orderBy: OrderItem[] = [];
    let limit: number | null = null;
    let offset: number | null = null;
    if (this.isKeyword("WHERE")) {
      this.next();
      where = this.condition();
    }
    if (this.isKeyword("ORDER")) {
      this.next();
      this.expectKeyword("BY");
      orderBy = this.orderList();
    }
    if (this.isKeyword("LIMIT")) {
      this.next();
      limit = this.nonNegativeInteger();
    }
    if (this.isKeyword("OFFSET")) {
      this.next();
      offset = this.nonNegativeInteger();
    }
    const end = this.peek();
    if (nested ? !(end.kind === "punct" && end.text === ")") : end.kind !== "eof") this.fail(end);
    return { select, from: { name: fromToken.text, pos: fromToken.pos }, where, orderBy, limit, offset };
  }

  private nonNegativeInteger(): number {
    const t = this.next();
    if (t.kind !== "number" || !Number.isInteger(t.value) || t.value < 0) this.fail(t);
    return t.value;
  }

  private selectList(): SelectItem[] {
    const items: SelectItem[] = [this.selectItem()];
    while (this.isPunct(",")) {
      this.next();
      items.push(this.selectItem());
    }
    return items;
  }

  private selectItem(): SelectItem {
    const t = this.peek();
    if (t.kind === "punct" && t.text === "(") {
      this.next();
      const query = this.query(true);
      this.expectPunct(")");
      return { kind: "subquery", query, pos: t.pos };
    }
    if (this.isKeyword("COUNT") && this.peek(1).kind === "punct" && this.peek(1).text === "(") {
      this.next();
      this.next();
      if (this.isPunct(")")) {
        this.next();
        return { kind: "count", pos: t.pos };
      }
      const path = this.path();
      this.expectPunct(")");
      return { kind: "countField", path, pos: t.pos };
    }
    return { kind: "field", path: this.path() };
  }

  private path(): FieldPath {
    const first = this.next();
    if (first.kind !== "ident") this.fail(first);
    const parts = [first.text];
    while (this.isPunct(".")) {
      this.next();
      const part = this.next();
      if (part.kind !== "ident") this.fail(part);
      parts.push(part.text);
    }
    return { parts, pos: first.pos };
  }

  /** A chain joined by one connective; AND and OR cannot be mixed without parentheses. */
  private condition(): Condition {
    const first = this.unary();
    if (!this.isKeyword("AND") && !this.isKeyword("OR")) return first;
    const connective = this.peek().text.toUpperCase();
    const operands = [first];
    while (this.isKeyword("AND") || this.isKeyword("OR")) {
      if (this.peek().text.toUpperCase() !== connective) this.fail();
      this.next();
      operands.push(this.unary());
    }
    return connective === "AND" ? { kind: "and", operands } : { kind: "or", operands };
  }

  private unary(): Condition {
    if (this.isKeyword("NOT")) {
      this.next();
      return { kind: "not", operand: this.unary() };
    }
    if (this.isPunct("(")) {
      this.next();
      const inner = this.condition();
      this.expectPunct(")");
      return inner;
    }
    return this.predicate();
  }

  private predicate(): Condition {
    const path = this.path();
    if (this.isKeyword("IN") || (this.isKeyword("NOT") && this.isKeyword("IN", 1))) {
      const negated = this.isKeyword("NOT");
      if (negated) this.next();
      this.next();
      this.expectPunct("(");
      if (this.isKeyword("SELECT")) throw soqlError("MALFORMED_QUERY", this.soql, this.peek().pos, "semi-join subselects are not supported by the simulator");
      const values = [this.literal()];
      while (this.isPunct(",")) {
        this.next();
        values.push(this.literal());
      }
      this.expectPunct(")");
      return { kind: "in", path, negated, values };
    }
    let op: ComparisonOperator;
    const t = this.next();
    if (t.kind === "op") op = t.text === "<>" ? "!=" : t.text;
    else if (t.kind === "ident" && t.text.toUpperCase() === "LIKE") op = "like";
    else this.fail(t);
    return { kind: "compare", path, op, value: this.literal() };
  }

  private literal(): Literal {
    const t = this.next();
    switch (t.kind) {
      case "string":
        return { kind: "string", value: t.value, pos: t.pos };
      case "number":
        return { kind: "number", value: t.value, pos: t.pos };
      case "date":
        return { kind: "date", value: t.value, pos: t.pos };
      case "datetime":
        return { kind: "datetime", value: t.value, pos: t.pos };
      case "ident": {
        const word = t.text.toUpperCase();
        if (word === "NULL") return { kind: "null", pos: t.pos };
        if (word === "TRUE" || word === "FALSE") return { kind: "boolean", value: word === "TRUE", pos: t.pos };
        if (DATE_LITERALS.has(word)) return { kind: "dateLiteral", name: word, n: null, pos: t.pos };
        if (DATE_LITERALS_N.has(word)) {
          this.expectPunct(":");
          const n = this.nonNegativeInteger();
          return { kind: "dateLiteral", name: word, n, pos: t.pos };
        }
        return this.fail(t);
      }
      default:
        return this.fail(t);
    }
  }

  private orderList(): OrderItem[] {
    const items: OrderItem[] = [];
    do {
      if (items.length > 0) this.next();
      const path = this.path();
      let descending = false;
      if (this.isKeyword("ASC") || this.isKeyword("DESC")) descending = this.next().text.toUpperCase() === "DESC";
      let nullsFirst = !descending;
      if (this.isKeyword("NULLS")) {
        this.next();
        if (this.isKeyword("FIRST")) nullsFirst = true;
        else if (this.isKeyword("LAST")) nullsFirst = false;
        else this.fail();
        this.next();
      }
      items.push({ path, descending, nullsFirst });
    } while (this.isPunct(","));
    return items;
  }
}

export function parseSoql(soql: string): Query {
  return new Parser(soql, tokenize(soql)).query(false);
}
