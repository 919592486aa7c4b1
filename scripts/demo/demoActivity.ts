import type { DemoPerson } from "../../addin/demo/demoContract";
import type { SalesWorld } from "../../test/simulators/world/salesWorld";

/**
 * Life in the demo world: customers write to the reps and meetings get booked while the demo runs, so sync always has
 * something new to log. Each arrival goes into the rep's mailbox at the Exchange simulator, as a customer's mail would.
 */
const subjects = ["Quote for the spring order", "Re: delivery dates", "Invoice question", "Can we meet next week?", "Follow-up on our call", "New requirements"];
const meetings = ["Quarterly review", "Product demo", "Contract walkthrough", "Kick-off"];

export interface Arrival {
  readonly rep: string;
  readonly kind: "message" | "meeting";
  readonly subject: string;
  readonly customer: DemoPerson;
}

function customersOf(world: SalesWorld): DemoPerson[] {
  return world.salesforce.control
    .records(world.salesforceOrgId, "Contact")
    .map((c) => ({ name: [c.FirstName, c.LastName].filter(Boolean).join(" "), email: String(c.Email) }))
    .filter((c) => c.email.includes("@"));
}

export class DemoActivity {
  private turn = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly world: SalesWorld,
    private readonly reps: readonly { email: string; displayName: string }[],
  ) {}

  /** A customer's email to `repEmail` (the first one is from Bea Buyer, the contact the walkthrough looks for). */
  deliverMail(repEmail: string): Arrival {
    const rep = this.reps.find((r) => r.email === repEmail);
    if (!rep) throw new Error(`no demo rep ${repEmail}`);
    const customers = customersOf(this.world);
    const n = this.turn++;
    const customer = customers[n % customers.length] ?? { name: "Bea Buyer", email: "buyer@fabrikam.com" };
    const subject = subjects[n % subjects.length] ?? "Hello";
    this.world.exchange.control.deliverMail(repEmail, {
      from: customer,
      to: [{ name: rep.displayName, email: rep.email }],
      subject,
      body: `Hi ${rep.displayName.split(" ")[0]},\n\n${subject}: could you get back to me this week?\n\nBest regards,\n${customer.name}`,
    });
    return { rep: repEmail, kind: "message", subject, customer };
  }

  /** A meeting with a customer tomorrow, in the rep's calendar. */
  bookMeeting(repEmail: string): Arrival {
    const rep = this.reps.find((r) => r.email === repEmail);
    if (!rep) throw new Error(`no demo rep ${repEmail}`);
    const customers = customersOf(this.world);
    const n = this.turn++;
    const customer = customers[(n + 1) % customers.length] ?? { name: "Bea Buyer", email: "buyer@fabrikam.com" };
    const subject = `${meetings[n % meetings.length] ?? "Meeting"} with ${customer.name}`;
    const start = new Date(this.world.clock.now() + 24 * 3600_000);
    start.setUTCMinutes(0, 0, 0);
    this.world.exchange.control.createEvent(repEmail, {
      subject,
      start: start.toISOString(),
      end: new Date(start.getTime() + 3600_000).toISOString(),
      organizer: { name: rep.displayName, email: rep.email },
      required: [{ name: customer.name, email: customer.email, response: "Accept" }],
      location: "Microsoft Teams",
      myResponse: "Organizer",
    });
    return { rep: repEmail, kind: "meeting", subject, customer };
  }

  /** Every `minutes`, one rep (in turn) gets a customer email, and every third time a meeting too. 0 = never. */
  start(minutes: number, onArrival: (a: Arrival) => void = () => undefined): void {
    if (minutes <= 0 || this.timer) return;
    let tick = 0;
    this.timer = setInterval(() => {
      const rep = this.reps[tick % this.reps.length];
      tick++;
      if (!rep) return;
      try {
        onArrival(this.deliverMail(rep.email));
        if (tick % 3 === 0) onArrival(this.bookMeeting(rep.email));
      } catch (err) {
        console.error(`demo activity: ${(err as Error).message}`);
      }
    }, minutes * 60_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
