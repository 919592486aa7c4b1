// Builds the two browser apps (the Outlook task pane and the support/admin console) into dist/addin.
// The server serves that folder; Office.js is loaded by a script tag whose URL the server fills in (OFFICE_JS_URL).
const path = require("node:path");
const HtmlWebpackPlugin = require("html-webpack-plugin");

const page = (name, title) =>
  new HtmlWebpackPlugin({
    filename: `${name}.html`,
    chunks: [name],
    template: path.resolve(__dirname, "addin/page.html"),
    title,
    scriptLoading: "defer",
  });

module.exports = (_env, argv) => {
  const production = argv.mode !== "development";
  return {
    mode: production ? "production" : "development",
    devtool: production ? "source-map" : "eval-cheap-module-source-map",
    entry: {
      taskpane: "./addin/taskpane/index.tsx",
      console: "./addin/console/index.tsx",
    },
    output: {
      path: path.resolve(__dirname, "dist/addin"),
      filename: "[name].[contenthash:8].js",
      clean: true,
    },
    resolve: { extensions: [".tsx", ".ts", ".js"] },
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
    plugins: [page("taskpane", "CRM Sync"), page("console", "CRM Sync console")],
    performance: { hints: false },
    stats: "errors-warnings",
  };
};
