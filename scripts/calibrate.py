#!/usr/bin/env python3
"""Fit servesim's calibration knobs to measured rows, repeatably.

For each fit group (GPU generation, or framework) the script searches the named knobs of that
group, one at a time in rounds (coordinate descent over a log-spaced grid refined around the
best value), minimising

    median |error of total tok/s/GPU| + median |error of tok/s/user|

over the group's rows, as reported by `servesim validate --knobs CANDIDATE --report R.json`.
Knobs stay inside physically plausible bounds (fractions in (0, 1]); no knob is per row.
It writes the fitted knob file and a fit record (inputs, command, errors before and after).

usage: scripts/calibrate.py ROWS.json [--servesim build/servesim] [--knobs scenarios/catalog/knobs.json]
                            [--out scenarios/catalog/knobs.json] [--record docs/calibration-fit.json]
                            [--rounds 2] [--only GROUP] [--exclude-hardware HW ...]
"""
import argparse
import copy
import hashlib
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile

# Which hardware rows inform which knob layer.
GENERATION_OF = {
    "H100-HGX": "hopper", "H200-HGX": "hopper",
    "B200-HGX": "blackwell", "GB200-NVL72": "blackwell",
    "B300-HGX": "blackwell_ultra", "GB300-NVL72": "blackwell_ultra",
    "MI300X": "cdna3", "MI325X": "cdna3", "MI355X": "cdna4",
}

# (layer, knob, low, high): what each group may fit, within physical bounds.
GENERATION_KNOBS = [
    ("attention_flops_efficiency", 0.2, 0.9),
    ("hbm_bw_efficiency", 0.4, 0.95),
    ("moe_layer_overhead_s", 5e-6, 2e-4),
    ("gemm_flops_efficiency", 0.3, 0.9),
    ("per_layer_overhead_s", 1e-6, 1e-4),
    ("kernel_fixed_time_fraction", 0.05, 1.0),
]
TTFT_KNOBS = [
    ("request_overhead_s", 5e-3, 0.3),
]
FRAMEWORK_KNOBS = [
    ("per_step_overhead_s", 1e-4, 5e-3),
    ("mtp_acceptance_fraction", 0.2, 1.0),
]


def selected(args, knob_list):
    return [k for k in knob_list if not args.knob or k[0] in args.knob]


STEP_MODEL = ""  # --step-model: passed to every validate run


def run_validate(servesim, rows_path, knobs, threads):
    with tempfile.TemporaryDirectory() as tmp:
        kpath = os.path.join(tmp, "knobs.json")
        rpath = os.path.join(tmp, "report.json")
        with open(kpath, "w") as f:
            json.dump(knobs, f)
        cmd = [servesim, "validate", rows_path, "--knobs", kpath, "--report", rpath, "--quiet"]
        if threads:
            cmd += ["--threads", str(threads)]
        if STEP_MODEL:
            cmd += ["--step-model", STEP_MODEL]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        with open(rpath) as f:
            return json.load(f)


def ttft_objective(report):
    errs = [abs(r["error"]["ttft_s_median"]) for r in report["rows"]
            if r.get("status") == "ok" and r.get("error", {}).get("ttft_s_median") is not None]
    return (statistics.median(errs) if errs else float("inf")), len(errs)


def objective(report):
    errs_t, errs_u = [], []
    for row in report["rows"]:
        if row.get("status") != "ok":
            continue
        e = row.get("error", {})
        if e.get("total_tok_s_per_gpu") is not None:
            errs_t.append(abs(e["total_tok_s_per_gpu"]))
        if e.get("tok_s_per_user_median") is not None:
            errs_u.append(abs(e["tok_s_per_user_median"]))
    if not errs_t or not errs_u:
        return float("inf"), 0
    return statistics.median(errs_t) + statistics.median(errs_u), len(errs_t)


def get_knob(knobs, layer, group, name):
    if layer and group in knobs.get(layer, {}) and name in knobs[layer][group]:
        return knobs[layer][group][name]
    base = group.split("@")[0]  # "blackwell@kernel_roofline" falls back to "blackwell"
    if layer and base in knobs.get(layer, {}) and name in knobs[layer][base]:
        return knobs[layer][base][name]
    return knobs["defaults"][name]


def set_knob(knobs, layer, group, name, value):
    # The catalog reader requires every knob layer to say where its numbers come from.
    entry = knobs.setdefault(layer, {}).setdefault(group, {})
    entry.setdefault("source", f"fitted by scripts/calibrate.py to the {group} rows; fit record "
                               "docs/calibration-fit.json")
    entry[name] = value


def fit_group(args, rows, knobs, layer, group, knob_list, score_of=None):
    score_of = score_of or objective
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(rows, f)
        rows_path = f.name
    try:
        best = score_of(run_validate(args.servesim, rows_path, knobs, args.threads))[0]
        start = best
        for _ in range(args.rounds):
            for name, lo, hi in knob_list:
                current = get_knob(knobs, layer, group, name)
                span = math.log(hi / lo)
                candidates = sorted({min(hi, max(lo, current * math.exp(f * span / 4)))
                                     for f in (-1, -0.5, -0.25, 0.25, 0.5, 1)})
                for value in candidates:
                    trial = copy.deepcopy(knobs)
                    set_knob(trial, layer, group, name, float(f"{value:.4g}"))
                    score = score_of(run_validate(args.servesim, rows_path, trial, args.threads))[0]
                    if score < best - 1e-4:
                        best, knobs = score, trial
                print(f"  {layer}.{group}.{name} = {get_knob(knobs, layer, group, name):.4g}"
                      f"  objective {best:.4f}", file=sys.stderr)
        return knobs, start, best
    finally:
        os.unlink(rows_path)


def add_common_arguments(ap):
    """The rows, binary, knob files, record and search size every fitting script takes."""
    ap.add_argument("rows")
    ap.add_argument("--servesim", default="build/servesim")
    ap.add_argument("--knobs", default="scenarios/catalog/knobs.json")
    ap.add_argument("--out", default="scenarios/catalog/knobs.json")
    ap.add_argument("--record", default="docs/calibration-fit.json")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--threads", type=int, default=0)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common_arguments(ap)
    ap.add_argument("--only", action="append", default=[],
                    help="fit only this group (e.g. hopper, SGLang); may repeat")
    ap.add_argument("--exclude-hardware", action="append", default=[],
                    help="leave this hardware's rows out of every fit (leave-one-GPU-out)")
    ap.add_argument("--knob", action="append", default=[],
                    help="fit only these knobs (repeatable; default: all of each group)")
    ap.add_argument("--all-dates", action="store_true",
                    help="fit on every row, not only the newest run of each configuration")
    ap.add_argument("--step-model", default="",
                    help="step-time model of every validate run (default: the scenario default)")
    args = ap.parse_args()
    global STEP_MODEL
    STEP_MODEL = args.step_model

    with open(args.rows, "rb") as f:
        raw = f.read()
    rows = [r for r in json.loads(raw)
            if r.get("quality_ok", True) and r.get("hardware") not in args.exclude_hardware]
    for i, r in enumerate(rows):
        r.setdefault("id", i)
    if not args.all_dates:
        # One row per configuration and load: the newest run, since the same configuration got
        # faster with newer software and the model should match today's engines.
        newest = {}
        for r in rows:
            p = r["parallelism"]
            key = (r["hardware"], r["precision"], r["framework"], r["spec_decoding"],
                   json.dumps(p, sort_keys=True), r["isl"], r["osl"], r["concurrency"])
            if key not in newest or r.get("date", "") > newest[key].get("date", ""):
                newest[key] = r
        rows = list(newest.values())
    print(f"fitting on {len(rows)} rows", file=sys.stderr)
    with open(args.knobs) as f:
        knobs = json.load(f)

    record = {"command": " ".join(sys.argv), "rows_file": args.rows,
              "rows_sha256": hashlib.sha256(raw).hexdigest(), "objective":
              "median |err total_tok_s_per_gpu| + median |err tok_s_per_user_median|", "groups": {}}
    # Stages: generation knobs, then engine knobs, then (on TTFT alone) the front-end cost.
    stages = [("by_generation", lambda r: GENERATION_OF.get(r["hardware"]), GENERATION_KNOBS,
               objective, ""),
              ("by_framework", lambda r: r["framework"], FRAMEWORK_KNOBS, objective, ""),
              ("by_framework", lambda r: r["framework"], TTFT_KNOBS, ttft_objective, " (ttft)")]
    for layer, group_of, knob_list, score_of, suffix in stages:
        for group in sorted({group_of(r) for r in rows if group_of(r)}):
            if args.only and group not in args.only:
                continue
            sub = [r for r in rows if group_of(r) == group]
            print(f"fitting {layer} {group}{suffix} on {len(sub)} rows", file=sys.stderr)
            # Under another step model, a generation's knobs go to "<generation>@<model>".
            key = f"{group}@{STEP_MODEL}" if STEP_MODEL and layer == "by_generation" else group
            knobs, before, after = fit_group(args, sub, knobs, layer, key,
                                             selected(args, knob_list), score_of)
            record["groups"][group + suffix] = {
                "rows": len(sub), "objective_before": before, "objective_after": after,
                "knobs": knobs[layer].get(key, {})}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(rows, f)
    final = run_validate(args.servesim, f.name, knobs, args.threads)
    os.unlink(f.name)
    record["final_summary"] = final.get("summary", {})
    with open(args.out, "w") as f:
        json.dump(knobs, f, indent=2)
        f.write("\n")
    with open(args.record, "w") as f:
        json.dump(record, f, indent=2)
        f.write("\n")
    print(f"wrote {args.out} and {args.record}", file=sys.stderr)


if __name__ == "__main__":
    main()
