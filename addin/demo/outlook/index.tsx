import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { createRoot } from "react-dom/client";
import { DemoOutlook } from "./DemoOutlook";

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <FluentProvider theme={webLightTheme} style={{ height: "100%" }}>
      <DemoOutlook />
    </FluentProvider>,
  );
}
