// Builds the UI bundle into src/Nines.Web/wwwroot/dist/.
//
// `npm run build` runs this; so does `dotnet build` of src/Nines.Web (an MSBuild target). Several
// builds may run at once (two test projects built in parallel, an IDE and a terminal), all writing
// the same folder, so this script:
//   - holds a lock (an atomically created directory) for the whole install + build,
//   - runs `npm ci` when node_modules is missing or older than package-lock.json,
//   - skips the work when every output is newer than every input (checked again under the lock),
//   - writes each output to a temporary file and renames it into place, so a reader never sees
//     half a file, and writes the stamp last.
// Usage: node tools/build.mjs [--force]
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outDir = path.resolve(webDir, "..", "src", "Nines.Web", "wwwroot", "dist");
const nodeModules = path.join(webDir, "node_modules");
const stampFile = path.join(nodeModules, ".nines-build-stamp");
const lockDir = path.join(webDir, ".build-lock");
const expectedOutputs = ["app.js", "app.css", "theme.js"];
const force = process.argv.includes("--force");
const isWindows = process.platform === "win32";

// theme.js runs alone in <head>; app.js and app.css carry the notices of the packages they bundle.
const bundles = [
    { entryPoints: [{ in: "src/theme.ts", out: "theme" }], notices: [] },
    { entryPoints: [{ in: "src/app.ts", out: "app" }, { in: "src/styles/app.css", out: "app" }], notices: ["uplot"] },
];

function log(message) {
    process.stdout.write(`nines-web: ${message}\n`);
}

function fail(message) {
    process.stderr.write(`nines-web: ${message}\n`);
    process.exit(1);
}

function sleep(ms) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function mtime(file) {
    try {
        return fs.statSync(file).mtimeMs;
    } catch {
        return -1;
    }
}

function newestInput() {
    let newest = 0;
    const visit = (p) => {
        const stat = fs.statSync(p);
        if (stat.isDirectory()) {
            for (const name of fs.readdirSync(p)) {
                visit(path.join(p, name));
            }
        } else {
            newest = Math.max(newest, stat.mtimeMs);
        }
    };
    for (const p of ["src", "tools", "package.json", "package-lock.json", "tsconfig.json"]) {
        const full = path.join(webDir, p);
        if (fs.existsSync(full)) {
            visit(full);
        }
    }
    return newest;
}

function upToDate() {
    const stamp = mtime(stampFile);
    if (stamp < 0 || expectedOutputs.some((name) => mtime(path.join(outDir, name)) < 0)) {
        return false;
    }
    return stamp >= newestInput();
}

function processAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    } catch (e) {
        return e.code === "EPERM";
    }
}

// The lock is a directory (mkdir is atomic) holding the owner's pid. A lock whose owner died, or
// that is older than ten minutes, is taken over.
function acquireLock() {
    const deadline = Date.now() + 10 * 60 * 1000;
    let told = false;
    for (;;) {
        try {
            fs.mkdirSync(lockDir);
            fs.writeFileSync(path.join(lockDir, "pid"), String(process.pid));
            return;
        } catch (e) {
            if (e.code !== "EEXIST") {
                throw e;
            }
        }
        let stale = Date.now() - mtime(lockDir) > 10 * 60 * 1000;
        try {
            const owner = Number(fs.readFileSync(path.join(lockDir, "pid"), "utf8"));
            if (owner > 0 && !processAlive(owner)) {
                stale = true;
            }
        } catch {
            // The owner has created the directory but not yet written its pid.
        }
        if (stale) {
            fs.rmSync(lockDir, { recursive: true, force: true });
            continue;
        }
        if (Date.now() > deadline) {
            fail(`gave up waiting for ${lockDir}; delete it if no build is running`);
        }
        if (!told) {
            log("another build holds the lock; waiting");
            told = true;
        }
        sleep(200);
    }
}

function releaseLock() {
    fs.rmSync(lockDir, { recursive: true, force: true });
}

function run(command, args) {
    const result = spawnSync(command, args, { cwd: webDir, stdio: "inherit", shell: isWindows });
    if (result.error) {
        fail(`${command} could not start: ${result.error.message}`);
    }
    if (result.status !== 0) {
        fail(`${command} ${args.join(" ")} failed with exit code ${result.status}`);
    }
}

function installIfNeeded() {
    const installed = mtime(path.join(nodeModules, ".package-lock.json"));
    if (installed >= 0 && installed >= mtime(path.join(webDir, "package-lock.json"))) {
        return;
    }
    log("installing packages (npm ci)");
    run("npm", ["ci", "--no-audit", "--no-fund"]);
}

function writeAtomically(file, contents) {
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, contents);
    fs.renameSync(temp, file);
}

// A one-line licence notice for each bundled package, from its own package.json.
function noticeBanner(packages) {
    if (packages.length === 0) {
        return {};
    }
    const lines = packages.map((name) => {
        const meta = JSON.parse(fs.readFileSync(path.join(nodeModules, name, "package.json"), "utf8"));
        const home = meta.homepage ?? meta.repository?.url ?? "";
        return `${meta.name} ${meta.version} (${meta.license} licence) ${home}`.trim();
    });
    const text = `/*! Bundled: ${lines.join("; ")} */`;
    return { js: text, css: text };
}

async function build() {
    const { build: esbuild } = await import("esbuild");
    const outputFiles = [];
    for (const bundle of bundles) {
        outputFiles.push(...(await buildOne(esbuild, bundle)));
    }
    fs.mkdirSync(outDir, { recursive: true });
    const written = new Set();
    for (const file of outputFiles) {
        writeAtomically(file.path, file.contents);
        written.add(path.basename(file.path));
    }
    for (const name of fs.readdirSync(outDir)) {
        if (!written.has(name)) {
            fs.rmSync(path.join(outDir, name), { force: true });
        }
    }
    return [...written].sort();
}

async function buildOne(esbuild, bundle) {
    const result = await esbuild({
        absWorkingDir: webDir,
        entryPoints: bundle.entryPoints,
        banner: noticeBanner(bundle.notices),
        outdir: outDir,
        bundle: true,
        minify: true,
        sourcemap: "linked",
        format: "esm",
        target: ["es2022", "chrome111", "firefox120", "safari17"],
        legalComments: "none",
        logLevel: "warning",
        write: false,
    });
    if (result.warnings.length > 0) {
        fail("esbuild reported warnings (treated as errors)");
    }
    return result.outputFiles;
}

acquireLock();
const cleanup = () => {
    releaseLock();
    process.exit(130);
};
process.on("SIGINT", cleanup);
process.on("SIGTERM", cleanup);
try {
    installIfNeeded();
    if (!force && upToDate()) {
        log(`up to date: ${path.relative(process.cwd(), outDir)}`);
    } else {
        run(process.execPath, [path.join(nodeModules, "typescript", "bin", "tsc"), "--noEmit", "-p", "."]);
        const files = await build();
        fs.writeFileSync(stampFile, new Date().toISOString() + "\n");
        log(`built ${files.join(", ")} into ${path.relative(process.cwd(), outDir)}`);
    }
} catch (e) {
    releaseLock();
    fail(e instanceof Error ? e.message : String(e));
}
releaseLock();
