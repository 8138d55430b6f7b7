#!/usr/bin/env python3
"""Checks a servesim sweep HDF5 file against docs/hdf5-schema.md with h5py (the way analysts
read it). usage: check_hdf5_schema.py OUT.h5 [--expect-groups A,B]; exit 0 when it conforms."""
import json
import sys

import h5py
import numpy as np

ROOT_ATTRS = {"servesim_version", "schema", "sweep_name", "sweep_spec_json", "base_scenario_json",
              "points_total", "points_run", "points_skipped", "points_excluded", "groups"}
UNITS = {"tok_s_per_user_median": "tok/s/user", "total_tok_s_per_gpu": "tok/s/GPU",
         "output_tok_s_per_gpu": "tok/s/GPU", "ttft_p50_s": "s", "tpot_p50_ms": "ms",
         "cost_usd_per_million_output_tokens": "USD/Mtok",
         "cost_usd_per_million_total_tokens": "USD/Mtok", "total_tok_s_per_mw": "tok/s/MW",
         "concurrency": "1", "config": ""}


def text(v):
    return v.decode("utf-8") if isinstance(v, bytes) else str(v)


def check(path, expect_groups=None):
    with h5py.File(path, "r") as f:
        missing = ROOT_ATTRS - set(f.attrs)
        assert not missing, f"root attributes missing: {sorted(missing)}"
        assert f.attrs["schema"] == "servesim-sweep/1", f.attrs["schema"]
        spec = json.loads(f.attrs["sweep_spec_json"])
        assert "axes" in spec and "base" in spec, "sweep_spec_json is not the sweep"
        groups = [text(g) for g in f.attrs["groups"]]
        if expect_groups:
            assert groups == expect_groups, groups

        points = f["points"]
        assert points.dtype.names is not None, "/points is a compound table"
        names = list(points.dtype.names)
        assert [text(c) for c in points.attrs["columns"]] == names
        units = dict(zip(names, [text(u) for u in points.attrs["units"]]))
        for name, unit in UNITS.items():
            assert units.get(name) == unit, f"{name}: unit {units.get(name)!r}, expected {unit!r}"
        rows = points[()]
        assert len(rows) == f.attrs["points_run"], (len(rows), f.attrs["points_run"])
        assert np.all(rows["total_tok_s_per_gpu"] > 0)
        # Cost by hand: $/GPU-h / (output tok/s/GPU x 3600 s/h) x 1e6 tokens.
        cost = rows["cost_usd_per_gpu_hour"] / (rows["output_tok_s_per_gpu"] * 3600) * 1e6
        assert np.allclose(cost, rows["cost_usd_per_million_output_tokens"], rtol=1e-12)
        for r in rows[:3]:
            scenario = json.loads(text(r["scenario_json"]))
            assert scenario["gpu"] == text(r["gpu"])

        fr = f["frontiers"]
        assert fr.attrs["x_column"] == "tok_s_per_user_median"
        assert fr.attrs["y_column"] == "total_tok_s_per_gpu"
        assert [text(g) for g in fr.attrs["groups"]] == groups
        assert len(fr) == len(groups)
        for name in fr:
            ds = fr[name]
            assert list(ds.dtype.names) == names
            x = ds["tok_s_per_user_median"]
            y = ds["total_tok_s_per_gpu"]
            assert np.all(np.diff(x) > 0) and np.all(np.diff(y) < 0), f"{name}: not a frontier"
            assert np.all(ds["on_frontier"] == 1)

        iso = f["iso_interactivity"]
        assert len(iso) == len(groups) * len(spec.get("iso_interactivity_tok_s_per_user",
                                                      [25, 60, 90, 125, 175, 250]))
        assert [text(u) for u in iso.attrs["units"]][0] == "tok/s/user"
        assert f["skipped"].dtype.names is not None
        assert len(f["skipped"]) == f.attrs["points_skipped"]
    return 0


if __name__ == "__main__":
    groups = None
    if "--expect-groups" in sys.argv:
        groups = sys.argv[sys.argv.index("--expect-groups") + 1].split(",")
    sys.exit(check(sys.argv[1], groups))
