// Builds the two browser apps (the Outlook task pane and the support/admin console) into dist/addin.
// The server serves that folder; Office.js is loaded by a script tag whose URL the server fills in (OFFICE_JS_URL).
const path = require("node:path");
const HtmlWebpackPlugin = require("html-webpack-plugin");

const page = (name, title, options = {}) =>
  new HtmlWebpackPlugin({
    filename: `${name}.html`,
    chunks: [name],
    template: path.resolve(__dirname, "addin/page.html"),
    title,
    scriptLoading: "defer",
    ...options,
  });

module.exports = (_env, argv) => {
  const production = argv.mode !== "development";
  return {
    mode: production ? "production" : "development",
    devtool: production ? "source-map" : "eval-cheap-module-source-map",
    entry: {
      taskpane: "./addin/taskpane/index.tsx",
      console: "./addin/console/index.tsx",
      // The Office dialog fallback's sign-in page. Entra has ${PUBLIC_URL}/auth/dialog.html registered as a SPA redirect
      // URI, and the server serves dist/addin as static files, so the page is emitted at exactly that path.
      authDialog: "./addin/auth/dialogPage.ts",
    },
    output: {
      path: path.resolve(__dirname, "dist/addin"),
      filename: "[name].[contenthash:8].js",
      chunkFilename: "[name].[contenthash:8].js",
      // Absolute, so auth/dialog.html (one folder down) and lazily loaded chunks resolve from the site root.
      publicPath: "/",
      clean: true,
    },
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
    plugins: [
      page("taskpane", "CRM Sync"),
      page("console", "CRM Sync console"),
      page("auth/dialog", "Sign in to CRM Sync", { chunks: ["authDialog"], template: path.resolve(__dirname, "addin/auth/dialogPage.html") }),
    ],
    performance: { hints: false },
    stats: "errors-warnings",
  };
};
