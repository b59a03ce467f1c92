import { prepareTemplate } from "./templates";

export default () => prepareTemplate("sqlite");
