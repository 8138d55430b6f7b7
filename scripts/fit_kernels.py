#!/usr/bin/env python3
"""Fit per-operator efficiency curves to the measured kernel tables.

Reads ../shared/calibration/kernels/<system>/{gemm,moe,mla}.csv (measured AIConfigurator
timings, see that folder's README) and the GPU peaks of scenarios/catalog/gpus.json, and fits,
per operator family and GPU, the saturating roofline curve

    t = t0 + q * A + max(F / (P * eta_c), B / (W * eta_m)),
    eta_c = eta_max * m / (m + m_half) * N / (N + n_half)

where F and B are the operator's FLOPs and bytes (the formulas of hw/roofline_step_model.cpp),
P the dense peak of its precision, W the HBM bandwidth, and m the rows each weight sees (GEMM:
tokens; grouped expert GEMM: tokens per active expert; attention: query tokens per sequence x
sequences is not a GEMM row, so MLA uses the prompt length for prefill and the heads per GPU
for decode), N the weight elements of one call (n x k; MLA: none, the factor is 1) and A the
activation elements quantised on the way in (m x k; none for bf16 and MLA). Six named
parameters per family and GPU: eta_max (achieved fraction of the compute peak for large m and
weights), m_half and n_half (rows and weight elements at which half of it is reached), eta_m
(achieved fraction of HBM bandwidth), t0 (fixed time per call) and q (seconds per activation
element quantised). The roofline stays the spine: a shape or GPU without measurements keeps
the physical formula with the global knobs.

Writes scenarios/catalog/kernel_curves.json (the parameters and the fit error of every family)
and docs/kernel-fit.md (the report). Fits in log time (every row counts by its relative error)
with scipy's least_squares (Debian: python3-numpy python3-scipy).

Usage: python3 scripts/fit_kernels.py [--kernels DIR] [--out JSON] [--report MD]
"""
import argparse
import csv
import json
import math
import os
import sys

import numpy as np
from scipy.optimize import least_squares

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SYSTEMS = {"h100_sxm": "H100-SXM", "h200_sxm": "H200-SXM", "b200_sxm": "B200",
           "gb200": "GB200", "b300_sxm": "B300", "gb300": "GB300"}
# Weight bytes per element (NVFP4: 4-bit values + one FP8 scale per 16 elements).
WEIGHT_BYTES = {"bf16": 2.0, "fp8": 1.0, "fp8_block": 1.0 + 4.0 / (128 * 128), "nvfp4": 0.5625}
PEAK_KEY = {"bf16": "bf16", "fp8": "fp8", "fp8_block": "fp8", "nvfp4": "fp4"}
ACT = 2.0  # activations enter and leave in BF16
# The framework whose kernels a family is fitted on: TensorRT-LLM's, which the InferenceX
# TensorRT-LLM and Dynamo rows run; SGLang's rows are reported against the same curve.
FIT_FRAMEWORK = "trtllm"


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def gemm_rows(rows, dtype, framework):
    out = []
    for r in rows:
        if r["dtype"] != dtype or r["framework"] != framework:
            continue
        m, n, k = float(r["m_tokens"]), float(r["n_out"]), float(r["k_in"])
        flops = 2 * m * n * k
        bytes_ = n * k * WEIGHT_BYTES[dtype] + m * k * ACT + m * n * ACT
        quantised = m * k if dtype != "bf16" else 0.0
        out.append((m, flops, bytes_, n * k, quantised, float(r["latency_us"]) * 1e-6))
    return out


def moe_rows(rows, dtype, framework):
    """Balanced rows of the fused MoE op on one rank (routing, grouped GEMMs, finalize)."""
    out = []
    for r in rows:
        if r["dtype"] != dtype or r["framework"] != framework or r["distribution"] != "bal":
            continue
        if r["kernel"] == "minlat":
            continue
        h, inter = float(r["hidden"]), float(r["inter_size"])
        topk, experts = float(r["topk"]), float(r["num_experts"])
        tp, ep = float(r["moe_tp"]), float(r["moe_ep"])
        tokens = float(r["num_tokens"])
        local = experts / ep
        assignments = tokens * topk / ep
        # Experts of this rank with at least one token (uniform routing).
        active = local * (1 - (1 - 1 / experts) ** (tokens * topk))
        params = 3 * h * inter / tp  # gate, up and down of one expert's slice
        m = assignments / max(active, 1e-9)
        flops = 2 * assignments * params
        bytes_ = active * params * WEIGHT_BYTES[dtype] + 2 * assignments * h * ACT
        out.append((m, flops, bytes_, params, tokens * h / ep, float(r["latency_us"]) * 1e-6))
    return out


def mla_rows(rows, phase, kv_dtype, framework):
    """The MLA attention core (no projections): FLOPs of its BMMs, bytes of its latent cache."""
    out = []
    for r in rows:
        if (r["phase"] != phase or r["kv_dtype"] != kv_dtype or r["framework"] != framework):
            continue
        heads, batch, seq = float(r["num_heads"]), float(r["batch"]), float(r["seq_len_tokens"])
        kvb = 1.0 if kv_dtype == "fp8" else 2.0
        if phase == "ctx":
            pairs = batch * seq * (seq + 1) / 2
            flops = 2 * heads * pairs * (192 + 128)
            bytes_ = batch * seq * (512 + 64) * kvb + batch * seq * heads * (192 * 2 + 128) * ACT
            m = seq
        else:
            flops = 2 * heads * batch * seq * (576 + 512)
            bytes_ = batch * seq * (512 + 64) * kvb
            m = heads  # query rows per latent read: the absorbed decode kernel's arithmetic intensity
        out.append((m, flops, bytes_, math.inf, 0.0, float(r["latency_us"]) * 1e-6))
    return out


def model(p, m, flops, bytes_, weights, quantised, peak, bw):
    eta_max, log_m_half, log_n_half, eta_m, log_t0, log_q = p
    finite = np.where(np.isinf(weights), 1.0, weights)
    size = np.where(np.isinf(weights), 1.0, finite / (finite + math.exp(log_n_half)))
    eta_c = eta_max * m / (m + math.exp(log_m_half)) * size
    return (math.exp(log_t0) + math.exp(log_q) * quantised +
            np.maximum(flops / (peak * eta_c), bytes_ / (bw * eta_m)))


LOWER = [0.02, math.log(0.5), 0.0, 0.02, math.log(1e-7), math.log(1e-16)]
UPPER = [1.0, math.log(1e6), math.log(1e11), 1.0, math.log(1e-3), math.log(1e-8)]
STARTS = ([0.7, math.log(64), math.log(1e6), 0.7, math.log(5e-6), math.log(1e-12)],
          [0.4, math.log(512), math.log(1e5), 0.5, math.log(2e-6), math.log(1e-13)])


def fit(rows, peak, bw):
    a = np.array(rows, dtype=float)
    cols = (a[:, 0], a[:, 1], a[:, 2], a[:, 3], a[:, 4])
    t = a[:, 5]

    def residual(p):
        return np.log(model(p, *cols, peak, bw)) - np.log(t)

    best = None
    for start in STARTS:
        r = least_squares(residual, start, bounds=(LOWER, UPPER))
        if best is None or r.cost < best.cost:
            best = r
    p = best.x.copy()
    # Parameters the rows cannot see are not fitted: no quantised inputs (bf16, MLA) means
    # q = 0, no weights (MLA) means no size factor.
    if not np.any(cols[4] > 0):
        p[5] = -math.inf
    if np.all(np.isinf(cols[3])):
        p[2] = -math.inf
    err = np.abs(np.exp(residual(p)) - 1)
    return p, err


def errors(p, rows, peak, bw):
    a = np.array(rows, dtype=float)
    pred = model(p, a[:, 0], a[:, 1], a[:, 2], a[:, 3], a[:, 4], peak, bw)
    return np.abs(pred / a[:, 5] - 1)


def summary(err):
    return {"rows": int(len(err)), "median_abs_error": float(np.median(err)),
            "p90_abs_error": float(np.quantile(err, 0.9))}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kernels", default=os.path.join(ROOT, "..", "shared", "calibration", "kernels"))
    ap.add_argument("--out", default=os.path.join(ROOT, "scenarios", "catalog", "kernel_curves.json"))
    ap.add_argument("--report", default=os.path.join(ROOT, "docs", "kernel-fit.md"))
    args = ap.parse_args()
    gpus = {g["name"]: g for g in json.load(open(os.path.join(ROOT, "scenarios", "catalog", "gpus.json")))["gpus"]}

    curves = []
    for system, gpu_name in SYSTEMS.items():
        d = os.path.join(args.kernels, system)
        if not os.path.isdir(d):
            continue
        g = gpus[gpu_name]
        bw = g["hbm_bw_bytes_per_s"]
        gemm = read_csv(os.path.join(d, "gemm.csv"))
        moe = read_csv(os.path.join(d, "moe.csv"))
        mla = read_csv(os.path.join(d, "mla.csv"))
        families = []
        for dtype in ("bf16", "fp8", "fp8_block", "nvfp4"):
            families.append((f"gemm.{dtype}", dtype, lambda fw, dt=dtype: gemm_rows(gemm, dt, fw)))
        for dtype in ("fp8_block", "nvfp4"):
            families.append((f"moe.{dtype}", dtype, lambda fw, dt=dtype: moe_rows(moe, dt, fw)))
        for phase in ("ctx", "gen"):
            families.append((f"mla_{phase}.fp8_kv", "bf16",
                             lambda fw, ph=phase: mla_rows(mla, ph, "fp8", fw)))
        for name, dtype, rows_of in families:
            peak = g["dense_flops_per_s"].get(PEAK_KEY[dtype])
            rows = rows_of(FIT_FRAMEWORK)
            if not peak or len(rows) < 8:
                continue
            p, err = fit(rows, peak, bw)
            entry = {"gpu": gpu_name, "family": name, "framework": FIT_FRAMEWORK,
                     "source": f"shared/calibration/kernels/{system}/{name.split('.')[0].split('_')[0]}.csv ({FIT_FRAMEWORK} rows), fitted by scripts/fit_kernels.py",
                     "eta_max": round(float(p[0]), 4), "m_half": float(f"{math.exp(p[1]):.4g}"),
                     "n_half": float(f"{math.exp(p[2]):.4g}"), "eta_m": round(float(p[3]), 4),
                     "t0_s": float(f"{math.exp(p[4]):.4g}"),
                     "q_s_per_element": float(f"{math.exp(p[5]):.4g}"), "fit": summary(err)}
            other = rows_of("sglang")
            if other:
                entry["sglang_rows_against_this_curve"] = summary(errors(p, other, peak, bw))
            curves.append(entry)
            print(f"{gpu_name:9s} {name:18s} eta_max {entry['eta_max']:.3f} m_half {entry['m_half']:9.1f} "
                  f"n_half {entry['n_half']:9.3g} eta_m {entry['eta_m']:.3f} t0 {entry['t0_s']*1e6:6.2f} us  "
                  f"median {entry['fit']['median_abs_error']*100:5.1f}% p90 {entry['fit']['p90_abs_error']*100:5.1f}% "
                  f"({entry['fit']['rows']} rows)", file=sys.stderr)

    doc = {
        "_about": "Per-operator efficiency curves fitted by scripts/fit_kernels.py to the measured kernel tables of shared/calibration/kernels (NVIDIA AIConfigurator silicon database @ 095f58a51c4ca8e61b66ec108d86f223f8d559ce, Apache-2.0; TensorRT-LLM kernels). One call takes t = t0 + q A + max(F / (P eta_c), B / (W eta_m)), eta_c = eta_max m / (m + m_half) N / (N + n_half): F FLOPs, B bytes, m rows per weight, N weight elements, A activation elements quantised, P the catalog dense peak of the precision, W the catalog HBM bandwidth. Do not edit by hand: rerun the script.",
        "source": "shared/calibration/kernels/<system>/{gemm,moe,mla}.csv, framework trtllm; fit in log time (scipy least_squares); see docs/kernel-fit.md",
        "curves": curves,
    }
    with open(args.out, "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")

    lines = ["<!-- Generated by `python3 scripts/fit_kernels.py`. Do not edit by hand: rerun the script. -->",
             "# Kernel fit", "",
             "Each operator family on each GPU is one saturating roofline curve, "
             "t = t0 + q·A + max(F / (P · η_c), B / (W · η_m)) with η_c = η_max · m / (m + m½) · N / (N + N½), fitted to the measured "
             "TensorRT-LLM kernel timings of `../shared/calibration/kernels/` (AIConfigurator's silicon "
             "database). F and B are the operator's FLOPs and bytes, P the catalog's dense peak for its "
             "precision, W the catalog's HBM bandwidth, m the rows a weight sees (GEMM: tokens; MoE: "
             "tokens per active expert; MLA prefill: prompt length; MLA decode: heads per GPU), N the weight "
             "elements of one call, A the activation elements quantised on the way in. "
             "Error = |predicted / measured − 1| per row; the SGLang columns apply the same curve to "
             "SGLang's kernels of the family.", "",
             "| GPU | family | η_max | m½ | N½ | η_m | t0 (µs) | q (ps/elem) | rows | median | p90 | SGLang median | SGLang p90 |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for c in curves:
        s = c.get("sglang_rows_against_this_curve")
        sg = (f"{s['median_abs_error']*100:.1f}% | {s['p90_abs_error']*100:.1f}%" if s else "- | -")
        lines.append(f"| {c['gpu']} | {c['family']} | {c['eta_max']:.3f} | {c['m_half']:.4g} | "
                     f"{c['n_half']:.3g} | {c['eta_m']:.3f} | {c['t0_s']*1e6:.2f} | {c['q_s_per_element']*1e12:.3g} | {c['fit']['rows']} | "
                     f"{c['fit']['median_abs_error']*100:.1f}% | {c['fit']['p90_abs_error']*100:.1f}% | {sg} |")
    with open(args.report, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {args.out} and {args.report}", file=sys.stderr)


if __name__ == "__main__":
    main()
