// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch's Cockpit page.  What it shows comes from `vswctl -j` (spawned
 * through cockpit.spawn), read again when `vswctl -j monitor` reports a
 * change; the traffic rates come from `vswctl -j top -b`, a stream vswctl
 * prints each second.  There is no polling loop here: a page that is not
 * told of a change does not look.  What it changes goes through vswctl
 * too, and a refusal shows vswctl's (the kernel's extack) message next to
 * the field it is about.
 */
"use strict";

const $ = sel => document.querySelector(sel);

/* --- vswctl ------------------------------------------------------------ */

/* The message of a failed vswctl: the kernel's extack text ("VLAN 100 is a
 * private VLAN of switch sw0: use pvlan 100"), or vswctl's own usage one.
 */
function vswctlMessage(ex) {
    const text = String(ex.message || ex.problem || ex).trim().split("\n").pop();

    return text.replace(/^vswctl: /, "")
            .replace(/^kernel says: /, "")
            .replace(/^vswitch: /, "")
            .replace(/ \(see vswctl --help\)$/, "");
}

function vswctl(args) {
    return cockpit.spawn(["vswctl", ...args], { err: "message", superuser: "try" });
}

function vswctlJson(args) {
    return vswctl(["-j", ...args]).then(out => JSON.parse(out || "[]"));
}

/* libvirt's names for the taps, where libvirt is: tap -> domain */
function libvirtDomains() {
    const names = {};

    return cockpit.spawn(["virsh", "-r", "list", "--name"], { err: "ignore", superuser: "try" })
            .then(out => Promise.all(out.split("\n").filter(d => d.trim()).map(dom =>
                cockpit.spawn(["virsh", "-r", "domiflist", dom.trim()], { err: "ignore", superuser: "try" })
                        .then(list => {
                            list.split("\n").slice(2).forEach(line => {
                                const dev = line.trim().split(/\s+/)[0];

                                if (dev && dev !== "-")
                                    names[dev] = dom.trim();
                            });
                        })
                        .catch(() => null))))
            .then(() => names)
            .catch(() => names);
}

function linkSpeed(dev) {
    return cockpit.file("/sys/class/net/" + dev + "/speed").read()
            .then(s => {
                const mbit = parseInt(s, 10);

                if (!(mbit > 0))
                    return "";
                return mbit >= 1000 ? (mbit / 1000) + " Gb/s" : mbit + " Mb/s";
            })
            .catch(() => "");
}

/* --- state ------------------------------------------------------------- */

const state = {
    switches: [], uplinks: [], portgroups: [], ports: [], overlays: [],
    vms: {}, speeds: {}, rates: {}, selected: {}, fdb: {}, fdbFilter: {},
    openPort: null, loaded: false, error: null,
};

function byName(list, sw, name) {
    return list.find(o => o.switch === sw && o.name === name);
}

let refreshing = null;
let refreshAgain = false;

/* Read everything again (a change was reported); one at a time, and one
 * more after it if changes came in while it ran.
 */
function refresh() {
    if (refreshing) {
        refreshAgain = true;
        return refreshing;
    }
    refreshing = Promise.all([
        vswctlJson(["switch", "show"]),
        vswctlJson(["-s", "uplink", "show"]),
        vswctlJson(["portgroup", "show"]),
        vswctlJson(["-s", "port", "show"]),
        vswctlJson(["overlay", "show"]),
    ]).then(([switches, uplinks, portgroups, ports, overlays]) => {
        Object.assign(state, { switches, uplinks, portgroups, ports, overlays });
        state.loaded = true;
        state.error = null;
        refreshExtras();
    }).catch(ex => {
        state.error = vswctlMessage(ex);
    }).then(() => {
        try {
            render();
        } finally {
            /* (a drawing that failed must not stop the next reads) */
            refreshing = null;
            document.body.dataset.reads = (Number(document.body.dataset.reads) || 0) + 1;
            if (refreshAgain) {
                refreshAgain = false;
                refresh();
            }
        }
    });
    return refreshing;
}

/* What the page shows besides vswctl's (the VMs' names from libvirt, the
 * uplinks' speeds) comes in afterwards, drawn when it arrives: a slow or
 * absent libvirtd must not hold the switch's own state up.
 */
let extrasRunning = false;

function refreshExtras() {
    /* one at a time: a slow libvirtd must not gather virsh processes */
    if (extrasRunning)
        return;
    extrasRunning = true;
    Promise.all([
        libvirtDomains(),
        Promise.all(state.uplinks.map(u => linkSpeed(u.name).then(speed => [u.name, speed]))),
    ]).then(([vms, list]) => {
        const speeds = Object.fromEntries(list);

        if (JSON.stringify(vms) !== JSON.stringify(state.vms) ||
            JSON.stringify(speeds) !== JSON.stringify(state.speeds)) {
            state.vms = vms;
            state.speeds = speeds;
            renderSoon();
        }
    }).finally(() => { extrasRunning = false });
}

/* a drawing per frame at most, however many events come */
let renderPending = false;

function renderSoon() {
    if (!renderPending) {
        renderPending = true;
        window.requestAnimationFrame(() => { renderPending = false; render() });
    }
}

let refreshTimer = null;

function refreshSoon() {
    if (!refreshTimer)
        refreshTimer = window.setTimeout(() => { refreshTimer = null; refresh() }, 100);
}

/* Each JSON line @proc prints, to @fn (a line that is not JSON skipped) */
function jsonLines(proc, fn) {
    let partial = "";

    proc.stream(data => {
        const lines = (partial + data).split("\n");

        partial = lines.pop();
        for (const line of lines) {
            let obj;

            try {
                obj = JSON.parse(line);
            } catch (e) {
                continue;
            }
            fn(obj);
        }
    });
}

/* `vswctl -j monitor`: one JSON object per line and event ("lost": the
 * kernel dropped some, read everything again); started again if it ends
 */
function watchEvents(retry = 1000) {
    const live = $("#vsw-live");
    const proc = cockpit.spawn(["vswctl", "-j", "monitor"], { err: "message", superuser: "try" });
    const started = Date.now();

    live.textContent = "live";
    live.classList.add("vsw-on");
    jsonLines(proc, ev => {
        /* an uplink's state: drawn at once (red when it fails) */
        if (ev.event && ev.event.startsWith("uplink") && ev.dev) {
            const up = byName(state.uplinks, ev.switch, ev.dev);

            if (up && ev.state) {
                up.state = ev.state;
                up.active = ev.active;
                renderSoon();
            }
        }
        refreshSoon();
    });
    proc.catch(ex => {
        live.textContent = "not live: " + vswctlMessage(ex);
        live.classList.remove("vsw-on");
    }).then(() => {
        /* (a monitor that lived a while starts again at once) */
        const wait = Date.now() - started > 60000 ? 1000 : Math.min(retry * 2, 60000);

        window.setTimeout(() => { refresh(); watchEvents(wait) }, wait);
    });
}

/* `vswctl -j top -b`: each second the rates of every port and uplink */
function watchRates() {
    const proc = cockpit.spawn(["vswctl", "-j", "top", "-b", "-d", "1"],
                               { err: "message", superuser: "try" });

    jsonLines(proc, sample => {
        const rates = {};

        for (const r of sample.rows || [])
            rates[r.switch + "/" + r.name] = r;
        state.rates = rates;
        updateRates();
    });
    proc.catch(() => null);
}

/* --- drawing ----------------------------------------------------------- */

/* h("div.a.b", { attrs }, children...): an element */
function h(tag, attrs, ...children) {
    const [name, ...classes] = tag.split(".");
    const el = document.createElement(name);

    if (classes.length)
        el.className = classes.join(" ");
    for (const [k, v] of Object.entries(attrs || {})) {
        if (v === undefined || v === null || v === false)
            continue;
        if (k.startsWith("on"))
            el.addEventListener(k.slice(2), v);
        else if (k === "text")
            el.textContent = v;
        else
            el.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) {
        if (c === null || c === undefined || c === false)
            continue;
        el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
}

function button(label, onclick, kind = "secondary", attrs = {}) {
    return h("button.pf-v5-c-button.pf-m-" + kind, { type: "button", onclick, ...attrs }, label);
}

function vlanText(pg) {
    switch (pg.vlan_mode) {
    case "vlan": return "VLAN " + pg.vlan;
    case "trunk": return "trunk " + (pg.trunk || "1-4094");
    case "vxlan": return "VNI " + pg.vxlan;
    case "pvlan": return "PVLAN " + pg.vlan + " (" + pg.pvlan_type + ")";
    default: return "no VLAN";
    }
}

function listOf(v) {
    return Array.isArray(v) ? v : [];
}

/* an uplink's role in the team of the selected portgroup */
function uplinkRole(pg, up) {
    if (!pg)
        return null;
    const active = Array.isArray(pg.active) ? pg.active : null;
    const standby = listOf(pg.standby);
    let role = !active || active.includes(up) ? "active" : standby.includes(up) ? "standby" : "unused";

    if (listOf(pg.uplinks).includes(up))
        role += ", carrying";
    return role;
}

function rateText(r) {
    if (!r)
        return "";
    const pps = (r.rx_pps || 0) + (r.tx_pps || 0);
    const mbps = (r.rx_mbps || 0) + (r.tx_mbps || 0);

    return pps.toFixed(pps < 10 ? 1 : 0) + " pkt/s, " + mbps.toFixed(mbps < 10 ? 2 : 0) + " Mb/s" +
        (r.drops_ps ? ", drops " + r.drops_ps.toFixed(1) + "/s" : "");
}

function updateRates() {
    document.querySelectorAll("[data-rate]").forEach(el => {
        const r = state.rates[el.dataset.rate];

        el.textContent = rateText(r);
        el.classList.toggle("vsw-drops", !!(r && r.drops_ps));
    });
}

function portRow(sw, p) {
    const vm = state.vms[p.name];
    const key = sw.name + "/" + p.name;

    return h("li.vsw-port", { "data-port": p.name },
             h("span.vsw-port-name", {}, vm || p.name),
             vm ? h("span.vsw-dim", {}, " " + p.name) : null,
             p.kind === "internal" ? h("span.vsw-tag", {}, "internal") : null,
             p.mac && p.mac !== "-" ? h("span.vsw-dim", {}, " " + p.mac) : null,
             p.blocked ? h("span.vsw-tag.vsw-bad", {}, "blocked") : null,
             h("span.vsw-rate", { "data-rate": key }, rateText(state.rates[key])));
}

function pgBox(sw, pg) {
    const ports = state.ports.filter(p => p.switch === sw.name && p.portgroup === pg.name);
    const selected = state.selected[sw.name] === pg.name;

    return h("div.vsw-pg" + (selected ? ".vsw-selected" : ""),
             {
                 "data-pg": pg.name, tabindex: 0,
                 onclick: () => { state.selected[sw.name] = selected ? null : pg.name; render() },
             },
             h("div.vsw-pg-head", {},
               h("span.vsw-pg-name", {}, pg.name),
               h("span.vsw-label", { "data-vlan": true }, vlanText(pg)),
               h("span.vsw-dim", {}, " " + ports.length + (ports.length === 1 ? " port" : " ports")),
               h("span.vsw-pg-actions", {},
                 button("Edit", ev => { ev.stopPropagation(); pgDialog(sw, pg) }, "link", { "aria-label": "Edit " + pg.name }),
                 button("Delete", ev => { ev.stopPropagation(); deleteDialog("portgroup " + pg.name, ["portgroup", "del", sw.name, pg.name]) },
                        "link", { "aria-label": "Delete " + pg.name }))),
             h("ul.vsw-ports", {}, ports.map(p => portRow(sw, p))));
}

function uplinkBox(sw, up, pg) {
    const role = uplinkRole(pg, up.name);
    const lldp = listOf(up.lldp).map(n => n.system + (n.port ? " " + n.port : "")).join(", ");
    const bad = up.state !== "up";

    return h("div.vsw-uplink" + (bad ? ".vsw-failed" : "") + (role ? ".vsw-role-" + role.split(",")[0] : ""),
             { "data-uplink": up.name, "data-state": up.state },
             h("div.vsw-pg-head", {},
               h("span.vsw-pg-name", {}, up.name),
               h("span.vsw-state", {}, up.state),
               state.speeds[up.name] ? h("span.vsw-dim", {}, " " + state.speeds[up.name]) : null,
               button("Remove", () => deleteDialog("uplink " + up.name, ["uplink", "del", sw.name, up.name]),
                      "link", { "aria-label": "Remove " + up.name })),
             role ? h("div.vsw-role", {}, role) : null,
             lldp ? h("div.vsw-dim", {}, "LLDP: " + lldp) : null,
             h("div.vsw-rate", { "data-rate": sw.name + "/" + up.name }, rateText(state.rates[sw.name + "/" + up.name])));
}

function overlayBox(ov) {
    return h("div.vsw-uplink.vsw-overlay", { "data-uplink": ov.ifname || "overlay" },
             h("div.vsw-pg-head", {},
               h("span.vsw-pg-name", {}, "overlay " + (ov.ifname || "")),
               h("span.vsw-state", {}, ov.ifname ? "up" : "no netdev")),
             h("div.vsw-dim", {}, "VTEP " + ov.local + ", " + listOf(ov.remotes).length + " remote(s), MTU " + ov.mtu));
}

/* The lines of the diagram: each portgroup to the switch's bus, the bus to
 * each uplink; the selected portgroup's to its active (solid) and standby
 * (dashed) uplinks.
 */
function drawLines(card) {
    const svg = card.querySelector("svg.vsw-lines");
    const box = card.querySelector(".vsw-diagram").getBoundingClientRect();
    const pgs = [...card.querySelectorAll(".vsw-pg")];
    const ups = [...card.querySelectorAll(".vsw-uplink")];
    const bus = card.querySelector(".vsw-bus").getBoundingClientRect();
    const x = bus.left + bus.width / 2 - box.left;
    const ns = "http://www.w3.org/2000/svg";
    let paths = "";
    let top = Infinity;
    let bottom = -Infinity;

    svg.setAttribute("width", box.width);
    svg.setAttribute("height", box.height);
    const line = (x1, y1, x2, y2, cls) => {
        paths += `<path class="${cls}" d="M${x1},${y1} H${(x1 + x2) / 2} V${y2} H${x2}"/>`;
    };
    for (const el of pgs.concat(ups)) {
        const r = el.getBoundingClientRect();
        const y = r.top + 18 - box.top;
        const isPg = el.classList.contains("vsw-pg");
        let cls = "vsw-line";

        if (!isPg && el.classList.contains("vsw-role-active"))
            cls += " vsw-line-active";
        else if (!isPg && el.classList.contains("vsw-role-standby"))
            cls += " vsw-line-standby";
        if (!isPg && el.classList.contains("vsw-failed"))
            cls += " vsw-line-failed";
        if (isPg && el.classList.contains("vsw-selected"))
            cls += " vsw-line-active";
        line(isPg ? r.right - box.left : x, isPg ? y : y, isPg ? x : r.left - box.left, y, cls);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
    }
    if (top <= bottom)
        paths += `<path class="vsw-line" d="M${x},${top} V${bottom}"/>`;
    svg.innerHTML = "";
    const g = document.createElementNS(ns, "g");

    g.innerHTML = paths;
    svg.append(g);
}

function countersTable(p) {
    const s = p.stats || {};
    const drops = Object.entries(s.drops || {});

    return h("div.vsw-counters", { "data-counters": p.name },
             h("table.pf-v5-c-table.pf-m-compact", { role: "grid", "aria-label": "Counters of " + p.name },
               h("thead", {}, h("tr", {}, h("th", {}, "RX packets"), h("th", {}, "RX bytes"),
                                h("th", {}, "TX packets"), h("th", {}, "TX bytes"))),
               h("tbody", {}, h("tr", {},
                                h("td", { "data-stat": "rx_packets" }, s.rx_packets ?? 0),
                                h("td", { "data-stat": "rx_bytes" }, s.rx_bytes ?? 0),
                                h("td", { "data-stat": "tx_packets" }, s.tx_packets ?? 0),
                                h("td", { "data-stat": "tx_bytes" }, s.tx_bytes ?? 0)))),
             h("div.vsw-drops-list", {}, "Drops: ",
               drops.map(([reason, n]) => h("span.vsw-tag" + (n ? ".vsw-bad" : ""), { "data-drop": reason }, reason + " " + n))));
}

function portsTable(sw) {
    const ports = state.ports.filter(p => p.switch === sw.name);
    const rows = [];

    for (const p of ports) {
        const key = sw.name + "/" + p.name;
        const open = state.openPort === key;

        rows.push(h("tr", { "data-port-row": p.name },
                    h("td", {}, button(open ? "▾ " + p.name : "▸ " + p.name,
                                       () => { state.openPort = open ? null : key; refresh() }, "link")),
                    h("td", {}, state.vms[p.name] || (p.kind === "internal" ? "(internal)" : "")),
                    h("td", {}, p.portgroup),
                    h("td", {}, p.mac),
                    h("td", {}, p.uplink),
                    h("td", { "data-rate": key }, rateText(state.rates[key]))));
        if (open)
            rows.push(h("tr", {}, h("td", { colspan: 6 }, countersTable(p))));
    }
    return h("table.pf-v5-c-table.pf-m-compact", { role: "grid", "aria-label": "Ports of " + sw.name },
             h("thead", {}, h("tr", {}, ["Port", "VM", "Portgroup", "MAC", "Uplink", "Traffic"].map(t => h("th", {}, t)))),
             h("tbody", {}, rows));
}

function fdbTable(sw) {
    const entries = state.fdb[sw.name];
    const input = h("input.pf-v5-c-form-control", {
        type: "search", placeholder: "Filter by MAC, port or VLAN", value: state.fdbFilter[sw.name] || "",
        "aria-label": "Filter the MAC table of " + sw.name,
    });

    input.addEventListener("input", () => {
        state.fdbFilter[sw.name] = input.value;
        const old = input.closest(".vsw-fdb").querySelector("table");

        if (old)
            old.replaceWith(fdbRows(sw));
    });
    const load = () => vswctlJson(["fdb", "show", sw.name])
            .then(list => { state.fdb[sw.name] = list; render() })
            .catch(ex => showAlert(vswctlMessage(ex)));
    return h("div.vsw-fdb", {},
             h("div.vsw-toolbar", {}, input, button(entries ? "Reload" : "Load MAC table", load)),
             entries ? fdbRows(sw) : null);
}

/* the MAC table's rows that match the filter, the first FDB_ROWS of them
 * (a table of 131072 MACs is a filter's job, not a page's)
 */
const FDB_ROWS = 500;

function fdbRows(sw) {
    const filter = (state.fdbFilter[sw.name] || "").toLowerCase();
    const cells = e => [e.mac, e.vni !== undefined ? "VNI " + e.vni : "VLAN " + e.vlan,
        e.port + (e.vtep ? " via " + e.vtep : ""), e.type, e.type === "static" ? "" : (e.age ?? 0) + " s"];
    const match = (state.fdb[sw.name] || []).map(cells)
            .filter(c => !filter || c.join(" ").toLowerCase().includes(filter));

    return h("table.pf-v5-c-table.pf-m-compact", { role: "grid", "aria-label": "MAC table of " + sw.name },
             h("thead", {}, h("tr", {}, ["MAC", "Segment", "Port", "Type", "Age"].map(t => h("th", {}, t)))),
             h("tbody", {}, match.slice(0, FDB_ROWS).map(c => h("tr", {}, c.map(v => h("td", {}, v))))),
             match.length > FDB_ROWS
                 ? h("caption", {}, `the first ${FDB_ROWS} of ${match.length}: filter to see the others`)
                 : null);
}

function switchCard(sw) {
    const pgs = state.portgroups.filter(p => p.switch === sw.name);
    const ups = state.uplinks.filter(u => u.switch === sw.name);
    const ov = state.overlays.find(o => o.switch === sw.name && o.local && o.local !== "off");
    const sel = pgs.find(p => p.name === state.selected[sw.name]);

    const card = h("section.pf-v5-c-card.vsw-switch", { "data-switch": sw.name },
                   h("div.pf-v5-c-card__header", {},
                     h("h2.pf-v5-c-title.pf-m-xl", {}, sw.name),
                     h("span.vsw-dim", {}, `MTU ${sw.mtu}, ${sw.macs} of ${sw.max_macs} MACs`),
                     h("span.vsw-card-actions", {},
                       button("Edit", () => switchDialog(sw), "secondary", { "aria-label": "Edit switch " + sw.name }),
                       button("Add portgroup", () => pgDialog(sw, null)),
                       button("Add uplink", () => uplinkDialog(sw)),
                       button("Delete switch", () => deleteDialog("switch " + sw.name, ["switch", "del", sw.name]), "danger"))),
                   h("div.pf-v5-c-card__body", {},
                     h("div.vsw-diagram", {},
                       h("div.vsw-col", {}, h("h3.vsw-col-title", {}, "Portgroups"),
                         pgs.length ? pgs.map(pg => pgBox(sw, pg)) : h("p.vsw-dim", {}, "No portgroups")),
                       h("div.vsw-bus", {}),
                       h("div.vsw-col", {}, h("h3.vsw-col-title", {}, sel ? "Uplinks of " + sel.name + " (" + sel.teaming + ")" : "Uplinks"),
                         ups.map(u => uplinkBox(sw, u, sel)), ov ? overlayBox(ov) : null,
                         !ups.length && !ov ? h("p.vsw-dim", {}, "No uplinks") : null),
                       h("svg.vsw-lines", {})),
                     h("h3.vsw-section", {}, "Ports"),
                     portsTable(sw),
                     h("h3.vsw-section", {}, "MAC table"),
                     fdbTable(sw)));
    /* (an SVG element needs its namespace) */
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");

    svg.setAttribute("class", "vsw-lines");
    card.querySelector("svg.vsw-lines").replaceWith(svg);
    return card;
}

function render() {
    const root = $("#vsw-switches");

    root.replaceChildren();
    if (state.error) {
        root.append(h("div.pf-v5-c-empty-state", {},
                      h("h2.pf-v5-c-title.pf-m-lg", {}, "vswitch cannot be read"),
                      h("p", { id: "vsw-error" }, state.error)));
        return;
    }
    if (state.loaded && !state.switches.length)
        root.append(h("div.pf-v5-c-empty-state", {},
                      h("h2.pf-v5-c-title.pf-m-lg", {}, "No virtual switches"),
                      h("p", {}, "Add a switch, then its uplinks and portgroups.")));
    for (const sw of state.switches)
        root.append(switchCard(sw));
    root.querySelectorAll(".vsw-switch").forEach(drawLines);
    document.body.dataset.loaded = state.loaded ? "yes" : "no";
}

function showAlert(text) {
    const box = $("#vsw-alert");

    box.replaceChildren(h("div.pf-v5-c-alert.pf-m-danger.pf-m-inline", { role: "alert" },
                          h("p.pf-v5-c-alert__title", {}, text)));
    window.setTimeout(() => box.replaceChildren(), 8000);
}

/* --- dialogs ----------------------------------------------------------- */

/* A field: label, control, and the place its error goes */
function field(id, label, control, help) {
    control.id = id;
    return h("div.pf-v5-c-form__group", { "data-field": id },
             h("div.pf-v5-c-form__group-label", {}, h("label.pf-v5-c-form__label", { for: id }, label)),
             h("div.pf-v5-c-form__group-control", {}, control,
               h("div.pf-v5-c-helper-text", { "aria-live": "polite" },
                 h("div.pf-v5-c-helper-text__item.vsw-help.vsw-error", { "data-error-for": id }),
                 help ? h("div.pf-v5-c-helper-text__item.vsw-help", {}, help) : null)));
}

function input(value, attrs = {}) {
    return h("input.pf-v5-c-form-control", { type: "text", value: value ?? "", ...attrs });
}

function select(options, value) {
    return h("select.pf-v5-c-form-control", {},
             options.map(([v, label]) => h("option", { value: v, selected: v === value }, label)));
}

function toggle(label, on) {
    return h("label.vsw-check", {}, h("input", { type: "checkbox", checked: on }), " " + label);
}

/* Which field a message is about: the words vswctl and the kernel use */
const FIELD_WORDS = [
    [/\b(VLAN|VID|vlan|trunk|VNI|vxlan|private)\b/, "f-vlan"],
    [/\b(teaming|active|standby|failback|notify|detect)\b/, "f-teaming"],
    [/\b(shaping|avg|peak|burst|dir)\b/, "f-shaping"],
    [/\b(mtu|MTU)\b/, "f-mtu"],
    [/\b(ageing|aging)\b/, "f-ageing"],
    [/\b(max-macs|MAC table)\b/, "f-max-macs"],
    [/\b(device|uplink|dev)\b/, "f-dev"],
    [/\b(name|portgroup|switch)\b/, "f-name"],
];

function showFieldError(form, msg) {
    form.querySelectorAll(".vsw-help.pf-m-error").forEach(el => {
        el.classList.remove("pf-m-error");
        el.textContent = "";
    });
    form.querySelectorAll("[aria-invalid]").forEach(el => el.removeAttribute("aria-invalid"));
    let target = null;

    for (const [re, id] of FIELD_WORDS)
        if (re.test(msg) && form.querySelector("#" + id)) {
            target = id;
            break;
        }
    const slot = target ? form.querySelector(`[data-error-for="${target}"]`) : form.querySelector(".vsw-form-error");

    slot.classList.add("pf-m-error");
    slot.textContent = msg;
    if (target)
        form.querySelector("#" + target).setAttribute("aria-invalid", "true");
}

/* A modal: @body a form; @submit returns vswctl's argument lists, run in
 * order; the first refusal is shown and the dialog stays.
 */
function dialog(title, body, submitLabel, submit) {
    const modal = $("#vsw-modal");
    const form = h("form.pf-v5-c-form", { novalidate: true }, body,
                   h("div.pf-v5-c-helper-text", {}, h("div.pf-v5-c-helper-text__item.vsw-help.vsw-error.vsw-form-error", {})));
    const close = () => modal.replaceChildren();
    const ok = button(submitLabel, null, submitLabel === "Delete" ? "danger" : "primary", { type: "submit" });

    form.addEventListener("submit", ev => {
        ev.preventDefault();
        let steps;

        try {
            steps = submit(form);
        } catch (e) {
            showFieldError(form, e.message);
            return;
        }
        ok.disabled = true;
        steps.reduce((p, args) => p.then(() => vswctl(args)), Promise.resolve())
                .then(() => { close(); refresh() })
                .catch(ex => { ok.disabled = false; showFieldError(form, vswctlMessage(ex)); refresh() });
    });
    ok.setAttribute("form", "vsw-dialog-form");
    form.id = "vsw-dialog-form";
    modal.replaceChildren(
        h("div.pf-v5-c-backdrop", {},
          h("div.pf-v5-l-bullseye.vsw-bullseye", {},
            h("div.pf-v5-c-modal-box.pf-m-md", { role: "dialog", "aria-modal": "true", "aria-label": title },
              h("header.pf-v5-c-modal-box__header", {}, h("h1.pf-v5-c-modal-box__title", {}, title)),
              h("div.pf-v5-c-modal-box__body", {}, form),
              h("footer.pf-v5-c-modal-box__footer", {}, ok, button("Cancel", close, "link"))))));
    const first = form.querySelector("input, select");

    if (first)
        first.focus();
}

function val(form, id) {
    return form.querySelector("#" + id).value.trim();
}

/* add a switch, or edit one (@sw): MTU, MAC ageing, MAC table size */
function switchDialog(sw) {
    const body = [
        sw ? null : field("f-name", "Name", input("")),
        field("f-mtu", "MTU", input(sw ? sw.mtu : "1500", { inputmode: "numeric" })),
        field("f-ageing", "MAC ageing (seconds)", input(sw ? sw.ageing : "300", { inputmode: "numeric" })),
        field("f-max-macs", "MAC table size", input(sw ? sw.max_macs : "131072", { inputmode: "numeric" })),
    ];

    dialog(sw ? "Edit switch " + sw.name : "Add switch", body, sw ? "Save" : "Add", form => [[
        "switch", sw ? "set" : "add", sw ? sw.name : val(form, "f-name"),
        "mtu", val(form, "f-mtu"), "ageing", val(form, "f-ageing"), "max-macs", val(form, "f-max-macs"),
    ]]);
}

function uplinkDialog(sw) {
    const devs = select([["", "Loading…"]], "");

    cockpit.spawn(["ls", "/sys/class/net"], { err: "ignore" }).then(out => {
        const taken = new Set(state.uplinks.map(u => u.name).concat(state.ports.map(p => p.name)));
        const names = out.split(/\s+/).filter(n => n && n !== "lo" && !taken.has(n));

        devs.replaceChildren(...names.map(n => h("option", { value: n }, n)));
    });
    dialog("Add uplink to " + sw.name, [field("f-dev", "Network device", devs,
                                             "A physical NIC (or bond): an 802.1Q trunk to the physical switch")],
           "Add", form => [["uplink", "add", sw.name, val(form, "f-dev")]]);
}

function deleteDialog(what, args) {
    dialog("Delete " + what + "?", [h("p", {}, "This cannot be undone; frames that used it are dropped.")],
           "Delete", () => [args]);
}

/* Add or edit a portgroup: VLAN, teaming, security, shaping */
function pgDialog(sw, pg) {
    const ups = state.uplinks.filter(u => u.switch === sw.name).map(u => u.name);
    const mode = pg ? pg.vlan_mode : "vlan";
    const vlanValue = !pg ? "" : mode === "vlan" ? pg.vlan : mode === "trunk" ? (pg.trunk || "") : mode === "vxlan" ? pg.vxlan : "";
    const active = pg && Array.isArray(pg.active) ? pg.active : null;
    const roles = ups.map(u => {
        const role = !active || active.includes(u) ? "active" : listOf(pg.standby).includes(u) ? "standby" : "unused";

        return h("div.vsw-role-pick", {}, h("span", {}, u),
                 select([["active", "active"], ["standby", "standby"], ["unused", "unused"]], role));
    });
    const roleSelects = () => [...document.querySelectorAll(".vsw-role-pick")].map(el =>
        [el.firstChild.textContent, el.querySelector("select").value]);
    const body = [
        pg ? null : field("f-name", "Name", input("")),
        field("f-vlan", "VLAN",
              h("div.vsw-inline", {},
                select([["vlan", "VLAN ID"], ["none", "None (untagged)"], ["trunk", "Trunk (VGT)"], ["vxlan", "Overlay VNI"]], mode),
                input(vlanValue, { id: "f-vlan-value", "aria-label": "VLAN ID, trunk list or VNI" })),
              "A VLAN ID 1-4094, a trunk's list (10,20-29), or a VXLAN VNI"),
        field("f-teaming", "Teaming",
              h("div", {},
                select([["portid", "Route based on originating port"], ["srcmac", "Source MAC hash"],
                    ["iphash", "IP hash"], ["failover", "Explicit failover order"]], pg ? pg.teaming : "portid"),
                roles)),
        field("f-security", "Security",
              h("div", {}, toggle("Promiscuous mode", pg && pg.promisc), toggle("Forged transmits", pg && pg.forged_tx),
                toggle("MAC address changes", pg && pg.mac_changes))),
        field("f-shaping", "Traffic shaping",
              h("div.vsw-inline", {},
                input(pg && pg.shaping_avg ? pg.shaping_avg / 1e6 + "mbit" : "", { id: "f-avg", placeholder: "average, e.g. 100mbit", "aria-label": "average" }),
                input(pg && pg.shaping_peak ? pg.shaping_peak / 1e6 + "mbit" : "", { id: "f-peak", placeholder: "peak", "aria-label": "peak" }),
                input(pg && pg.shaping_burst ? String(pg.shaping_burst) : "", { id: "f-burst", placeholder: "burst, e.g. 64k", "aria-label": "burst" })),
              "Empty: no shaping"),
    ];

    dialog(pg ? "Edit portgroup " + pg.name : "Add portgroup to " + sw.name, body, pg ? "Save" : "Add", form => {
        const words = [];
        const vmode = form.querySelector("#f-vlan select").value;
        const v = val(form, "f-vlan-value");

        if (vmode === "none")
            words.push("vlan", "none");
        else if (vmode === "trunk")
            words.push("vlan", "trunk", ...(v ? [v] : []));
        else
            words.push(vmode === "vxlan" ? "vxlan" : "vlan", v);
        words.push("teaming", form.querySelector("#f-teaming select").value);
        if (ups.length) {
            const picked = roleSelects();
            const act = picked.filter(r => r[1] === "active").map(r => r[0]);
            const stb = picked.filter(r => r[1] === "standby").map(r => r[0]);

            if (act.length === ups.length)
                words.push("active", "all");
            else if (!act.length)
                throw new Error("teaming: at least one uplink must be active");
            else
                words.push("active", act.join(","), "standby", stb.length ? stb.join(",") : "none");
        }
        const checks = [...form.querySelectorAll("#f-security input")];

        words.push("promisc", checks[0].checked ? "on" : "off",
                   "forged-tx", checks[1].checked ? "on" : "off",
                   "mac-changes", checks[2].checked ? "on" : "off");
        const [avg, peak, burst] = [val(form, "f-avg"), val(form, "f-peak"), val(form, "f-burst")];

        if (avg || peak || burst)
            words.push("shaping", "avg", avg, "peak", peak || avg, "burst", burst || "64k");
        else if (pg && pg.shaping !== "off")
            words.push("shaping", "off");
        return pg ? [["portgroup", "set", sw.name, pg.name, ...words]]
            : [["portgroup", "add", sw.name, val(form, "f-name"), ...words]];
    });
}

/* --- start --------------------------------------------------------------- */

document.addEventListener("DOMContentLoaded", () => {
    $("#vsw-add-switch").addEventListener("click", () => switchDialog(null));
    window.addEventListener("resize", () => document.querySelectorAll(".vsw-switch").forEach(drawLines));
    refresh().then(() => {
        watchEvents();
        watchRates();
    });
    cockpit.transport.wait(() => document.body.classList.add("vsw-ready"));
});
