/** The Graph calls this face serves, by the name counters and faults use. */
export const GRAPH_OPERATIONS = ["user", "mailFolders", "mailFolder", "messagesDelta", "message", "event", "eventInstances", "calendarDelta"] as const;
export type GraphOperation = (typeof GRAPH_OPERATIONS)[number];
