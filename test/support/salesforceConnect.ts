// The demo's start-up connects Salesforce the same way; the code lives with it (scripts/demo), tests import it from here.
export { connectSalesforce } from "../../scripts/demo/salesforceConnect";
