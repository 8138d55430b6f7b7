#!/usr/bin/env python3
"""The three speed figures of servesim (issue: simulation speed, fleet scale, sweeps), timed by
running a servesim binary on shipped scenarios:

  single  requests simulated per wall-second by one process (one core) on DeepSeek-R1 NVFP4
          1k/1k MTP, disaggregated on one GB200 NVL72 rack (3 prefill DEP4 + 1 decode DEP32,
          scenarios/deepseek-r1-nvfp4-gb200-nvl72-3p1d-dep32-mtp.json with more requests), at
          two sizes: the rate of the larger run, the rate between the two (setup excluded) and
          the peak memory of each (flat memory: the two peaks about equal);
  fleet   wall time of scenarios/fleet-10k-gpus-1h.json (10,000 GPUs, Poisson 10k req/s) for
          --fleet-seconds of traffic, scaled to one hour when shorter, and its peak memory;
  sweep   wall time of the 2,112-point disaggregated sweep
          scenarios/sweeps/deepseek_r1_disagg_design_space_gb200.json on --threads threads, and
          of the main job (scenarios/default_sweep.json, the README's first command).

Only the Python standard library. Prints a table; --json FILE writes the figures.
Usage: bench/figures.py [--binary build/servesim] [--quick] [--json out.json]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def timed(cmd):
    """Wall seconds, peak RSS (MiB) and exit code of one command."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace").strip() if proc.stderr else ""
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024.0, code, err.splitlines()[-1] if err else ""


def scenario_with(path, measured, tmp):
    doc = json.load(open(os.path.join(ROOT, path)))
    doc["workload"]["measured_requests"] = measured
    out = os.path.join(tmp, f"{os.path.basename(path)}.{measured}.json")
    json.dump(doc, open(out, "w"))
    return out


def run_rate(binary, scenario):
    out = scenario + ".out.json"
    wall, rss, code, err = timed([binary, "run", scenario, "-q", "-o", out])
    if code != 0:
        return {"error": f"exit {code}: {err}"}
    res = json.load(open(out))["result"]
    return {"wall_s": wall, "peak_mib": rss, "requests": res["requests"]["completed"],
            "simulated_s": res["duration_s"], "iterations": res["iterations"]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "servesim"))
    ap.add_argument("--quick", action="store_true", help="smaller runs (a minute in all)")
    ap.add_argument("--single-requests", type=int, default=0)
    ap.add_argument("--fleet-seconds", type=float, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json", default="")
    a = ap.parse_args()
    single_n = a.single_requests or (200_000 if a.quick else 2_000_000)
    fleet_s = a.fleet_seconds or (36.0 if a.quick else 360.0)
    figures = {"binary": a.binary, "threads": a.threads}
    with tempfile.TemporaryDirectory() as tmp:
        base = "scenarios/deepseek-r1-nvfp4-gb200-nvl72-3p1d-dep32-mtp.json"
        small = run_rate(a.binary, scenario_with(base, single_n // 10, tmp))
        large = run_rate(a.binary, scenario_with(base, single_n, tmp))
        single = {"small": small, "large": large}
        if "error" not in small and "error" not in large:
            single["requests_per_s"] = large["requests"] / large["wall_s"]
            single["steady_requests_per_s"] = (large["requests"] - small["requests"]) / max(
                1e-9, large["wall_s"] - small["wall_s"])
        figures["single"] = single

        fleet_path = "scenarios/fleet-10k-gpus-1h.json"
        rate = json.load(open(os.path.join(ROOT, fleet_path)))["workload"]["rate_per_s"]
        fleet = run_rate(a.binary, scenario_with(fleet_path, int(rate * fleet_s), tmp))
        if "error" not in fleet:
            fleet["traffic_s"] = fleet_s
            fleet["hour_wall_s"] = fleet["wall_s"] * 3600.0 / fleet_s
            fleet["requests_per_s"] = fleet["requests"] / fleet["wall_s"]
        figures["fleet"] = fleet

        sweeps = {}
        for key, path in (("design_space", "scenarios/sweeps/deepseek_r1_disagg_design_space_gb200.json"),
                          ("main_job", "scenarios/default_sweep.json")):
            h5 = os.path.join(tmp, key + ".h5")
            wall, rss, code, err = timed([a.binary, "sweep", os.path.join(ROOT, path), "-o", h5,
                                          "--threads", str(a.threads)])
            sweeps[key] = {"wall_s": wall, "peak_mib": rss} if code == 0 else {
                "error": f"exit {code}: {err}"}
        figures["sweep"] = sweeps

    def show(d, key, fmt):
        return fmt.format(d[key]) if key in d else d.get("error", "-")
    s, f, w = figures["single"], figures["fleet"], figures["sweep"]
    print(f"binary {a.binary}")
    print(f"single run  {single_n:,} requests: {show(s, 'requests_per_s', '{:,.0f}')} req/wall-s "
          f"(setup excluded: {show(s, 'steady_requests_per_s', '{:,.0f}')}); peak memory "
          f"{show(s['small'], 'peak_mib', '{:.0f}')} MiB at {single_n // 10:,}, "
          f"{show(s['large'], 'peak_mib', '{:.0f}')} MiB at {single_n:,}")
    print(f"fleet       {fleet_s:g} s of traffic: {show(f, 'wall_s', '{:.1f}')} s wall "
          f"-> one hour {show(f, 'hour_wall_s', '{:.0f}')} s; {show(f, 'requests_per_s', '{:,.0f}')} "
          f"req/wall-s; peak {show(f, 'peak_mib', '{:.0f}')} MiB")
    print(f"sweep       2,112-point disaggregated sweep on {a.threads} threads: "
          f"{show(w['design_space'], 'wall_s', '{:.1f}')} s; main job "
          f"{show(w['main_job'], 'wall_s', '{:.1f}')} s")
    if a.json:
        json.dump(figures, open(a.json, "w"), indent=1)


if __name__ == "__main__":
    sys.exit(main())
