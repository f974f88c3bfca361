#!/usr/bin/env python3
"""Turns one bench/run.sh results file into the report.

    bench/report.py RESULTS.json DOC.md PLOT.png

Rewrites only the part of DOC.md between the markers
<!-- results:begin --> and <!-- results:end --> (creating the file with just
that part if it does not exist), so the hand-written analysis around it stays;
draws PLOT.png (throughput and p99 against connections) with gnuplot.
"""
import json
import os
import subprocess
import sys
import tempfile

BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"
SCENARIOS = ["create", "read", "update", "payment", "mix"]
# Each session call's ceiling: raw_db_bench running its exact statements.
CEILING = {"create": "raw_insert", "read": "raw_select", "update": "raw_update", "payment": "raw_payment"}
# The mix (mix.lua): its ceiling is that of the same blend of the raw operations.
MIX = {"read": 0.4, "update": 0.3, "create": 0.2, "payment": 0.1}
RATIO_MIN, P99_MAX, HEALTHZ_MIN = 0.5, 1.5, 0.85
PAYMENT_64_MIN = 2 * 1700


def default_dispatch(results):
    return results["machine"].get("dispatch", "pool")


def aggregate(records):
    """One figure from its runs (A/B rounds): mean rate and latencies, summed counts."""
    if not records:
        return None
    if len(records) == 1:
        return records[0]
    out = dict(records[0])
    for key in ("rps", "ops_per_s", "p50_ms", "p99_ms"):
        if key in out:
            out[key] = sum(r[key] for r in records) / len(records)
    for key in ("requests", "ops", "server_cpu_s", "db_cpu_s", "client_cpu_s", "log_fsyncs", "data_fsyncs",
                "socket_errors", "http_errors", "app_errors", "errors"):
        if key in out:
            out[key] = sum(r.get(key) or 0 for r in records)
    out["rss_kb"] = max((r.get("rss_kb") or 0) for r in records) or None
    return out


def index(figures):
    """(group, scenario, server, dispatch, connections) -> the aggregated figure."""
    runs = {}
    for f in figures:
        runs.setdefault((f["group"], f["scenario"], f["server"], f.get("dispatch"), f["connections"]), []).append(f)
    return {key: aggregate(records) for key, records in runs.items()}


class Figures:
    def __init__(self, results):
        self.by = index(results["figures"])
        self.dispatch = default_dispatch(results)
        self.conns = sorted({f["connections"] for f in results["figures"]})
        self.dispatches = sorted({f["dispatch"] for f in results["figures"] if f.get("dispatch")})

    def prefill(self, group, scenario, c, dispatch=None):
        found = self.by.get((group, scenario, "prefill", dispatch or self.dispatch, c))
        if found is None and dispatch is None:  # results from before the dispatch modes
            found = self.by.get((group, scenario, "prefill", None, c))
        return found

    def ceiling(self, group, scenario, c):
        """The ceiling figure of a scenario (for mix: None, see mix_ceiling_rate)."""
        if scenario == "healthz":
            return self.by.get((group, "healthz", "bare", None, c))
        if scenario in CEILING:
            return self.by.get((group, CEILING[scenario], "mariadb", None, c))
        return None

    def ceiling_rate(self, group, scenario, c):
        if scenario == "mix":
            rates = [rate(self.ceiling(group, s, c)) for s in MIX]
            if not all(rates):
                return None
            return 1 / sum(share / r for share, r in zip(MIX.values(), rates))
        return rate(self.ceiling(group, scenario, c))


def rate(f):
    if f is None:
        return None
    return f.get("rps", f.get("ops_per_s"))


def done(f):
    return f.get("requests", f.get("ops")) or 0


def errors(f):
    if "ops_per_s" in f:
        return f.get("errors", 0)
    return f["socket_errors"] + f["http_errors"] + f["app_errors"]


def cpu_per_request(f):
    """(serving process, MariaDB) CPU microseconds per request; the serving
    process is Prefill, bare Pistache, or raw_db_bench for the raw figures."""
    n = done(f)
    if not n:
        return None, None
    own = f.get("client_cpu_s", f.get("server_cpu_s"))
    db = f.get("db_cpu_s")
    return (own * 1e6 / n if own is not None else None,
            db * 1e6 / n if db and f["server"] != "bare" else None)


def fsyncs_per_request(f):
    n = done(f)
    if not n or f.get("log_fsyncs") is None:
        return None, None
    return f["log_fsyncs"] / n, f["data_fsyncs"] / n


def num(x, digits=0):
    if x is None:
        return "–"
    return f"{x:,.{digits}f}"


CEILING_LABEL = {"create": "raw INSERT/s", "read": "raw SELECT/s", "update": "raw SELECT+UPDATE/s",
                 "payment": "raw payments/s", "mix": "raw mix/s (blend)", "healthz": "req/s bare Pistache"}


def targets(results):
    F = Figures(results)
    rows = []  # figure, value, ceiling, ratio, target, met

    def verdict(ok):
        return "–" if ok is None else ("yes" if ok else "**no**")

    for s in SCENARIOS:
        for c in F.conns:
            f = F.prefill("empty", s, c)
            v, cr = rate(f), F.ceiling_rate("empty", s, c)
            r = v / cr if v and cr else None
            rows.append((f"{s}, {c} conn.", f"{num(v)} req/s", f"{num(cr)} {CEILING_LABEL[s]}", num(r, 2),
                         f"≥ {RATIO_MIN}×", verdict(None if r is None else r >= RATIO_MIN)))
            ceil = F.ceiling("empty", s, c)
            if f and ceil:
                pr = f["p99_ms"] / ceil["p99_ms"] if ceil["p99_ms"] else None
                rows.append((f"p99 of {s}, {c} conn.", f"{num(f['p99_ms'], 2)} ms", f"{num(ceil['p99_ms'], 2)} ms",
                             num(pr, 2), f"≤ {P99_MAX}× the ceiling's", verdict(None if pr is None else pr <= P99_MAX)))
    for c in F.conns:
        f, ceil = F.prefill("empty", "healthz", c), F.ceiling("empty", "healthz", c)
        v, cr = rate(f), rate(ceil)
        r = v / cr if v and cr else None
        rows.append((f"/healthz, {c} conn.", f"{num(v)} req/s", f"{num(cr)} {CEILING_LABEL['healthz']}", num(r, 2),
                     f"≥ {HEALTHZ_MIN}×", verdict(None if r is None else r >= HEALTHZ_MIN)))
        if f and ceil and ceil["p99_ms"]:
            pr = f["p99_ms"] / ceil["p99_ms"]
            rows.append((f"p99 of /healthz, {c} conn.", f"{num(f['p99_ms'], 2)} ms", f"{num(ceil['p99_ms'], 2)} ms",
                         num(pr, 2), f"≤ {P99_MAX}× the ceiling's", verdict(pr <= P99_MAX)))
    top = max(F.conns)
    f = F.prefill("empty", "payment", top)
    if f:
        rows.append((f"payment throughput, {top} conn.", f"{num(rate(f))} req/s", "–", "–",
                     f"≥ {PAYMENT_64_MIN:,} req/s (2× 1,700)", verdict(rate(f) >= PAYMENT_64_MIN)))
    for c in F.conns[:1]:
        f = F.prefill("empty", "payment", c)
        if f:
            log_fs, data_fs = fsyncs_per_request(f)
            if log_fs is not None:
                rows.append((f"fsyncs per payment, {c} conn. (redo log / data)", f"{num(log_fs, 2)} / {num(data_fs, 2)}",
                             "–", "–", "two commits (before: about four)", verdict(max(log_fs, data_fs) <= 2.5)))
    for s in ["create", "read"]:
        for c in F.conns:
            v, start = rate(F.prefill("scale", s, c)), rate(F.prefill("empty", s, c))
            r = v / start if v and start else None
            rows.append((f"{s} with {results['scale']['stored_sessions']:,} stored, {c} conn.", f"{num(v)} req/s",
                         f"{num(start)} req/s at the start", num(r, 2), "≥ 0.8×", verdict(None if r is None else r >= 0.8)))
    hwm_mb = results["prefill_vmhwm_kb"] / 1024
    rows.append((f"Prefill peak RSS (VmHWM, whole run, {F.dispatch})", f"{hwm_mb:.1f} MB", "–", "–", "≤ 100 MB",
                 verdict(hwm_mb <= 100)))
    for d, kb in sorted(results.get("vmhwm_kb_by_dispatch", {}).items()):
        if d != F.dispatch:
            rows.append((f"Prefill peak RSS (VmHWM, whole run, {d})", f"{kb / 1024:.1f} MB", "–", "–", "≤ 100 MB",
                         verdict(kb / 1024 <= 100)))
    return rows


def ab_table(results):
    """Each Prefill figure under both dispatch modes (BENCH_AB=1), interleaved in the run."""
    F = Figures(results)
    if len(F.dispatches) < 2:
        return []
    a, b = "pool", "inline"
    lines = ["", "### Dispatch A/B (pool = A, inline = B; two interleaved rounds each: A, B, A, B)", "",
             f"| table | scenario | conn. | A req/s (rounds) | B req/s (rounds) | B/A | A p99 ms | B p99 ms "
             f"| ceiling req/s | A/ceiling | B/ceiling | A µs/req | B µs/req |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    keys = sorted({(f["group"], f["scenario"], f["connections"]) for f in results["figures"] if f.get("dispatch")},
                  key=lambda k: (k[0] != "empty", (["healthz", "readyz"] + SCENARIOS).index(k[1])
                                 if k[1] in ["healthz", "readyz"] + SCENARIOS else 99, k[2]))
    for group, scenario, c in keys:
        fa, fb = F.prefill(group, scenario, c, a), F.prefill(group, scenario, c, b)
        if not fa or not fb:
            continue

        def rounds(d):
            rs = [rate(f) for f in results["figures"] if f.get("dispatch") == d and f["group"] == group
                  and f["scenario"] == scenario and f["connections"] == c]
            return " / ".join(num(r) for r in rs)
        cr = F.ceiling_rate(group, scenario, c)
        ua, ub = cpu_per_request(fa)[0], cpu_per_request(fb)[0]
        table = "empty" if group == "empty" else f"{results['scale']['stored_sessions']:,}"
        lines.append(f"| {table} | {scenario} | {c} | {num(rate(fa))} ({rounds(a)}) | {num(rate(fb))} ({rounds(b)}) | "
                     f"{num(rate(fb) / rate(fa), 2)} | {num(fa['p99_ms'], 2)} | {num(fb['p99_ms'], 2)} | {num(cr)} | "
                     f"{num(rate(fa) / cr, 2) if cr else '–'} | {num(rate(fb) / cr, 2) if cr else '–'} | "
                     f"{num(ua)} | {num(ub)} |")
    return lines


def markdown(results, plot_name):
    m = results["machine"]
    lines = [BEGIN, "",
             "_Generated by `bench/report.py` from "
             f"`bench/results/{m['stamp']}.json`; do not edit by hand between the markers._", "",
             "### Run", "",
             "| | |", "|---|---|",
             f"| command | `{m['command']}` |",
             f"| when (UTC) | {m['stamp']} |",
             f"| CPU | {m['cpu']}, {m['cores']} cores (shared by wrk, MariaDB and Prefill) |",
             f"| memory | {m['memory_gib']} GiB |",
             f"| system | {m['os']}, Linux {m['kernel']} |",
             f"| MariaDB | {m['mariadb']} (scripts/mariadb.sh: innodb_flush_log_at_trx_commit=1, 256 MB buffer pool) |",
             f"| wrk / Pistache | {m['wrk']} / {m['pistache']} |",
             f"| Prefill | commit {m['commit']}{' + uncommitted changes' if m['dirty'] else ''}, Release, "
             f"`--threads {m['prefill_threads']}`, targets from `--dispatch {m.get('dispatch', 'pool')}`"
             f"{' (both modes measured, A/B below)' if m.get('ab') else ''} |",
             f"| per figure | {m['duration_s']} s, keep-alive connections as listed |",
             f"| load average before / after | {m['load_before']} / {m['load_after']} |",
             f"| scale table | {results['scale']['stored_sessions']:,} sessions, "
             f"{results['scale']['table_mb']:,} MB, loaded in {results['scale']['load_seconds']} s |",
             "", "### Targets", "",
             "| figure | value | ceiling | ratio | target | met? |", "|---|---:|---:|---:|---|---|"]
    for row in targets(results):
        lines.append("| " + " | ".join(row) + " |")
    lines += ab_table(results)
    lines += ["", "### Every figure", "",
              "| table | scenario | server | conn. | req/s | p50 ms | p99 ms | errors | RSS MB "
              "| CPU µs/req (server) | CPU µs/req (MariaDB) | fsyncs/req (log / data) |",
              "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for f in results["figures"]:
        rss = f"{f['rss_kb'] / 1024:.1f}" if f.get("rss_kb") else "–"
        table = "empty" if f["group"] == "empty" else f"{results['scale']['stored_sessions']:,}"
        own, db = cpu_per_request(f)
        log_fs, data_fs = fsyncs_per_request(f)
        server = f["server"]
        if f.get("dispatch"):
            server += f" {f['dispatch']}" + (f" #{f['round']}" if results["machine"].get("ab") else "")
        lines.append(f"| {table} | {f['scenario']} | {server} | {f['connections']} | {num(rate(f))} | "
                     f"{f['p50_ms']:.2f} | {f['p99_ms']:.2f} | {errors(f)} | {rss} | {num(own)} | {num(db)} | "
                     f"{num(log_fs, 2)} / {num(data_fs, 2)} |")
    lines += ["", f"![Throughput and p99 latency against connections]({plot_name})", "", END]
    return "\n".join(lines)


def plot(results, png):
    F = Figures(results)
    by = {(g, sc, sv, c): f for (g, sc, sv, d, c), f in F.by.items() if d in (None, F.dispatch)}

    conns = F.conns
    stored = f"{results['scale']['stored_sessions'] / 1e6:g}M stored"
    series = [("create", "empty", "create", "prefill", 'lc rgb "#1f77b4" pt 7'),
              ("read", "empty", "read", "prefill", 'lc rgb "#2ca02c" pt 7'),
              ("update", "empty", "update", "prefill", 'lc rgb "#ff7f0e" pt 7'),
              ("payment", "empty", "payment", "prefill", 'lc rgb "#d62728" pt 7'),
              ("mix", "empty", "mix", "prefill", 'lc rgb "#9467bd" pt 7'),
              (f"create, {stored}", "scale", "create", "prefill", 'lc rgb "#1f77b4" pt 6 dt 3'),
              (f"read, {stored}", "scale", "read", "prefill", 'lc rgb "#2ca02c" pt 6 dt 3'),
              ("raw INSERT (ceiling)", "empty", "raw_insert", "mariadb", 'lc rgb "#1f77b4" pt 4 dt 2'),
              ("raw SELECT (ceiling)", "empty", "raw_select", "mariadb", 'lc rgb "#2ca02c" pt 4 dt 2'),
              ("raw update (ceiling)", "empty", "raw_update", "mariadb", 'lc rgb "#ff7f0e" pt 4 dt 2'),
              ("raw payment (ceiling)", "empty", "raw_payment", "mariadb", 'lc rgb "#d62728" pt 4 dt 2'),
              ("/healthz", "empty", "healthz", "prefill", 'lc rgb "#7f7f7f" pt 7'),
              ("/readyz (diagnostic)", "empty", "readyz", "prefill", 'lc rgb "#bcbd22" pt 7'),
              ("bare Pistache (ceiling)", "empty", "healthz", "bare", 'lc rgb "#7f7f7f" pt 4 dt 2')]
    with tempfile.TemporaryDirectory() as tmp:
        plots_rps, plots_p99 = [], []
        for i, (title, group, scenario, server, style) in enumerate(series):
            rows = [(c, by[(group, scenario, server, c)]) for c in conns if (group, scenario, server, c) in by]
            if not rows:
                continue
            path = os.path.join(tmp, f"s{i}.dat")
            with open(path, "w") as out:
                for c, f in rows:
                    out.write(f"{c} {rate(f)} {max(f['p99_ms'], 0.001)}\n")
            plots_rps.append(f"'{path}' using 1:2 with linespoints {style} lw 2 title '{title}'")
            plots_p99.append(f"'{path}' using 1:3 with linespoints {style} lw 2 title '{title}'")
        xtics = ", ".join(str(c) for c in conns)
        script = f"""
set terminal pngcairo size 1500,620 font "DejaVu Sans,11"
set output '{png}'
set multiplot title "Prefill on {results['machine']['cores']} shared cores (wrk, MariaDB, Prefill on one machine)"
set logscale xy
set xtics ({xtics})
set xrange [{min(conns) * 0.8}:{max(conns) * 1.25}]
set grid
set xlabel "keep-alive connections (raw: threads)"
set origin 0,0
set size 0.6,0.94
set key outside right top vertical font ",10"
set ylabel "requests/s (log)"
set title "Throughput"
plot {", ".join(plots_rps)}
set origin 0.6,0
set size 0.4,0.94
unset key
set ylabel "p99 latency, ms (log)"
set title "p99 latency (dashed: each ceiling's own)"
plot {", ".join(plots_p99)}
unset multiplot
"""
        subprocess.run(["gnuplot"], input=script, text=True, check=True)


def main():
    results_path, doc_path, png_path = sys.argv[1:4]
    results = json.load(open(results_path))
    section = markdown(results, os.path.basename(png_path))
    if os.path.exists(doc_path):
        text = open(doc_path).read()
        if BEGIN in text and END in text:
            text = text[:text.index(BEGIN)] + section + text[text.index(END) + len(END):]
        else:
            text = text.rstrip("\n") + "\n\n" + section + "\n"
    else:
        text = "# Benchmarks\n\n" + section + "\n"
    with open(doc_path, "w") as out:
        out.write(text)
    plot(results, png_path)


if __name__ == "__main__":
    main()
