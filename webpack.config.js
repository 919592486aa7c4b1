// Builds the two browser apps (the Outlook task pane and the support/admin console) into dist/addin.
// The server serves that folder; Office.js is loaded by a script tag whose URL the server fills in (OFFICE_JS_URL).
//
// Two compilations: the pane (with its sign-in dialog page) and the console. Apart, neither changes the other's
// bundles: in one compilation a library both use (MSAL, Fluent's icons) is tree-shaken for the union of what both
// import, and the pane would download the console's share. The console's scripts go to dist/addin/console/.
const path = require("node:path");
const HtmlWebpackPlugin = require("html-webpack-plugin");

const distAddin = path.resolve(__dirname, "dist/addin");

// One page for the pane, the console and the demo's pages (addin/page.html). `officeJs`: the Office.js script tag
// (the pane only: the console runs in a browser tab, the demo's own pages host Office, they do not run in it);
// `favicon32`: the product's icon on a page that gets a browser tab of its own.
const page = (name, title, options = {}) =>
  new HtmlWebpackPlugin({
    filename: `${name}.html`,
    chunks: [name],
    template: path.resolve(__dirname, "addin/page.html"),
    title,
    scriptLoading: "defer",
    officeJs: false,
    favicon32: false,
    ...options,
  });

function common(production) {
  return {
    mode: production ? "production" : "development",
    // Hidden: the maps are written for support to decode stack traces, but no bundle points at them and the server does
    // not serve them (server/http/app.ts), so the public gets minified code only.
    devtool: production ? "hidden-source-map" : "eval-cheap-module-source-map",
    // extensionAlias: TypeScript (nodenext) wants ".js" on relative dynamic imports; the files are .ts/.tsx.
    resolve: { extensions: [".tsx", ".ts", ".js"], extensionAlias: { ".js": [".ts", ".tsx", ".js"] } },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: "swc-loader",
            options: {
              // ES modules out, so webpack can tree-shake Fluent UI (the repo's .swcrc is CommonJS, for Jest).
              swcrc: false,
              module: { type: "es6" },
              jsc: { parser: { syntax: "typescript", tsx: true }, transform: { react: { runtime: "automatic" } }, target: "es2020" },
            },
          },
        },
      ],
    },
    performance: { hints: false },
    stats: "errors-warnings",
  };
}

module.exports = (_env, argv) => {
  const production = argv.mode !== "development";
  const pane = {
    ...common(production),
    name: "pane",
    entry: {
      taskpane: "./addin/taskpane/index.tsx",
      // The Office dialog fallback's sign-in page. Entra has ${PUBLIC_URL}/auth/dialog.html registered as a SPA redirect
      // URI, and the server serves dist/addin as static files, so the page is emitted at exactly that path.
      authDialog: "./addin/auth/dialogPage.ts",
    },
    output: {
      path: distAddin,
      filename: "[name].[contenthash:8].js",
      chunkFilename: "[name].[contenthash:8].js",
      // Absolute, so auth/dialog.html (one folder down) and lazily loaded chunks resolve from the site root.
      publicPath: "/",
      // The console's compilation writes console.html and console/ in the same folder at the same time.
      clean: { keep: /^console(\.html|\/)/ },
    },
    plugins: [
      page("taskpane", "CRM Sync", { officeJs: true }),
      page("auth/dialog", "Sign in to CRM Sync", { chunks: ["authDialog"], template: path.resolve(__dirname, "addin/auth/dialogPage.html") }),
    ],
  };
  const consoleApp = {
    ...common(production),
    name: "console",
    entry: { console: "./addin/console/index.tsx" },
    output: {
      path: path.join(distAddin, "console"),
      filename: "[name].[contenthash:8].js",
      chunkFilename: "[name].[contenthash:8].js",
      publicPath: "/console/",
      clean: true,
    },
    // The page itself stays at /console.html (Entra has it registered as a redirect URI).
    plugins: [page("../console", "CRM Sync console", { chunks: ["console"], favicon32: true })],
  };
  // Demo mode only (addin/demo): the Outlook-like page, its Office.js stand-in and the token broker's landing page. Built
  // into dist/demo, which only the demo's routes serve (scripts/demo/demoRouter.ts), never the static dist/addin.
  const demo = {
    ...common(production),
    name: "demo",
    entry: { demo: "./addin/demo/outlook/index.tsx", office: "./addin/demo/standIn/officeJs.ts", broker: "./addin/demo/standIn/brokerPage.ts" },
    output: {
      path: path.resolve(__dirname, "dist/demo"),
      // office.js keeps its name: demo mode's OFFICE_JS_URL points at /demo/office.js.
      filename: (data) => (data.chunk && data.chunk.name === "office" ? "office.js" : "[name].[contenthash:8].js"),
      chunkFilename: "[name].[contenthash:8].js",
      publicPath: "/demo/",
      clean: true,
    },
    plugins: [
      page("demo", "Outlook (demo) - CRM Sync", { favicon32: true }),
      page("broker", "Signing in"),
    ],
  };
  return [pane, consoleApp, demo];
};
