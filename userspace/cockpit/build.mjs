// SPDX-License-Identifier: GPL-2.0
// The page's styles: PatternFly's base and the components the page uses,
// from the version package-lock.json pins, in one file, gzipped as
// Cockpit's own pages ship theirs (cockpit-ws serves vswitch-pf.css from
// vswitch-pf.css.gz).  Checked in: `make install` needs no npm.  Fonts are
// Cockpit's (/usr/share/cockpit/static/fonts), as its pages use them.
// Reproduce: npm ci && npm run build; the CSS inside must not change
// (selftests/cockpit.sh checks).
import { readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const pf = "node_modules/@patternfly/patternfly";
const { version } = JSON.parse(readFileSync(`${pf}/package.json`, "utf8"));
const parts = [
    "patternfly-base.css",
    "components/Alert/alert.css",
    "components/Backdrop/backdrop.css",
    "components/Button/button.css",
    "components/Card/card.css",
    "components/Check/check.css",
    "components/DescriptionList/description-list.css",
    "components/EmptyState/empty-state.css",
    "components/Form/form.css",
    "components/FormControl/form-control.css",
    "components/HelperText/helper-text.css",
    "components/Label/label.css",
    "components/ModalBox/modal-box.css",
    "components/Switch/switch.css",
    "components/Table/table.css",
    "components/Tabs/tabs.css",
    "components/Title/title.css",
];

let css = parts.map(p => readFileSync(`${pf}/${p}`, "utf8")).join("\n");
css = css
    .replace(/\/\*[\s\S]*?\*\//g, "") // comments
    .replace(/url\("\.\/assets\/fonts\/[^/"]+\/([^"]+)"\)/g,
             'url("../../static/fonts/$1")') // Cockpit's fonts
    .replace(/^\s*@import[^;]*;/gm, "")
    .replace(/\s*\n\s*/g, "\n") // indentation and blank lines
    .trim();
const out = `/* PatternFly ${version} (MIT): ${parts.join(" ")}; made by build.mjs */\n${css}\n`;
// (no name or time in the gzip header: the same bytes every time)
writeFileSync("vswitch-pf.css.gz", gzipSync(out, { level: 9 }));
