import type { Router } from "express";
import type { SalesWorld } from "../../test/simulators/world/salesWorld";
import { startSalesWorld } from "../../test/simulators/world/salesWorld";
import { DemoActivity } from "./demoActivity";
import { demoRouter } from "./demoRouter";
import { demoReps } from "./demoUsers";

/**
 * Demo mode: the bundled simulators stand in for Microsoft and Salesforce, seeded with a small sales team (the
 * "sales world"), and the environment that points the server at them, as a real deployment's environment would.
 * The simulators live in test/simulators (with their conformance tests); only this folder, the start script's demo
 * composition, imports them. server/ and addin/ never do (eslint enforces it).
 */
export interface DemoEnvironment {
  readonly env: Record<string, string>;
  readonly describe: readonly string[];
  readonly world: SalesWorld;
  /** /demo and /demo/salesforce, for the server to mount (it does so only in demo mode). */
  readonly routes: Router;
  readonly activity: DemoActivity;
  readonly activityMinutes: number;
  close(): Promise<void>;
}

/** DEMO_ACTIVITY_MINUTES: minutes between new customer mail (0 = off); 3 when unset. */
export function activityMinutesFrom(env: Record<string, string | undefined>): number {
  const raw = env.DEMO_ACTIVITY_MINUTES;
  if (raw === undefined || raw === "") return 3;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 1440) throw new Error(`DEMO_ACTIVITY_MINUTES="${raw}": minutes between new customer mail in the demo, 0 (off) to 1440`);
  return n;
}

export async function startDemoEnvironment(options: { portBase: number; publicUrl: string; activityMinutes: number }): Promise<DemoEnvironment> {
  const world = await startSalesWorld(options.publicUrl, { portBase: options.portBase });
  const activity = new DemoActivity(world, demoReps);
  const keyField = process.env.SALESFORCE_ACTIVITY_KEY_FIELD || "Sync_Key__c";
  return {
    env: {
      DEMO_MODE: "true",
      // No Outlook hosts the pane in the demo: the demo's Office.js stand-in does (addin/demo/standIn).
      OFFICE_JS_URL: "/demo/office.js",
      ...world.env,
    },
    describe: world.describe,
    world,
    routes: demoRouter(world, activity, { activityMinutes: options.activityMinutes, keyField }),
    activity,
    activityMinutes: options.activityMinutes,
    close: async () => {
      activity.stop();
      await world.close();
    },
  };
}

/** The banner's lines naming the demo's people, with their role and password. */
export function demoUserLines(password: string): string[] {
  return demoReps.map((r) => `${r.email.padEnd(20)} ${r.role.padEnd(20)} password ${password}`);
}
