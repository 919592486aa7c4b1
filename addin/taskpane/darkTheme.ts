import { webDarkTheme } from "@fluentui/react-components";

/** In its own chunk: most Outlooks are light, and the theme is a few thousand tokens. */
export const darkTheme = webDarkTheme;
