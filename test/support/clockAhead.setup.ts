import { clockAheadMs, setClock } from "./clockAhead";

if (clockAheadMs !== 0) setClock();
