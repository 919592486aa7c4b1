import { createRoot } from "react-dom/client";
import { officeReady } from "../outlook/officeHost";
import { App } from "./App";

void officeReady().then((host) => {
  const root = document.getElementById("root");
  if (root) createRoot(root).render(<App host={host} />);
});
