import { Button, Menu, MenuDivider, MenuItem, MenuList, MenuPopover, MenuTrigger } from "@fluentui/react-components";
import { NavigationRegular } from "@fluentui/react-icons";

export interface MenuChoices {
  readonly canSetUp: boolean;
  readonly canEditSettings: boolean;
  readonly canDisconnect: boolean;
}

/** The ☰ menu: what the rep may do besides the screen's own button. Items that do not apply are left out. */
export function PaneMenu({
  choices,
  onSetUp,
  onSettings,
  onDisconnect,
  onHelp,
}: {
  choices: MenuChoices;
  onSetUp: () => void;
  onSettings: () => void;
  onDisconnect: () => void;
  onHelp: () => void;
}) {
  return (
    <Menu>
      <MenuTrigger disableButtonEnhancement>
        <Button appearance="subtle" icon={<NavigationRegular />} aria-label="Menu" />
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {choices.canSetUp && <MenuItem onClick={onSetUp}>Set up sync</MenuItem>}
          {choices.canEditSettings && <MenuItem onClick={onSettings}>Sync settings</MenuItem>}
          {choices.canDisconnect && <MenuItem onClick={onDisconnect}>Disconnect</MenuItem>}
          {(choices.canSetUp || choices.canEditSettings || choices.canDisconnect) && <MenuDivider />}
          <MenuItem onClick={onHelp}>Help</MenuItem>
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
