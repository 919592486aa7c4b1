import { createContext, useCallback, useContext, useEffect, useState } from "react";
import type { Route } from "./route";
import { formatRoute, parseRoute } from "./route";

export type Navigate = (route: Route, options?: { replace?: boolean }) => void;

/** The console's place, from the address's hash, kept in step with Back and Forward. */
export function useHashRoute(): [Route, Navigate] {
  const [route, setRoute] = useState<Route>(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  const navigate = useCallback<Navigate>((next, options = {}) => {
    const hash = formatRoute(next);
    if (hash === location.hash || (hash === "#/" && location.hash === "")) return setRoute(next);
    // replace: typing in the search box or paging should not fill Back with every keystroke.
    if (options.replace) history.replaceState(history.state, "", hash);
    else history.pushState(history.state, "", hash);
    setRoute(next);
  }, []);
  return [route, navigate];
}

export const NavigateContext = createContext<Navigate>(() => undefined);

export function useNavigate(): Navigate {
  return useContext(NavigateContext);
}
