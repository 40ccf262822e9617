#!/usr/bin/env python3
"""bench/run.py: build, run and tabulate tinydual's benchmarks (Python 3 standard library only).

    python3 bench/run.py                  # everything: both builds, timings, instructions, compile times
    python3 bench/run.py --quick          # smoke run: one build, short timings, no callgrind
    python3 bench/run.py --record         # also rewrite bench/instructions.json with this run's counts
    python3 bench/run.py --plot-only      # only draw bench/ratio.png from bench/instructions.json

Builds (CMake, Release, option TINYDUAL_BENCH=ON) into build/bench-native (-O3 -march=native) and
build/bench-sse2 (-O3, the compiler's default x86-64 target: SSE2), runs tinydual_bench (tinydual,
hand-written, Ceres Jet, Eigen AutoDiffScalar) and tinydual_bench_plain (tinydual with
TINYDUAL_BACKEND_PLAIN=1) with Google Benchmark (JSON, 3 repetitions, medians of the CPU time,
pinned to one core with taskset when it exists), and prints:
  - the machine (lscpu model name), the compiler and the flags;
  - per build, a markdown table of ns per call and the ratios the issue's targets are about;
  - a summary of the targets: met or not, with the worst case of each;
  - instructions per call (valgrind --tool=callgrind, fixed iteration count, see bench/main.cpp),
    compared with the counts recorded in bench/instructions.json;
  - the compile time at -O2 of the N = 8 tanh-layer Hessian with tinydual, Jet of Jet and Eigen's
    nested AutoDiffScalar (bench/compile_time/).
After the callgrind step it draws one figure (matplotlib): tinydual's instructions per call over
the best peer's (the fewer of Jet and Eigen) against N, one line per workload and type, one panel
per build. With --record it goes to bench/ratio.png (the README's plot, drawn from the counts just
recorded), otherwise to build/bench-ratio.png; --plot FILE chooses. --plot-only draws it from
bench/instructions.json and does nothing else. matplotlib is the only package outside the standard
library: if this interpreter lacks it, the plot is drawn by /usr/bin/python3 (Debian:
apt-get install python3-matplotlib); if neither has it the plot is skipped with a message, and the
rest of the run goes on.
"""
import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
RECORD = os.path.join(BENCH, "instructions.json")
PLOT = os.path.join(BENCH, "ratio.png")
SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's interpreter, where apt's python3-matplotlib is
# native: the machine's own instruction set, less AVX-512, which valgrind 3.19 (Debian 12) cannot
# decode (callgrind would stop with SIGILL), so that every build can be counted.
BUILDS = {"native": "-march=native -mno-avx512f", "sse2": ""}
IMPLS = ["tinydual", "hand", "jet", "eigen"]
FIRST_ORDER = ["rosenbrock_gradient", "tanh_layer_gradient", "neuron_loss_gradient", "l8_jacobian", "rigid_jacobian"]
DENSE = ["tanh_layer_gradient", "l8_jacobian"]
HESSIANS = ["quad_sin_hessian", "tanh_layer_hessian"]
ORDER = FIRST_ORDER + HESSIANS


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def run(cmd, **kw):
    log("+ " + " ".join(cmd))
    return subprocess.run(cmd, check=True, **kw)


def output(cmd):
    try:
        return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return ""


# ---- build ----------------------------------------------------------------------------------
def build_dir(name):
    return os.path.join(ROOT, "build", "bench-" + name)


def build(name, flags, jobs, compiler):
    d = build_dir(name)
    cfg = ["cmake", "-S", ROOT, "-B", d, "-DCMAKE_BUILD_TYPE=Release", "-DTINYDUAL_BENCH=ON", "-DTINYDUAL_TEST=OFF",
           "-DTINYDUAL_DEMO=OFF", "-DTINYDUAL_INSTALL=OFF", "-DCMAKE_CXX_FLAGS=" + flags]
    if compiler:
        cfg.append("-DCMAKE_CXX_COMPILER=" + compiler)
    run(cfg, stdout=subprocess.DEVNULL)
    run(["cmake", "--build", d, "-j", str(jobs)], stdout=subprocess.DEVNULL)
    return d


def cache_value(d, key):
    with open(os.path.join(d, "CMakeCache.txt")) as f:
        for line in f:
            if line.startswith(key + ":"):
                return line.split("=", 1)[1].strip()
    return ""


# ---- timings --------------------------------------------------------------------------------
def pin(cpu):
    return ["taskset", "-c", str(cpu)] if cpu is not None and shutil.which("taskset") else []


def run_benchmarks(exe, args):
    cmd = pin(args.cpu) + [exe, "--benchmark_format=json", "--benchmark_repetitions=%d" % args.repetitions,
                           "--benchmark_min_time=%g" % args.min_time]
    if args.filter:
        cmd.append("--benchmark_filter=" + args.filter)
    log("+ " + " ".join(cmd))
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    data = json.loads(out)
    samples = {}
    for b in data["benchmarks"]:
        if b.get("run_type", "iteration") != "iteration":
            continue
        unit = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}[b.get("time_unit", "ns")]
        samples.setdefault(b["run_name"], []).append(b[args.time + "_time"] * unit)
    return {k: statistics.median(v) for k, v in samples.items()}, data.get("context", {})


def split(name):
    w, t, n, impl = name.split("/")
    return w, t, int(n), impl


def collect(times):
    """{(workload, type, N): {impl: ns}}"""
    rows = {}
    for name, ns in times.items():
        w, t, n, impl = split(name)
        if impl == "tinydual_plain":
            impl = "plain"
        elif impl == "tinydual_ieee":
            impl = "ieee"
        rows.setdefault((w, t, n), {})[impl] = ns
    return rows


def key_order(k):
    w, t, n = k
    return (ORDER.index(w) if w in ORDER else len(ORDER), w, t != "float", n)


def fmt(x, digits=1):
    if x is None:
        return "-"
    if x >= 1e5:
        return "%.3g" % x
    return "%.*f" % (digits, x)


def best_peer(r, w):
    # Hessians: Jet of Jet is the peer the Hessian targets name; Eigen's nested AutoDiffScalar is shown too
    peers = [r[i] for i in (("jet",) if w in HESSIANS else ("jet", "eigen")) if i in r]
    return min(peers) if peers else None


def targets(w, n, r, impl="tinydual"):
    """[(target name, ok, value)] for one row, judged on impl ("tinydual": the default safe
    policy; "ieee": the same drivers with tinydual::ieee)."""
    out = []
    td, hand, plain = r.get(impl), r.get("hand"), r.get("plain")
    peer = best_peer(r, w)
    if td is None:
        return out
    if impl != "tinydual":
        plain = None
    if w in FIRST_ORDER and 4 <= n <= 32 and peer:
        out.append(("gradients/Jacobians: >= 1.5x faster than the best of Jet and Eigen", peer / td >= 1.5, peer / td))
    if w in DENSE and 4 <= n <= 32 and hand:
        out.append(("dense (tanh layer, L8): within 1.5x of hand-written", td / hand <= 1.5, td / hand))
    if w in HESSIANS and 4 <= n <= 16:
        if peer:
            out.append(("Hessians: >= 20x faster than Jet of Jet", peer / td >= 20, peer / td))
        if hand:
            out.append(("Hessians: within 3x of hand-written", td / hand <= 3, td / hand))
    if plain:
        out.append(("xsimd backend never > 10% slower than plain", td / plain <= 1.10, td / plain))
    return out


def table(rows):
    lines = ["| workload | type | N | tinydual | hand-written | Jet | Eigen | tinydual / hand | best peer / tinydual | plain backend | xsimd / plain | tinydual::ieee | best peer / ieee |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for k in sorted(rows, key=key_order):
        w, t, n = k
        r = rows[k]
        td, hand, peer, plain, ieee = r.get("tinydual"), r.get("hand"), best_peer(r, w), r.get("plain"), r.get("ieee")
        lines.append("| %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            w, t, n, fmt(td), fmt(hand), fmt(r.get("jet")), fmt(r.get("eigen")),
            fmt(td / hand, 2) if td and hand else "-", fmt(peer / td, 2) if td and peer else "-",
            fmt(plain), fmt(td / plain, 2) if td and plain else "-",
            fmt(ieee), fmt(peer / ieee, 2) if ieee and peer else "-"))
    return "\n".join(lines)


def summary(all_rows):
    """all_rows: {build: rows}. One line per target: met everywhere, or the failing cases."""
    results = {}
    for b, rows in all_rows.items():
        for k in sorted(rows, key=key_order):
            for name, ok, v in targets(k[0], k[2], rows[k]):
                results.setdefault(name, []).append((ok, v, b, k))
            for name, ok, v in targets(k[0], k[2], rows[k], "ieee"):
                results.setdefault(name + " [with tinydual::ieee]", []).append((ok, v, b, k))
    lines = []
    for name, res in results.items():
        bad = [r for r in res if not r[0]]
        if not bad:
            lines.append("- **met** (%d/%d cases): %s" % (len(res), len(res), name))
        else:
            worst = max(bad, key=lambda r: r[1]) if "within" in name or "slower" in name else min(bad, key=lambda r: r[1])
            lines.append("- **not met** in %d of %d cases: %s; worst %s (%s %s N=%d)" % (
                len(bad), len(res), name, fmt(worst[1], 2), worst[2], worst[3][0] + "/" + worst[3][1], worst[3][2]))
    return "\n".join(lines)


# ---- instruction counts ---------------------------------------------------------------------
def count_instructions(exe, args):
    if not shutil.which("valgrind"):
        log("valgrind not found: no instruction counts")
        return {}
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "cg.out")
        cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out, exe,
               "--count=" + (args.filter or "."), "--iterations=%d" % args.iterations]
        log("+ " + " ".join(cmd))
        subprocess.run(cmd, check=True, capture_output=True)
        counts = {}
        for f in os.listdir(tmp):
            if not re.match(r"cg\.out\.\d+$", f):
                continue
            name = total = None
            with open(os.path.join(tmp, f)) as fh:
                for line in fh:
                    if line.startswith("desc: Trigger: Client Request: "):
                        name = line.split("Client Request: ", 1)[1].strip()
                    elif line.startswith("totals:") or line.startswith("summary:"):
                        total = int(line.split()[1])
            if name and total is not None:
                counts[name] = round(total / args.iterations)
        return counts


def compare_instructions(counts, recorded):
    lines = ["| build | kernel | recorded | now | delta |", "|---|---|---|---|---|"]
    changed = 0
    for b in counts:
        for name in sorted(counts[b], key=lambda s: (key_order(split(s)[:3]), s)):
            now = counts[b][name]
            old = recorded.get(b, {}).get(name)
            if old is None:
                lines.append("| %s | %s | - | %d | new |" % (b, name, now))
                changed += 1
            elif old != now:
                lines.append("| %s | %s | %d | %d | %+.1f%% |" % (b, name, old, now, 100.0 * (now - old) / old))
                changed += 1
    if changed == 0:
        return "every count equals the recorded one (%s)" % os.path.relpath(RECORD, ROOT)
    return "\n".join(lines)


def per_workload_delta(counts, recorded):
    """Sum of the tinydual kernels' instructions per workload and build, now against recorded."""
    lines = ["| build | workload | tinydual instructions (sum over type, N), recorded | now | delta |", "|---|---|---|---|---|"]
    for b in counts:
        sums = {}
        for name, now in counts[b].items():
            w, t, n, impl = split(name)
            if impl not in ("tinydual", "tinydual_plain"):
                continue
            old = recorded.get(b, {}).get(name)
            s = sums.setdefault((w, impl), [0, 0, True])
            s[1] += now
            if old is None:
                s[2] = False
            else:
                s[0] += old
        for (w, impl), (old, now, complete) in sorted(sums.items(), key=lambda kv: (key_order((kv[0][0], "", 0)), kv[0][1])):
            label = w + ("" if impl == "tinydual" else " (plain)")
            if complete and old:
                lines.append("| %s | %s | %d | %d | %+.2f%% |" % (b, label, old, now, 100.0 * (now - old) / old))
            else:
                lines.append("| %s | %s | - | %d | new |" % (b, label, now))
    return "\n".join(lines)


# ---- plot -----------------------------------------------------------------------------------
def ratio_series(counts):
    """{workload: {type: [(N, tinydual / min(jet, eigen))]}} from one build's counts."""
    rows = collect(counts)
    out = {}
    for (w, t, n), r in sorted(rows.items(), key=lambda kv: key_order(kv[0])):
        peers = [r[i] for i in ("jet", "eigen") if r.get(i)]
        if r.get("tinydual") and peers:
            out.setdefault(w, {}).setdefault(t, []).append((n, r["tinydual"] / min(peers)))
    return out


def draw_ratio(data, out):
    """data: {"about": {...}, build: {kernel: instructions}}, as in bench/instructions.json."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.ticker import FixedLocator, NullLocator

    builds = [b for b in BUILDS if b in data] + [b for b in data if b not in BUILDS and b != "about"]
    flags = data.get("about", {}).get("flags", {})
    colours = dict(zip(ORDER, plt.get_cmap("tab10").colors))
    styles = {"float": ("-", "o"), "double": ("--", "s")}
    fig, axes = plt.subplots(1, len(builds), figsize=(max(10.5, 6.2 * len(builds)), 5.4), sharey=True, squeeze=False)
    lo, hi = 1.0, 1.0
    for ax, b in zip(axes[0], builds):
        series = ratio_series(data[b])
        for w in sorted(series, key=lambda w: ORDER.index(w) if w in ORDER else len(ORDER)):
            for t, pts in sorted(series[w].items(), key=lambda kv: kv[0] != "float"):
                ls, mk = styles.get(t, (":", "^"))
                xs, ys = zip(*pts)
                lo, hi = min(lo, *ys), max(hi, *ys)
                ax.plot(xs, ys, linestyle=ls, marker=mk, markersize=5, linewidth=1.6,
                        color=colours.get(w, "0.3"), markerfacecolor="white" if t == "double" else None)
        ax.axhline(1.0, color="black", linewidth=1.2, zorder=0)
        ax.set_xscale("log", base=2)
        ns = sorted({n for s in series.values() for pts in s.values() for n, _ in pts})
        ax.xaxis.set_major_locator(FixedLocator(ns))
        ax.xaxis.set_minor_locator(NullLocator())
        ax.set_xticklabels([str(n) for n in ns])
        ax.set_xlabel("N (partial derivatives per number)")
        ax.set_title("%s build (%s)" % (b, flags.get(b, "")), fontsize=11)
        ax.grid(True, which="major", color="0.88", linewidth=0.8)
        ax.text(0.01, 0.015, "below 1: tinydual executes fewer instructions than the best peer",
                transform=ax.transAxes, fontsize=8.5, color="0.3", va="bottom")
    ax0 = axes[0][0]
    ax0.set_yscale("log")
    candidates = (0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1, 1.5, 2, 3, 5, 10)
    if hi / lo < 4:  # a narrow range (a filtered run): finer ticks
        candidates = (0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.2, 1.4, 1.6, 1.8, 2, 2.5, 3)
    ticks = [t for t in candidates if lo / 1.15 <= t <= hi * 1.15]
    ax0.set_ylim(lo / 1.2, hi * 1.2)
    ax0.yaxis.set_major_locator(FixedLocator(ticks))
    ax0.yaxis.set_minor_locator(NullLocator())
    ax0.set_yticklabels(["%g" % t for t in ticks])
    ax0.set_ylabel("tinydual / best peer, instructions per call")
    handles = [Line2D([], [], color=colours.get(w, "0.3"), linewidth=2.5, label=w.replace("_", " ")) for w in ORDER]
    handles += [Line2D([], [], color="0.3", linestyle=ls, marker=mk, markerfacecolor="white" if t == "double" else None,
                       label=t) for t, (ls, mk) in styles.items()]
    fig.legend(handles=handles, loc="lower center", ncol=5, fontsize=9, frameon=False)
    fig.suptitle("tinydual / best peer (min of Ceres Jet and Eigen AutoDiffScalar) against N, "
                 "instructions per call (callgrind)", fontsize=12)
    fig.text(0.5, 0.905, "Hessians: peers are Jet of Jet and nested AutoDiffScalar (not built at N = 32); data: "
             + data.get("about", {}).get("plot_source", "bench/instructions.json"), ha="center", fontsize=9, color="0.3")
    fig.tight_layout(rect=(0, 0.09, 1, 0.9))
    fig.savefig(out, dpi=110)
    plt.close(fig)


def plot(data, out, reexec=True):
    """Draws the figure; never raises. Returns True if it was drawn."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        here = os.path.realpath(sys.executable or "")
        tried = reexec and os.access(SYSTEM_PYTHON, os.X_OK) and os.path.realpath(SYSTEM_PYTHON) != here
        if tried:
            log("matplotlib is not importable by %s: drawing the plot with %s" % (sys.executable, SYSTEM_PYTHON))
            fd, tmp = tempfile.mkstemp(suffix=".json")
            try:
                with os.fdopen(fd, "w") as f:
                    json.dump(data, f)
                r = subprocess.run([SYSTEM_PYTHON, os.path.abspath(__file__), "--plot-only", "--plot-data", tmp,
                                    "--plot", out, "--no-reexec"])
                if r.returncode == 0:
                    return True
                log("no plot from %s (its message is above)" % SYSTEM_PYTHON)
                return False
            except OSError as e:
                log("could not run %s: %s" % (SYSTEM_PYTHON, e))
            finally:
                os.unlink(tmp)
        log("no plot: matplotlib is not installed for %s%s (Debian: apt-get install python3-matplotlib)" % (
            sys.executable, " nor for " + SYSTEM_PYTHON if tried else ""))
        return False
    try:
        os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
        draw_ratio(data, out)
    except Exception as e:  # the plot is an extra: a failure here must not end the run
        log("no plot: %s: %s" % (type(e).__name__, e))
        return False
    log("plot: " + out)
    return True


# ---- compile time ---------------------------------------------------------------------------
def compile_times(compiler, d, args):
    eigen = cache_value(d, "TINYDUAL_BENCH_EIGEN_DIR")
    ceres = cache_value(d, "TINYDUAL_BENCH_CERES_DIR")
    probes = [("tinydual hyper_dual (tinydual::hessian)", "tinydual_hessian.cpp", []),
              ("Ceres Jet of Jet", "jet_hessian.cpp", [ceres, eigen]),
              ("Eigen nested AutoDiffScalar", "eigen_hessian.cpp", [eigen])]
    have_second = os.path.exists(os.path.join(ROOT, "include", "tinydual", "second_order.hpp"))
    lines = ["| N = 8 tanh-layer Hessian, one TU at -O2 | compile time: CPU s (user + sys), median of %d | wall s |"
             % args.compile_repetitions, "|---|---|---|"]
    for label, src, incs in probes:
        if src.startswith("tinydual") and not have_second:
            lines.append("| %s | (no second_order.hpp) |" % label)
            continue
        if any(not i or i.endswith("-NOTFOUND") for i in incs):
            lines.append("| %s | (headers not found) |" % label)
            continue
        system = ("/usr/include", "/usr/local/include")  # already searched; -isystem on them breaks #include_next
        cmd = [compiler, "-std=c++17", "-O2", "-I" + os.path.join(ROOT, "include")] + \
              ["-isystem" + i for i in incs if os.path.normpath(i) not in system] + \
              ["-c", os.path.join(BENCH, "compile_time", src), "-o", os.devnull]
        # CPU time of the compiler (user + sys, from the children's rusage) is what the target is
        # judged on: on a shared machine the wall time also counts the other processes' turns.
        ts, walls = [], []
        for _ in range(args.compile_repetitions):
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            r = subprocess.run(cmd, capture_output=True, text=True)
            walls.append(time.perf_counter() - t0)
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            ts.append((r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime))
            if r.returncode != 0:
                log(r.stderr)
                ts = None
                break
        mark = ""
        if ts and src.startswith("tinydual"):
            mark = " (target < 3 s: %s)" % ("met" if statistics.median(ts) < 3 else "not met")
        lines.append("| %s | %s%s | %s |" % (label, "%.2f" % statistics.median(ts) if ts else "failed", mark,
                                             "%.2f" % statistics.median(walls) if ts else "-"))
    return "\n".join(lines)


# ---- main -----------------------------------------------------------------------------------
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--builds", default="native,sse2", help="comma-separated: native, sse2 (default both)")
    ap.add_argument("--quick", action="store_true", help="smoke run: native build only, 1 repetition, short, no callgrind, no compile times")
    ap.add_argument("--filter", default="", help="regular expression on kernel names (workload/type/N/impl)")
    ap.add_argument("--repetitions", type=int, default=3)
    ap.add_argument("--min-time", type=float, default=0.2, help="seconds per repetition (Google Benchmark)")
    ap.add_argument("--time", choices=["cpu", "real"], default="cpu", help="CPU time (default: robust on a shared machine) or wall time")
    ap.add_argument("--cpu", type=int, default=1, help="core to pin to with taskset (-1: do not pin)")
    ap.add_argument("--iterations", type=int, default=100, help="iterations per kernel under callgrind")
    ap.add_argument("--compile-repetitions", type=int, default=3)
    ap.add_argument("--no-callgrind", action="store_true")
    ap.add_argument("--no-compile-time", action="store_true")
    ap.add_argument("--no-build", action="store_true", help="use the existing build directories")
    ap.add_argument("--record", action="store_true", help="write this run's instruction counts to bench/instructions.json")
    ap.add_argument("--plot", default="", help="where the figure goes (default: bench/ratio.png with --record or "
                    "--plot-only, else build/bench-ratio.png)")
    ap.add_argument("--no-plot", action="store_true", help="do not draw the figure")
    ap.add_argument("--plot-only", action="store_true", help="only draw the figure from the recorded counts "
                    "(--plot-data, default bench/instructions.json): no build, no run")
    ap.add_argument("--plot-data", default=RECORD, help=argparse.SUPPRESS)
    ap.add_argument("--no-reexec", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--compiler", default="", help="C++ compiler (default: CMake's choice)")
    args = ap.parse_args()
    if args.plot_only:
        with open(args.plot_data) as f:
            data = json.load(f)
        src = os.path.abspath(args.plot_data)
        data.setdefault("about", {}).setdefault(
            "plot_source", os.path.relpath(src, ROOT) if src.startswith(ROOT + os.sep) else args.plot_data)
        sys.exit(0 if plot(data, args.plot or PLOT, reexec=not args.no_reexec) else 1)
    if args.cpu < 0:
        args.cpu = None
    builds = [b.strip() for b in args.builds.split(",") if b.strip()]
    if args.quick:
        builds = builds[:1]
        args.repetitions, args.min_time, args.no_callgrind, args.no_compile_time = 1, 0.01, True, True

    dirs = {}
    for b in builds:
        dirs[b] = build_dir(b) if args.no_build else build(b, BUILDS[b], args.jobs, args.compiler)

    first = dirs[builds[0]]
    compiler = cache_value(first, "CMAKE_CXX_COMPILER")
    version = output([compiler, "--version"]).splitlines()[:1]
    model = re.search(r"Model name:\s*(.+)", output(["lscpu"]))
    release = cache_value(first, "CMAKE_CXX_FLAGS_RELEASE")

    report = ["# tinydual benchmarks", "",
              "- machine: %s (%d logical CPUs)" % (model.group(1).strip() if model else "unknown", os.cpu_count() or 0),
              "- compiler: %s" % (version[0] if version else compiler),
              "- flags: %s" % "; ".join("%s: `%s`" % (b, " ".join(x for x in (release, BUILDS[b]) if x)) for b in builds),
              "- timings: ns per call, median of %d Google Benchmark repetitions of the %s time%s" % (
                  args.repetitions, args.time.upper() if args.time == "cpu" else "wall",
                  ", pinned to core %d" % args.cpu if pin(args.cpu) else ""),
              "- ratios: tinydual / hand (lower is better), best peer / tinydual (the speedup over the faster of Jet and "
              "Eigen; Hessians: over Jet of Jet), xsimd / plain (tinydual's two storage backends)", ""]

    all_rows = {}
    for b in builds:
        exe = os.path.join(dirs[b], "bench", "tinydual_bench")
        times, context = run_benchmarks(exe, args)
        plain, _ = run_benchmarks(os.path.join(dirs[b], "bench", "tinydual_bench_plain"), args)
        times.update(plain)
        rows = collect(times)
        all_rows[b] = rows
        ctx = ", ".join("%s %s" % (k, v) for k, v in sorted(context.items()) if k.startswith("tinydual"))
        report += ["## %s build (`%s`)%s" % (b, " ".join(x for x in (release, BUILDS[b]) if x) or "default",
                                             " - " + ctx if ctx else ""), "", table(rows), ""]
    report += ["## Targets (issue 6)", "", summary(all_rows), ""]

    if not args.no_callgrind:
        counts = {}
        for b in builds:
            c = count_instructions(os.path.join(dirs[b], "bench", "tinydual_bench"), args)
            c.update(count_instructions(os.path.join(dirs[b], "bench", "tinydual_bench_plain"), args))
            counts[b] = c
        recorded = {}
        if os.path.exists(RECORD):
            with open(RECORD) as f:
                recorded = json.load(f)
        ratios = sorted(((c[n] / c[n + "_plain"], b, n) for b, c in counts.items() for n in c
                         if n.endswith("/tinydual") and c.get(n + "_plain")), reverse=True)
        if ratios:
            bad = [r for r in ratios if r[0] > 1.10]
            report[report.index("## Targets (issue 6)") + 2:report.index("## Targets (issue 6)") + 2] = [
                "- xsimd vs plain by instruction count (deterministic, unlike timings on a shared machine): %s; "
                "worst %.2f (%s %s)" % ("%d of %d cases above 1.10" % (len(bad), len(ratios)) if bad else
                                        "never above 1.10 in %d cases" % len(ratios),
                                        ratios[0][0], ratios[0][1], ratios[0][2].rsplit("/", 1)[0])]
        report += ["## Targets (issue 6) judged on instruction counts (callgrind: deterministic)", "",
                   summary({b: collect(c) for b, c in counts.items()}), ""]
        report += ["## Instructions per call (callgrind, %d iterations per kernel)" % args.iterations, "",
                   per_workload_delta(counts, recorded), "", "<details><summary>every kernel that changed</summary>", "",
                   compare_instructions(counts, recorded), "", "</details>", ""]
        if args.record:
            merged = dict(recorded)
            for b in counts:
                merged[b] = dict(sorted(counts[b].items()))
            merged["about"] = {"compiler": version[0] if version else compiler, "machine": model.group(1).strip() if model else "",
                               "flags": {b: " ".join(x for x in (release, BUILDS[b]) if x) for b in counts},
                               "iterations": args.iterations,
                               "note": "instructions per call of each kernel's timed step (bench/main.cpp --count)"}
            with open(RECORD, "w") as f:
                json.dump(merged, f, indent=1, sort_keys=True)
                f.write("\n")
            log("recorded " + RECORD)
        if not args.no_plot and counts:
            about = {"flags": {b: " ".join(x for x in (release, BUILDS[b]) if x) for b in counts},
                     "plot_source": "bench/instructions.json" if args.record else "this run (not recorded)"}
            plot(dict(counts, about=about),
                 args.plot or (PLOT if args.record else os.path.join(ROOT, "build", "bench-ratio.png")))

    if not args.no_compile_time:
        report += ["## Compile time", "", compile_times(compiler, first, args), ""]

    print("\n".join(report))


if __name__ == "__main__":
    main()
