import { activityMinutesFrom } from "../../scripts/demo/demoEnvironment";

describe("DEMO_ACTIVITY_MINUTES", () => {
  it("is 3 minutes when unset, and 0 turns new customer mail off", () => {
    expect(activityMinutesFrom({})).toBe(3);
    expect(activityMinutesFrom({ DEMO_ACTIVITY_MINUTES: "0" })).toBe(0);
    expect(activityMinutesFrom({ DEMO_ACTIVITY_MINUTES: "0.5" })).toBe(0.5);
  });

  it("refuses a value that is not minutes, naming the variable and the value", () => {
    for (const bad of ["soon", "-1", "2000"]) {
      expect(() => activityMinutesFrom({ DEMO_ACTIVITY_MINUTES: bad })).toThrow(`DEMO_ACTIVITY_MINUTES="${bad}"`);
    }
  });
});
