// Bounds of a project's fields, shared by the REST schemas, the server actions and the data layer.
export const MAX_PROJECT_NAME_CHARS = 200;
export const MAX_PROJECT_INSTRUCTIONS_CHARS = 20_000;
