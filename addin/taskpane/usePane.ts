import { createContext, useContext, useSyncExternalStore } from "react";
import type { PaneController, PaneState } from "./paneController";

export function usePaneState(controller: PaneController): PaneState {
  return useSyncExternalStore(controller.subscribe, controller.getState);
}

/**
 * Bumped by the controller when a screen appears because the rep acted; ScreenHeading takes focus then, so a screen
 * reader announces the new screen and keyboard focus does not stay on a button that went away.
 */
export const FocusKeyContext = createContext(0);
export const useFocusKey = () => useContext(FocusKeyContext);
