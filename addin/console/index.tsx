import { createRoot } from "react-dom/client";
import { ConsoleApp } from "./ConsoleApp";
import { createConsoleApi } from "./consoleApi";
import { ConsoleSession } from "./consoleSession";
import { msalConsoleAuth } from "./msalConsoleAuth";

const session = new ConsoleSession({
  auth: msalConsoleAuth(location.origin),
  createApi: (getToken) => createConsoleApi(getToken),
  currentRoute: () => location.hash,
  // Back from Microsoft: the address is /console.html (MSAL removed its answer); put the console's place back.
  restoreRoute: (route) => {
    if (route.startsWith("#/") && route !== location.hash) history.replaceState(history.state, "", route);
  },
});
void session.start();

const root = document.getElementById("root");
if (root) createRoot(root).render(<ConsoleApp session={session} />);
