import { Avatar, Button, makeStyles, Subtitle2, Text, tokens } from "@fluentui/react-components";
import { SignOutRegular } from "@fluentui/react-icons";
import type { SignedInAccount } from "./consoleAuth";

const useStyles = makeStyles({
  header: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalM,
    minHeight: "48px",
    padding: `0 ${tokens.spacingHorizontalXL}`,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  title: { flexGrow: 1, margin: 0 },
  who: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS },
  whoText: { display: "flex", flexDirection: "column", lineHeight: tokens.lineHeightBase200 },
  signOut: {
    color: tokens.colorNeutralForegroundOnBrand,
    ":hover": { color: tokens.colorNeutralForegroundOnBrand, backgroundColor: tokens.colorBrandBackgroundHover },
    ":hover:active": { color: tokens.colorNeutralForegroundOnBrand, backgroundColor: tokens.colorBrandBackgroundPressed },
  },
});

/** The brand bar: the product's name, who is signed in, and Sign out. */
export function ConsoleHeader({ account, onSignOut }: { account: SignedInAccount | null; onSignOut: (() => void) | null }) {
  const styles = useStyles();
  return (
    <header className={styles.header}>
      <Subtitle2 as="h1" className={styles.title}>
        CRM Sync console
      </Subtitle2>
      {account ? (
        <div className={styles.who}>
          <Avatar size={28} name={account.name ?? account.username ?? undefined} color="neutral" aria-hidden />
          <div className={styles.whoText}>
            <Text size={200} weight="semibold">
              {account.name ?? account.username}
            </Text>
            {account.name && account.username ? <Text size={200}>{account.username}</Text> : null}
          </div>
        </div>
      ) : null}
      {onSignOut ? (
        <Button appearance="subtle" className={styles.signOut} icon={<SignOutRegular />} onClick={onSignOut}>
          Sign out
        </Button>
      ) : null}
    </header>
  );
}
