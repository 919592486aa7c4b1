import type { DemoRep } from "../../addin/demo/demoContract";

/** The demo's people (Contoso, in the Entra ID simulator): two reps, the admin and support. Shown in the banner and /demo. */
export const demoReps: readonly DemoRep[] = [
  { id: "adele", email: "adele@contoso.com", displayName: "Adele Vance", role: "Sales rep" },
  { id: "diego", email: "diego@contoso.com", displayName: "Diego Siciliani", role: "Sales rep" },
  { id: "megan", email: "megan@contoso.com", displayName: "Megan Bowen", role: "Sync administrator" },
  { id: "grady", email: "grady@contoso.com", displayName: "Grady Archie", role: "Sync support" },
];
