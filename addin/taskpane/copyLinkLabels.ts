/** The one wording for the admin-consent link everywhere in the pane. */
export const adminApprovalLinkLabel = "Need admin approval? Send this link to your administrator";

/** Under a notice already titled "Need admin approval?". */
export const sendToAdminLabel = "Send this link to your administrator";
