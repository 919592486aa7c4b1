/**
 * Exchange versions: what the server announces in ServerVersionInfo and which RequestServerVersion values it accepts.
 * A request's version decides which newer properties may appear in the answer, as on a real server.
 */

export type SimulatorMode = "online" | "onprem";

/** Every `t:ExchangeVersionType` value, oldest first (the 2013_SP1 schema lists up to Exchange2013_SP1; later servers add the rest). */
export const EXCHANGE_VERSIONS = [
  "Exchange2007",
  "Exchange2007_SP1",
  "Exchange2010",
  "Exchange2010_SP1",
  "Exchange2010_SP2",
  "Exchange2013",
  "Exchange2013_SP1",
  "Exchange2015",
  "Exchange2016",
  "V2015_10_05",
  "V2016_01_06",
  "V2016_04_13",
  "V2016_07_13",
  "V2016_10_10",
  "V2017_01_07",
  "V2017_04_14",
  "V2017_07_11",
  "V2017_10_09",
  "V2018_01_08",
] as const;

export type ExchangeVersion = (typeof EXCHANGE_VERSIONS)[number];

export interface ServerVersionInfo {
  readonly majorVersion: number;
  readonly minorVersion: number;
  readonly majorBuildNumber: number;
  readonly minorBuildNumber: number;
  /** `Version` attribute of ServerVersionInfo: the newest schema version the server speaks. */
  readonly version: ExchangeVersion;
  /** Autodiscover's ServerVersionInfo/Version (Exchange 2016+ and EXO still say Exchange2015; not verified for EXO). */
  readonly autodiscoverVersion: string;
  /** "15.20.8722.029" style, as Autodiscover's CasVersion shows it. */
  readonly casVersion: string;
}

/** Exchange Online: 15.20.x builds with Version V2018_01_08 (real captures show 15.20.* and V2018_01_08). */
const ONLINE: ServerVersionInfo = {
  majorVersion: 15,
  minorVersion: 20,
  majorBuildNumber: 8722,
  minorBuildNumber: 29,
  version: "V2018_01_08",
  autodiscoverVersion: "Exchange2015",
  casVersion: "15.20.8722.029",
};

/** Exchange Server 2019 CU14 (15.2.1544.4), whose newest EWS schema version is V2017_07_11. */
const ONPREM_2019: ServerVersionInfo = {
  majorVersion: 15,
  minorVersion: 2,
  majorBuildNumber: 1544,
  minorBuildNumber: 4,
  version: "V2017_07_11",
  autodiscoverVersion: "Exchange2015",
  casVersion: "15.02.1544.004",
};

export function serverVersionFor(mode: SimulatorMode): ServerVersionInfo {
  return mode === "online" ? ONLINE : ONPREM_2019;
}

export function versionRank(version: ExchangeVersion): number {
  return EXCHANGE_VERSIONS.indexOf(version);
}

export function isExchangeVersion(value: string): value is ExchangeVersion {
  return (EXCHANGE_VERSIONS as readonly string[]).includes(value);
}

/** Whether `server` understands a request written for `requested` (a server refuses versions newer than itself). */
export function serverAccepts(server: ServerVersionInfo, requested: ExchangeVersion): boolean {
  return versionRank(requested) <= versionRank(server.version);
}

/** Without a RequestServerVersion header EWS answers as the first release, Exchange2007. */
export const DEFAULT_REQUEST_VERSION: ExchangeVersion = "Exchange2007";

/** Schema versions Autodiscover lists in EwsSupportedSchemas. */
export function supportedSchemas(server: ServerVersionInfo): string {
  return EXCHANGE_VERSIONS.slice(0, versionRank("Exchange2016") + 1)
    .filter((v) => versionRank(v) <= versionRank(server.version) && v !== "Exchange2015")
    .join(", ");
}
