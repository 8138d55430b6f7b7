#!/usr/bin/env python3
"""Fit the knobs only disaggregated rows show, repeatably.

Two groups, each by coordinate descent over a log-spaced grid (the search of calibrate.py),
minimising median |error of total tok/s/GPU| + median |error of tok/s/user| over its rows of
shared/calibration/inferencex_dsr1_disaggregated.json, as `servesim validate` reports them:

- by_framework Dynamo+SGLang, MoRI+SGLang, Dynamo+TRT-LLM: prefill_worker_step_overhead_s, a
  prefill worker's host work after each prompt step, which holds back its next step (posting
  and polling transfers and bootstraps, attention-DP metadata exchange, KV-index copies,
  launching a prefill without CUDA graphs), on that framework's rows;
- by_gpu GB200: hbm_bw_efficiency, per_layer_overhead_s and moe_layer_overhead_s (achieved HBM
  fraction and a layer's launch costs) on the GB200 NVL72 rows: GB200 has no aggregated rows,
  so without this layer it borrows the B200/B300 fit of its generation.

The aggregated knobs (calibrate.py) are not touched and aggregated rows run no prefill workers,
so the aggregated figures do not move. Writes the knob file and appends its record to
docs/calibration-fit.json.

usage: scripts/calibrate_disaggregated.py ROWS.json [--servesim build/servesim]
           [--knobs scenarios/catalog/knobs.json] [--out scenarios/catalog/knobs.json]
           [--record docs/calibration-fit.json] [--rounds 2] [--threads 0]
"""
import argparse
import datetime
import hashlib
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import calibrate  # noqa: E402  (shares the search, the validate runner and the objective)

FRAMEWORKS = ["Dynamo+SGLang", "MoRI+SGLang", "Dynamo+TRT-LLM"]
FRAMEWORK_KNOBS = [("prefill_worker_step_overhead_s", 1e-3, 0.5)]
FRAMEWORK_PRIOR = 0.05  # the grid is multiplicative: start from a plausible host cost
GPU_GROUPS = {"GB200": "GB200-NVL72"}
GPU_KNOBS = [("hbm_bw_efficiency", 0.4, 0.95), ("per_layer_overhead_s", 1e-6, 1e-4),
             ("moe_layer_overhead_s", 5e-6, 2e-4)]


def usable(row):
    return row.get("quality_ok", True) and not row.get("legacy_row", False)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    calibrate.add_common_arguments(ap)
    args = ap.parse_args()
    args.knob = []  # fit_group reads it: every knob of each group
    with open(args.rows) as f:
        rows = [r for r in json.load(f) if usable(r)]
    with open(args.knobs) as f:
        knobs = json.load(f)
    with open(args.rows, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    record = {"command": " ".join(["scripts/calibrate_disaggregated.py"] + sys.argv[1:]),
              "rows_file": args.rows, "rows_sha256": digest,
              "date": datetime.date.today().isoformat(), "groups": []}

    def fit(layer, group, subset, knob_list):
        nonlocal knobs
        print(f"{layer}.{group}: {len(subset)} rows", file=sys.stderr)
        knobs, before, after = calibrate.fit_group(args, subset, knobs, layer, group, knob_list)
        record["groups"].append({
            "layer": layer, "group": group, "rows": len(subset),
            "objective_before": round(before, 4), "objective_after": round(after, 4),
            "knobs": {k: calibrate.get_knob(knobs, layer, group, k) for k, _, _ in knob_list}})

    for fw in FRAMEWORKS:
        entry = knobs["by_framework"].setdefault(fw, {})
        entry.setdefault(FRAMEWORK_KNOBS[0][0], FRAMEWORK_PRIOR)
        fit("by_framework", fw, [r for r in rows if r["framework"] == fw], FRAMEWORK_KNOBS)
    for gpu, hardware in GPU_GROUPS.items():
        fit("by_gpu", gpu, [r for r in rows if r["hardware"] == hardware], GPU_KNOBS)
    for fw in FRAMEWORKS:  # once more: the GPU layer moved the prefill workers' steps too
        fit("by_framework", fw, [r for r in rows if r["framework"] == fw], FRAMEWORK_KNOBS)

    with open(args.out, "w") as f:
        json.dump(knobs, f, indent=2)
        f.write("\n")
    fit_record = {}
    if os.path.exists(args.record):
        with open(args.record) as f:
            fit_record = json.load(f)
    fit_record.setdefault("fits", []).append(record)
    with open(args.record, "w") as f:
        json.dump(fit_record, f, indent=2)
        f.write("\n")
    print(json.dumps(record, indent=2))


if __name__ == "__main__":
    main()
