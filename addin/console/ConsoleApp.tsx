import { Body1, Button, Card, CardHeader, FluentProvider, makeStyles, Subtitle2, Title2, tokens, webLightTheme } from "@fluentui/react-components";

const useStyles = makeStyles({
  page: { minHeight: "100vh", backgroundColor: tokens.colorNeutralBackground2 },
  header: {
    display: "flex",
    alignItems: "center",
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalXXL}`,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  main: { padding: tokens.spacingHorizontalXXL, maxWidth: "720px" },
});

/** Support and admin console. Signing in (Entra, roles Sync.Admin / Sync.Support) comes first. */
export function ConsoleApp() {
  const styles = useStyles();
  return (
    <FluentProvider theme={webLightTheme}>
      <div className={styles.page}>
        <header className={styles.header}>
          <Subtitle2 as="h1">CRM Sync console</Subtitle2>
        </header>
        <main className={styles.main}>
          <Card>
            <CardHeader header={<Title2 as="h2">Sign in</Title2>} />
            <Body1>Sign in with your work account to see your organisation's mailboxes, why any of them fail, and how to fix it.</Body1>
            <div>
              <Button appearance="primary" disabled>
                Sign in with Microsoft
              </Button>
            </div>
          </Card>
        </main>
      </div>
    </FluentProvider>
  );
}
