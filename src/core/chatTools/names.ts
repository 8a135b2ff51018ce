// The names under which the manifest contributes the language-model tools. Kept apart from the tool
// logic so that registering them at activation loads nothing else.
export const TOOL_NAMES = {
  explain: 'gestix_explainResponse',
  lookUp: 'gestix_lookUpCode',
  validate: 'gestix_validateDocument',
  list: 'gestix_listDocuments',
  get: 'gestix_getDocument',
  send: 'gestix_sendDocument',
} as const;

export type ToolId = keyof typeof TOOL_NAMES;
export type ToolName = (typeof TOOL_NAMES)[ToolId];

export const TOOL_IDS = Object.keys(TOOL_NAMES) as ToolId[];
