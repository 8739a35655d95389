// SPDX-License-Identifier: GPL-2.0
// The Cockpit page in a real browser: Debian's chromium, headless, driven by
// playwright-core (pinned in userspace/cockpit/package-lock.json), against
// cockpit-ws serving the page with the module loaded (selftests/cockpit.sh
// starts both and made the switch).  Prints KTAP lines ("ok N ..." /
// "not ok N ... # why"), one per check; screenshots go to $SHOTS.
//
//   node selftests/cockpit.mjs URL
import { execFileSync } from "node:child_process";
import { chromium } from "../userspace/cockpit/node_modules/playwright-core/index.mjs";

const url = process.argv[2];
const shots = process.env.SHOTS;
const vswctl = process.env.VSWCTL;
let n = 0;
let failed = 0;

function sh(cmd, ...args) {
    return execFileSync(cmd, args, { encoding: "utf8" });
}

async function check(name, fn) {
    n++;
    try {
        await fn();
        console.log(`ok ${n} cockpit: ${name}`);
    } catch (e) {
        failed++;
        console.log(`not ok ${n} cockpit: ${name} # ${String(e.message || e).split("\n")[0]}`);
    }
}

function assert(cond, msg) {
    if (!cond)
        throw new Error(msg);
}

async function shot(page, name) {
    if (shots)
        await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

const browser = await chromium.launch({
    executablePath: "/usr/lib/chromium/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-zygote"],
    timeout: 120000,
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
page.setDefaultTimeout(30000);
const consoleErrors = [];

page.on("console", m => { if (m.type() === "error") consoleErrors.push(m.text()) });
page.on("pageerror", e => consoleErrors.push(String(e)));

const sw = page.locator('[data-switch="sw0"]');

await check("the topology shows what vswctl configured", async () => {
    const t0 = Date.now();

    await page.goto(url, { timeout: 120000 });
    await page.waitForSelector('body[data-loaded="yes"]', { timeout: 90000 });
    console.log(`# page loaded in ${Date.now() - t0} ms`);
    const prod = sw.locator('[data-pg="prod"]');

    assert(await prod.locator("[data-vlan]").textContent() === "VLAN 10", "prod's VLAN is not shown as VLAN 10");
    for (const p of ["vm1p", "vm2p"])
        assert(await prod.locator(`[data-port="${p}"]`).count() === 1, `port ${p} is not in portgroup prod`);
    // the VM's name from libvirt (virsh domiflist), the tap's beside it:
    // drawn when virsh has answered
    await prod.locator('[data-port="vm1p"]', { hasText: /^web1 vm1p/ }).waitFor({ timeout: 10000 })
            .catch(async () => {
                throw new Error("vm1p is not shown as domain web1: " +
                                await prod.locator('[data-port="vm1p"]').textContent());
            });
    const up0 = await sw.locator('[data-uplink="up0"]').textContent();

    assert(up0.includes("LLDP: tor1 Ethernet1/7"), "up0's LLDP neighbour is not shown: " + up0);
    for (const u of ["up0", "up1"])
        assert(await sw.locator(`[data-uplink="${u}"][data-state="up"]`).count() === 1, `uplink ${u} is not shown up`);
    // the failover order of prod, when it is selected
    await prod.click();
    await sw.locator('[data-uplink="up1"].vsw-role-active').waitFor();
    await sw.locator('[data-uplink="up0"].vsw-role-standby').waitFor();
    await shot(page, "cockpit-topology");
});

async function addPortgroup(name, vlan) {
    await sw.getByRole("button", { name: "Add portgroup" }).click();
    const dlg = page.getByRole("dialog");

    await dlg.locator("#f-name").fill(name);
    await dlg.locator("#f-vlan-value").fill(vlan);
    await dlg.getByRole("button", { name: "Add" }).click();
    return dlg;
}

await check("a portgroup made in the dialog is in vswctl -j portgroup show", async () => {
    const dlg = await addPortgroup("web", "20");

    await dlg.waitFor({ state: "detached" });
    const pgs = JSON.parse(sh(vswctl, "-j", "portgroup", "show", "sw0"));
    const web = pgs.find(p => p.name === "web");

    assert(web && web.vlan === 20, "no portgroup web in VLAN 20: " + JSON.stringify(pgs.map(p => p.name)));
    await sw.locator('[data-pg="web"]').waitFor();
});

await check("a bad VLAN shows the kernel's message next to the field", async () => {
    const dlg = await addPortgroup("bad", "100");
    const err = dlg.locator('[data-error-for="f-vlan"].pf-m-error');

    await err.waitFor();
    const text = await err.textContent();

    assert(/VLAN 100 is a private VLAN of switch sw0/.test(text), "the VLAN field says: " + text);
    assert(await dlg.locator("#f-vlan").getAttribute("aria-invalid") === "true", "the VLAN field is not marked invalid");
    await shot(page, "cockpit-error");
    const pgs = JSON.parse(sh(vswctl, "-j", "portgroup", "show", "sw0"));

    assert(!pgs.find(p => p.name === "bad"), "portgroup bad was made");
    await dlg.getByRole("button", { name: "Cancel" }).click();
});

await check("an uplink whose carrier goes turns red within 2 s", async () => {
    const t0 = Date.now();

    sh("ip", "-n", "phys", "link", "set", "up1f", "down");
    // red: PatternFly's danger colour, as drawn (computed), not a class
    await page.waitForFunction(() => {
        const el = document.querySelector('[data-switch="sw0"] [data-uplink="up1"] .vsw-state');

        return el && getComputedStyle(el).color === "rgb(201, 25, 11)";
    }, null, { timeout: 10000 });
    const ms = Date.now() - t0;

    console.log(`# up1 red ${ms} ms after its carrier went`);
    await shot(page, "cockpit-failover");
    assert(ms <= 2000, `${ms} ms`);
    sh("ip", "-n", "phys", "link", "set", "up1f", "up");
    await sw.locator('[data-uplink="up1"][data-state="up"]').waitFor({ timeout: 10000 });
});

await check("a ping moves vm1p's counters and its live rate", async () => {
    const row = sw.locator('[data-port-row="vm1p"]');
    const cell = sw.locator('[data-counters="vm1p"] [data-stat="rx_packets"]');
    const why = () => page.evaluate(() => `reads ${document.body.dataset.reads}, ` +
        `counters ${document.querySelectorAll("[data-counters]").length}`);

    await row.getByRole("button").click();
    await cell.waitFor({ timeout: 15000 }).catch(async () => { throw new Error("no counters: " + await why()) });
    const before = Number(await cell.textContent());

    sh("ip", "netns", "exec", "vm1", "ping", "-q", "-c", "20", "-i", "0.1", "10.0.10.2");
    // the rate column: from vswctl top's stream, no reload
    await page.waitForFunction(() => {
        const el = document.querySelector('[data-port-row="vm1p"] [data-rate]');

        return el && /^[1-9]/.test(el.textContent);
    }, null, { timeout: 10000 }).catch(() => null);
    const rate = await row.locator("[data-rate]").textContent();
    // the counters: read again when the row is opened again
    await row.getByRole("button").click();
    await sw.locator('[data-counters="vm1p"]').waitFor({ state: "detached", timeout: 15000 });
    await row.getByRole("button").click();
    await page.waitForFunction(n => {
        const el = document.querySelector('[data-counters="vm1p"] [data-stat="rx_packets"]');

        return el && Number(el.textContent) >= n;
    }, before + 20, { timeout: 15000 }).catch(() => null);
    const after = Number(await cell.textContent({ timeout: 5000 }).catch(() => "NaN"));

    console.log(`# vm1p rx_packets ${before} -> ${after}, rate "${rate}"`);
    assert(after >= before + 20, `rx_packets ${before} -> ${after} (${await why()})`);
    assert(/^[1-9]/.test(rate), `the live rate did not move: "${rate}"`);
    await shot(page, "cockpit-counters");
});

await check("the MAC table, filtered", async () => {
    const fdb = sw.locator(".vsw-fdb");

    await fdb.getByRole("button", { name: "Load MAC table" }).click();
    await fdb.locator("tbody tr").first().waitFor();
    await fdb.getByRole("searchbox").fill("02:00:00:00:00:02");
    await page.waitForFunction(() => document.querySelectorAll('.vsw-fdb tbody tr').length === 1);
    const visible = await fdb.locator("tbody tr").allTextContents();

    assert(visible.length === 1 && visible[0].includes("vm2p"), "filtered rows: " + JSON.stringify(visible));
});

await check("no error in the page's console", async () => {
    assert(!consoleErrors.length, consoleErrors.join("; "));
});

await browser.close();
console.log(`# ${n - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
