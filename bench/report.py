#!/usr/bin/env python3
"""Turn measure.py's TSV lines into the markdown results table.

    report.py RESULTS.tsv --runs 5

One row per (socket count, scenario), in the order measured. Columns: the median wall time of
netstate, ss and netstat, their peak RSS (the largest of all runs), and netstate/ss (median over
median). A cell says how many runs it has when that is fewer than --runs asked for (slow commands
are capped). Rows whose socket label starts with "tiny" also show the mean, as the tiny case is
about start-up cost, where both are asked for.
"""

import argparse
import csv
import sys

# In column order; netstate-r2r (the ReadyToRun build, run.sh --r2r) and netstate-base (run.sh
# --baseline: another build, e.g. main, timed beside) only when they were measured.
ALL_TOOLS = ("netstate", "netstate-base", "netstate-r2r", "ss", "netstat")
COLUMNS = ("median_s", "mean_s", "max_rss_kib")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", help="TSV written by measure.py")
    parser.add_argument("--runs", type=int, required=True, help="runs asked for per command")
    parser.add_argument("--tiny-runs", type=int, default=20, help="runs asked for in the tiny rows")
    return parser.parse_args()


def read_rows(path):
    """{(sockets, scenario): {tool: record}} in the order first seen."""
    names = ("scenario", "sockets", "tool", "status", "runs") + COLUMNS + ("command", "stderr")
    rows = {}
    with open(path, newline="") as f:
        for fields in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            record = dict(zip(names, fields))
            rows.setdefault((record["sockets"], record["scenario"]), {})[record["tool"]] = record
    return rows


def seconds(value):
    value = float(value)
    return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"


def wall_cell(record, runs_asked, with_mean):
    if record is None:
        return "—"
    status = record["status"]
    if status.startswith("timeout"):
        return f">{status.split()[1]} s"
    if status != "ok":
        return "n/a"
    cell = seconds(record["median_s"])
    if with_mean:
        cell += f" (mean {seconds(record['mean_s'])})"
    if int(record["runs"]) < runs_asked:
        cell += f" ({record['runs']} runs)"
    return cell


def rss_cell(record):
    if record is None or record["status"] != "ok":
        return "—" if record is None else "n/a"
    return f"{int(record['max_rss_kib']) / 1024:.1f}"


def ratio_cell(tools, name="netstate"):
    netstate, ss = tools.get(name), tools.get("ss")
    if not netstate or not ss or netstate["status"] != "ok" or ss["status"] != "ok":
        return "n/a"
    return f"{float(netstate['median_s']) / float(ss['median_s']):.2f}"


def scenario_cell(scenario):
    if scenario.startswith("-"):
        return f"`{scenario}`"
    return scenario


def measured_tools(rows):
    seen = {tool for tools in rows.values() for tool in tools}
    return [tool for tool in ALL_TOOLS if tool in seen or tool in ("netstate", "ss", "netstat")]


def table(rows, runs, tiny_runs):
    tools_shown = measured_tools(rows)
    ratios = [tool for tool in tools_shown if tool.startswith("netstate")]
    header = ["sockets", "command", *tools_shown, *(f"{tool} RSS MiB" for tool in tools_shown), *(f"{tool}/ss" for tool in ratios)]
    lines = [
        "| " + " | ".join(header) + " |",
        "|---:|---|" + "---:|" * (len(header) - 2),
    ]
    for (sockets, scenario), tools in rows.items():
        tiny = sockets.startswith("tiny")
        asked = tiny_runs if tiny else runs
        walls = [wall_cell(tools.get(tool), asked, tiny) for tool in tools_shown]
        rss = [rss_cell(tools.get(tool)) for tool in tools_shown]
        cells = [sockets, scenario_cell(scenario), *walls, *rss, *(ratio_cell(tools, tool) for tool in ratios)]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def failures(rows):
    """One note per command and failure, with the socket counts it happened at, so that an n/a
    or >S cell can be explained (a flag netstate does not have yet fails at every count)."""
    counts_by_failure = {}
    for (sockets, _), tools in rows.items():
        for tool in ALL_TOOLS:
            record = tools.get(tool)
            if record and record["status"] != "ok":
                why = f": {record['stderr']}" if record["stderr"] else ""
                key = f"`{record['command']}`: {record['status']}{why}"
                counts_by_failure.setdefault(key, []).append(sockets)
    return [f"- {key} (sockets: {', '.join(counts)})" for key, counts in counts_by_failure.items()]


def main():
    args = parse_args()
    rows = read_rows(args.results)
    lines = table(rows, args.runs, args.tiny_runs)
    notes = failures(rows)
    if notes:
        lines += ["", "Commands that did not finish:", "", *notes]
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
