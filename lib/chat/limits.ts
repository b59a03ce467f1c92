export { MAX_MESSAGE_CHARS } from "../limits";
