/**
 * Salesforce's error vocabulary and its two wire shapes:
 *  - a failed REST request answers an HTTP error status with a JSON array of `{message, errorCode, fields?}`;
 *  - a failed record inside an sObject Collections response is `{success:false, errors:[{statusCode, message, fields}]}`
 *    under HTTP 200.
 */

export const ERROR_CODES = [
  "ALL_OR_NONE_OPERATION_ROLLED_BACK",
  "DUPLICATE_EXTERNAL_ID",
  "DUPLICATE_VALUE",
  "ENTITY_IS_DELETED",
  "EXCEEDED_ID_LIMIT",
  "FIELD_INTEGRITY_EXCEPTION",
  "INACTIVE_OWNER_OR_USER",
  "INVALID_AUTH_HEADER",
  "INVALID_CROSS_REFERENCE_KEY",
  "INVALID_EMAIL_ADDRESS",
  "INVALID_FIELD",
  "INVALID_FIELD_FOR_INSERT_UPDATE",
  "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
  "INVALID_QUERY_FILTER_OPERATOR",
  "INVALID_QUERY_LOCATOR",
  "INVALID_SESSION_ID",
  "INVALID_TYPE",
  "INVALID_TYPE_FOR_OPERATION",
  "JSON_PARSER_ERROR",
  "MALFORMED_ID",
  "MALFORMED_QUERY",
  "METHOD_NOT_ALLOWED",
  "MISSING_ARGUMENT",
  "NOT_FOUND",
  "REQUEST_LIMIT_EXCEEDED",
  "REQUIRED_FIELD_MISSING",
  "FIELD_CUSTOM_VALIDATION_EXCEPTION",
  "SERVER_UNAVAILABLE",
  "STRING_TOO_LONG",
  "UNABLE_TO_LOCK_ROW",
  "UNKNOWN_EXCEPTION",
  "UNSUPPORTED_MEDIA_TYPE",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One element of a REST error response body. */
export interface RestErrorItem {
  readonly message: string;
  readonly errorCode: ErrorCode;
  readonly fields?: readonly string[];
}

/** Why one record of a DML operation failed; rendered differently by single-record and collection resources. */
export interface RecordFailure {
  readonly code: ErrorCode;
  readonly message: string;
  readonly fields: readonly string[];
}

/** The shape of a failed record inside a collection response. */
export interface CollectionError {
  readonly statusCode: ErrorCode;
  readonly message: string;
  readonly fields: readonly string[];
}

/** A REST request that fails as a whole: thrown by handlers, rendered by the router. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errors: readonly RestErrorItem[],
  ) {
    super(errors.map((e) => `${e.errorCode}: ${e.message}`).join("; "));
  }

  static of(status: number, errorCode: ErrorCode, message: string, fields?: readonly string[]): ApiError {
    return new ApiError(status, [fields === undefined ? { message, errorCode } : { message, errorCode, fields }]);
  }

  /** A single-record resource reports its record's failure as a 400 carrying the fields. */
  static fromRecordFailure(failure: RecordFailure): ApiError {
    return ApiError.of(400, failure.code, failure.message, failure.fields);
  }
}

export function failure(code: ErrorCode, message: string, fields: readonly string[] = []): RecordFailure {
  return { code, message, fields };
}

export function toCollectionError(f: RecordFailure): CollectionError {
  return { statusCode: f.code, message: f.message, fields: f.fields };
}

// Messages Salesforce uses verbatim for errors that do not depend on the request.
export const SESSION_INVALID_MESSAGE = "Session expired or invalid";
export const RESOURCE_MISSING_MESSAGE = "The requested resource does not exist";
export const LOCK_MESSAGE = "unable to obtain exclusive access to this record";
export const ROLLED_BACK_MESSAGE =
  "Record rolled back because not all records were valid and the request was using AllOrNone header";
export const LIMIT_EXCEEDED_MESSAGE = "TotalRequests Limit exceeded.";

export const sessionInvalid = (): ApiError => ApiError.of(401, "INVALID_SESSION_ID", SESSION_INVALID_MESSAGE);
export const resourceMissing = (): ApiError => ApiError.of(404, "NOT_FOUND", RESOURCE_MISSING_MESSAGE);
export const jsonParserError = (detail: string): ApiError => ApiError.of(400, "JSON_PARSER_ERROR", detail);
