import { prepareTemplate } from "./templates";

export default () => prepareTemplate("postgresql");
