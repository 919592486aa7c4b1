/** Per-address Autodiscover redirects a test configures (the address need not be a simulated mailbox). */
import type { AutodiscoverRedirect } from "./userSettings";

export class AutodiscoverRedirects {
  private readonly byAddress = new Map<string, AutodiscoverRedirect>();

  set(address: string, redirect: AutodiscoverRedirect | null): void {
    if (redirect) this.byAddress.set(address.toLowerCase(), redirect);
    else this.byAddress.delete(address.toLowerCase());
  }

  get(address: string): AutodiscoverRedirect | undefined {
    return this.byAddress.get(address.toLowerCase());
  }
}
