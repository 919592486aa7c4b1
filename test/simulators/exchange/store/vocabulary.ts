/** Word lists the generator draws from; plain business English so seeded mailboxes read like real ones. */

export const FIRST_NAMES = [
  "Alex", "Maria", "Sanjay", "Chen", "Fatima", "Lukas", "Amelia", "Noah", "Yuki", "Olivia", "Mateo", "Grace", "Omar",
  "Sofia", "Daniel", "Priya", "Henrik", "Zoe", "Tomas", "Hannah", "Kwame", "Isabel", "Rafael", "Leila", "Victor",
] as const;

export const LAST_NAMES = [
  "Smith", "Garcia", "Patel", "Wang", "Haddad", "Becker", "Jones", "Kim", "Tanaka", "Brown", "Silva", "Novak", "Okafor",
  "Rossi", "Miller", "Iyer", "Larsen", "Clark", "Dvorak", "Schmidt", "Mensah", "Ortega", "Costa", "Nasser", "Dubois",
] as const;

export const MAIL_SUBJECTS = [
  "Quarterly review", "Proposal for {company}", "Contract renewal", "Invoice {n}", "Follow-up on our call", "Pricing update",
  "Project kickoff", "Support ticket {n}", "Onboarding plan", "Meeting notes", "Budget approval", "Roadmap questions",
  "Security questionnaire", "Purchase order {n}", "Statement of work", "Training schedule", "Product feedback",
  "Renewal quote", "Implementation timeline", "Reference request",
] as const;

export const MEETING_SUBJECTS = [
  "Weekly sync", "Pipeline review", "Demo for {company}", "Quarterly business review", "Contract negotiation",
  "Technical deep dive", "Kickoff with {company}", "Planning session", "1:1", "Executive briefing", "Design review",
] as const;

export const COMPANIES = ["Contoso", "Fabrikam", "Northwind", "Tailspin", "Litware", "Adventure Works", "Wingtip", "Proseware"] as const;

export const SENTENCES = [
  "Thanks for the quick turnaround on this.",
  "Please find the details below and let me know if anything is missing.",
  "Could you confirm the numbers before Friday?",
  "I have attached the latest version for your review.",
  "We would like to move forward with the next phase.",
  "Let us discuss the open points in our next meeting.",
  "The team has reviewed the draft and has a few comments.",
  "Happy to set up a call if that is easier.",
  "Looking forward to your feedback.",
  "As discussed, here is a summary of the agreed actions.",
] as const;

export const LOCATIONS = ["Conference Room 2", "Building 4 / Room 210", "Microsoft Teams Meeting", "Customer site", "Board room", "Cafe downstairs"] as const;

export const ATTACHMENTS = [
  { name: "proposal.pdf", contentType: "application/pdf" },
  { name: "pricing.xlsx", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  { name: "agenda.docx", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
  { name: "diagram.png", contentType: "image/png" },
  { name: "notes.txt", contentType: "text/plain" },
] as const;
