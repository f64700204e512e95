// The condition grammar's evaluator, shared by assertions (`??`) and polling (`@until`).
export * from './model';
export { type CheckedResponse, ResponseValues, readField, jsonPathSteps, type FoundValue } from './values';
export { evaluateCheck, holds, shownValue, valuesEqual, textOf, isJsonNumber, PatternCache, type CheckOutcome, type EvaluateOptions } from './evaluate';
export * from './assertions';
export { PreparedChecks } from './prepared';
export { cutActual } from './cut';
