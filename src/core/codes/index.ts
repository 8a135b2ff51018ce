// The error-code knowledge of the extension: catalogue, lookup, response decoding, support text and
// log recognition. Pure: usable from the extension, the sandbox and tests alike.
export * from './catalogue';
export * from './lookup';
export * from './decode';
export * from './decodedView';
export * from './support';
export * from './logCodes';
export { recogniseShape, type ResponseShape, type ResponseShapeKind } from './shape';
export { parseTimestamp, type Timestamp } from './timestamp';
export { fieldFromMessage, locateField, parseFieldPath, type FieldLocation, type FieldReference } from './field';
