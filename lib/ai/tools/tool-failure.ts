/**
 * A tool that could not do its job (its server is down, slow, or said it failed). The model is told and the
 * reply goes on: the reply engine shows this message on the tool's card instead of failing the reply.
 */
export class ToolFailure extends Error {
  override name = "ToolFailure";
}
