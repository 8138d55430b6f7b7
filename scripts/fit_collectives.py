#!/usr/bin/env python3
"""Fit servesim's collective-communication model to measured kernel timings, repeatably.

Reads the measured tables in KERNELS_DIR/<system>/comm_*.csv (NVIDIA AIConfigurator's silicon
perf database, extracted under shared/calibration/kernels; see its README.md) and fits, per
(system, kernel family, op[, kernel, dtype]), the few named parameters of ONE formula shared by
every family and system:

    t(n, traffic, engines) = ( alpha(n)^p + (traffic / bw_eff)^p )^(1/p)
    alpha(n)   = alpha_s + alpha_per_peer_s * (n - 1)
    bw_eff     = 1 / ( 1 / (eff * link_bw_bytes_per_s) + 1 / (engines * engine_bw_bytes_per_s) )
    p          = knee_exponent in (0.2, 1]   (1: latency + bandwidth add; < 1: softer knee)

`traffic` (bytes one GPU pushes over its link) and `engines` (SMs or local experts that move the
data) are defined per family, see FAMILIES below and docs/collective-fit.md. link_bw comes from
scenarios/catalog/gpus.json (scale_up.bw_bytes_per_s, or scale_out.nic_bw_bytes_per_s for the
InfiniBand reference fit), so `eff` means "fraction of the catalog's link bandwidth".

The fit minimises the mean |log(model / measured)| over the family's rows (Nelder-Mead in
transformed parameters, pure Python, no numpy needed). No parameter is per row.

Writes:
  scenarios/catalog/collectives.json  fitted parameters (+ reference points that are not fitted)
  docs/collective-fit.json            fit record (inputs, per-family errors, worst rows)
  docs/collective-fit.md              generated report

usage: scripts/fit_collectives.py [KERNELS_DIR] [--gpus scenarios/catalog/gpus.json]
                                  [--out scenarios/catalog/collectives.json]
                                  [--record docs/collective-fit.json] [--report docs/collective-fit.md]
"""
import argparse
import csv
import hashlib
import json
import math
import os
import re
import statistics
import sys

SCRIPT = "scripts/fit_collectives.py"
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# AIC system folder -> servesim GPU catalog name.
SYSTEMS = {
    "h100_sxm": "H100-SXM",
    "h200_sxm": "H200-SXM",
    "b200_sxm": "B200",
    "gb200": "GB200",
    "b300_sxm": "B300",
    "gb300": "GB300",
}

PARAM_NAMES = ["alpha_s", "alpha_per_peer_s", "eff", "engine_bw_bytes_per_s", "knee_exponent"]
P_MIN = 0.2


# --------------------------------------------------------------------------------------------
# The model (what servesim evaluates)
# --------------------------------------------------------------------------------------------
def model_time_s(params, n, traffic_bytes, engines, link_bw):
    alpha = params["alpha_s"] + params["alpha_per_peer_s"] * (n - 1)
    inv_bw = 1.0 / (params["eff"] * link_bw)
    ebw = params.get("engine_bw_bytes_per_s")
    if ebw:
        inv_bw += 1.0 / (engines * ebw)
    b = traffic_bytes * inv_bw
    p = params["knee_exponent"]
    if b <= 0:
        return alpha
    return (alpha ** p + b ** p) ** (1.0 / p)


def distinct_remote_ranks(n, topk):
    """Expected number of OTHER ranks a token's top-k experts land on (uniform routing)."""
    return (n - 1) * (1.0 - (1.0 - 1.0 / n) ** topk)


# --------------------------------------------------------------------------------------------
# Per-family traffic definitions (bytes one GPU sends over the link, and engine count)
# --------------------------------------------------------------------------------------------
def nccl_traffic(op, n, message_bytes):
    # nccl-tests sizes: all_reduce = buffer per rank; all_gather = total output;
    # reduce_scatter = total input; alltoall = per-rank send buffer.
    if op == "all_reduce":
        return 2.0 * (n - 1) / n * message_bytes
    return (n - 1) / n * message_bytes


def ll_dispatch_bytes_per_copy(hidden):
    return hidden + hidden / 128 * 4 + 16  # FP8 + per-128 fp32 scales + 16 B metadata


def ll_combine_bytes_per_copy(hidden):
    return 2 * hidden  # BF16


TRTLLM_BYTES_PER_ELEM = {"bf16": 2.0, "fp8": 1.0, "nvfp4": 0.5 + 1.0 / 16}


def trtllm_bytes_per_token(op, dtype, hidden, topk):
    if op == "alltoall_prepare":
        return topk * 8.0  # expert ids (int32) + routing weights (fp32): metadata only
    if op == "alltoall_combine":
        return 2.0 * hidden  # combine returns BF16 activations
    if op == "alltoall_combine_low_precision":
        return TRTLLM_BYTES_PER_ELEM["nvfp4"] * hidden
    return TRTLLM_BYTES_PER_ELEM[dtype] * hidden


FORMULAS = {
    "nccl": "traffic = 2(n-1)/n * message_bytes (all_reduce), (n-1)/n * message_bytes "
            "(all_gather: total output, reduce_scatter: total input, alltoall: per-rank send "
            "buffer); n = GPUs; engines unused",
    "custom_allreduce": "traffic = 2(n-1)/n * message_bytes (bf16 buffer per rank); n = GPUs; "
                        "engines unused",
    "deepep_ll": "traffic = tokens_per_rank * topk * bytes_per_copy * (n-1)/n with bytes_per_copy "
                 "= hidden + hidden/128*4 + 16 (dispatch, FP8+scales) or 2*hidden (combine, "
                 "BF16); engines = num_experts / n (local experts); n = ranks",
    "deepep_normal": "traffic = tokens_per_rank * bytes_per_token * (n-1)(1-(1-1/n)^topk) "
                     "(one copy per distinct remote rank) with bytes_per_token = hidden + "
                     "hidden/128*4 (dispatch, FP8+scales, assumed) or 2*hidden (combine, BF16); "
                     "engines = SMs given to the kernel; n = ranks",
    "trtllm_alltoall": "traffic = tokens_per_rank * bytes_per_token * (n-1)(1-(1-1/n)^topk) "
                       "with bytes_per_token = 2*hidden (bf16 dispatch, any combine), hidden "
                       "(fp8), (0.5+1/16)*hidden (nvfp4 dispatch, combine_low_precision), "
                       "8*topk (prepare: metadata); n = moe_ep; engines unused",
    "deepep_ll_ib": "traffic = tokens_per_rank * topk * bytes_per_copy * (n-8)/n (copies that "
                    "leave the 8-GPU node; the NVLink part is in alpha) over the NIC; n = EP "
                    "ranks; engines unused",
}

# Which parameters each family fits (the rest are fixed: alpha_per_peer_s 0, engine term off).
FAMILY_PARAMS = {
    "nccl": ["alpha_s", "alpha_per_peer_s", "eff", "knee_exponent"],
    "custom_allreduce": ["alpha_s", "alpha_per_peer_s", "eff", "knee_exponent"],
    "deepep_ll": ["alpha_s", "eff", "engine_bw_bytes_per_s", "knee_exponent"],
    "deepep_normal": ["alpha_s", "eff", "engine_bw_bytes_per_s", "knee_exponent"],
    "trtllm_alltoall": ["alpha_s", "alpha_per_peer_s", "eff", "knee_exponent"],
    "deepep_ll_ib": ["alpha_s", "eff", "knee_exponent"],
}


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------
def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def load_groups(kdir):
    """Returns {group_key: {meta..., rows: [(n, traffic, engines, t_s, rowdesc)]}}."""
    groups = {}

    def add(key, meta, row):
        g = groups.setdefault(key, dict(meta, rows=[]))
        g["rows"].append(row)

    for system in SYSTEMS:
        sdir = os.path.join(kdir, system)
        # NCCL
        path = os.path.join(sdir, "comm_nccl.csv")
        if os.path.exists(path):
            for r in read_csv(path):
                n, b = int(r["num_gpus"]), int(r["message_bytes"])
                key = (system, "nccl", r["op"], "nccl-" + r["nccl_version"], "")
                add(key, dict(system=system, family="nccl", op=r["op"],
                              kernel="nccl-" + r["nccl_version"], variant="", table=path,
                              fabric="nvlink"),
                    (n, nccl_traffic(r["op"], n, b), 1, float(r["latency_us"]) * 1e-6,
                     f"{r['dtype']} n={n} bytes={b}"))
        # custom all-reduce
        path = os.path.join(sdir, "comm_custom_allreduce.csv")
        if os.path.exists(path):
            for r in read_csv(path):
                n, b = int(r["num_gpus"]), int(r["message_bytes"])
                key = (system, "custom_allreduce", "all_reduce", r["kernel"], "")
                add(key, dict(system=system, family="custom_allreduce", op="all_reduce",
                              kernel=r["kernel"], variant="", table=path, fabric="nvlink",
                              framework=r["framework"]),
                    (n, nccl_traffic("all_reduce", n, b), 1, float(r["latency_us"]) * 1e-6,
                     f"n={n} bytes={b}"))
        # DeepEP low latency
        path = os.path.join(sdir, "comm_deepep_ll.csv")
        if os.path.exists(path):
            for r in read_csv(path):
                n, h, tok = int(r["num_ranks"]), int(r["hidden"]), int(r["tokens_per_rank"])
                k, e = int(r["topk"]), int(r["num_experts"])
                desc = f"hidden={h} topk={k} experts={e} tokens={tok}"
                for op, col, bpc in (("dispatch", "dispatch_us", ll_dispatch_bytes_per_copy(h)),
                                     ("combine", "combine_us", ll_combine_bytes_per_copy(h))):
                    key = (system, "deepep_ll", op, "deepep-1.2.1", "")
                    add(key, dict(system=system, family="deepep_ll", op=op, kernel="deepep-1.2.1",
                                  variant="", table=path, fabric="nvlink"),
                        (n, tok * k * bpc * (n - 1) / n, e / n, float(r[col]) * 1e-6, desc))
        # DeepEP normal
        path = os.path.join(sdir, "comm_deepep_normal.csv")
        if os.path.exists(path):
            for r in read_csv(path):
                n, h, tok = int(r["num_ranks"]), int(r["hidden"]), int(r["tokens_per_rank"])
                k, e = int(r["topk"]), int(r["num_experts"])
                d = distinct_remote_ranks(n, k)
                for op, bpt in (("dispatch", h + h / 128 * 4), ("combine", 2.0 * h)):
                    sms = int(r[op + "_sms"])
                    t = float(r[op + "_transmit_us"]) + float(r[op + "_notify_us"])
                    key = (system, "deepep_normal", op, "deepep-1.2.1", "")
                    add(key, dict(system=system, family="deepep_normal", op=op,
                                  kernel="deepep-1.2.1", variant="", table=path, fabric="nvlink"),
                        (n, tok * bpt * d, sms, t * 1e-6,
                         f"hidden={h} topk={k} experts={e} sms={sms} tokens={tok}"))
        # TRT-LLM NVLink all-to-all (GB200)
        path = os.path.join(sdir, "comm_trtllm_alltoall.csv")
        if os.path.exists(path):
            for r in read_csv(path):
                n, h, tok, k = (int(r["moe_ep"]), int(r["hidden"]), int(r["tokens_per_rank"]),
                                int(r["topk"]))
                bpt = trtllm_bytes_per_token(r["op"], r["dtype"], h, k)
                key = (system, "trtllm_alltoall", r["op"], r["kernel"], r["dtype"])
                add(key, dict(system=system, family="trtllm_alltoall", op=r["op"],
                              kernel=r["kernel"], variant=r["dtype"], table=path,
                              fabric="nvlink_mnnvl"),
                    (n, tok * bpt * distinct_remote_ranks(n, k), 1, float(r["latency_us"]) * 1e-6,
                     f"ep={n} tokens={tok}"))
    return groups


def ib_reference_groups(readme_path):
    """DeepEP low-latency over InfiniBand (H800, CX-7 400 Gb/s), 128 tokens/rank, DeepSeek-V3
    shape, from the network notes of shared/calibration/README.md (deepseek-ai/DeepEP docs)."""
    with open(readme_path) as f:
        text = f.read()
    m = re.search(r"DeepEP over InfiniBand.*?dispatch / combine µs:\s*(.*?)\. Normal", text, re.S)
    if not m:
        return {}, None
    pts = re.findall(r"EP(\d+) (\d+)/(\d+)", m.group(1))
    groups = {}
    h, k, tok = 7168, 8, 128
    for ep, d_us, c_us in pts:
        n = int(ep)
        for op, us, bpc in (("dispatch", d_us, ll_dispatch_bytes_per_copy(h)),
                            ("combine", c_us, ll_combine_bytes_per_copy(h))):
            key = ("h800_ib", "deepep_ll_ib", op, "deepep-legacy", "")
            g = groups.setdefault(key, dict(system="h800_ib", family="deepep_ll_ib", op=op,
                                            kernel="deepep-legacy", variant="", table=readme_path,
                                            fabric="infiniband", rows=[]))
            g["rows"].append((n, tok * k * bpc * (n - 8) / n, 1, float(us) * 1e-6,
                              f"EP{n} tokens={tok}"))
    return groups, m.group(0)


# --------------------------------------------------------------------------------------------
# Fitting
# --------------------------------------------------------------------------------------------
def nelder_mead(f, x0, step=0.5, iters=3000, tol=1e-12):
    n = len(x0)
    pts = [list(x0)] + [[x0[j] + (step if j == i else 0.0) for j in range(n)] for i in range(n)]
    vals = [f(p) for p in pts]
    for it in range(iters):
        order = sorted(range(n + 1), key=lambda i: vals[i])
        pts, vals = [pts[i] for i in order], [vals[i] for i in order]
        if it > 50 and abs(vals[-1] - vals[0]) < tol:
            break
        c = [sum(p[j] for p in pts[:-1]) / n for j in range(n)]
        xr = [c[j] + (c[j] - pts[-1][j]) for j in range(n)]
        fr = f(xr)
        if fr < vals[0]:
            xe = [c[j] + 2 * (c[j] - pts[-1][j]) for j in range(n)]
            fe = f(xe)
            pts[-1], vals[-1] = (xe, fe) if fe < fr else (xr, fr)
        elif fr < vals[-2]:
            pts[-1], vals[-1] = xr, fr
        else:
            xc = [c[j] + 0.5 * (pts[-1][j] - c[j]) for j in range(n)]
            fc = f(xc)
            if fc < vals[-1]:
                pts[-1], vals[-1] = xc, fc
            else:
                for i in range(1, n + 1):
                    pts[i] = [pts[0][j] + 0.5 * (pts[i][j] - pts[0][j]) for j in range(n)]
                    vals[i] = f(pts[i])
    i = min(range(n + 1), key=lambda i: vals[i])
    return pts[i], vals[i]


def sigmoid(x):
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, x))))


def decode(names, theta):
    p = {"alpha_s": 0.0, "alpha_per_peer_s": 0.0, "eff": 1.0, "engine_bw_bytes_per_s": None,
         "knee_exponent": 1.0}
    for name, x in zip(names, theta):
        if name == "eff":
            p[name] = sigmoid(x)  # (0, 1)
        elif name == "knee_exponent":
            p[name] = P_MIN + (1.0 - P_MIN) * sigmoid(x)  # (0.2, 1)
        elif name == "engine_bw_bytes_per_s":
            p[name] = math.exp(max(-60.0, min(60.0, x))) * 1e9
        else:
            p[name] = math.exp(max(-60.0, min(60.0, x))) * 1e-6  # alphas, µs scale
    return p


def errors(params, rows, link_bw):
    return [model_time_s(params, n, tr, en, link_bw) / t - 1.0 for n, tr, en, t, _ in rows]


def fit_group(names, rows, link_bw):
    def obj(theta):
        p = decode(names, theta)
        try:
            return sum(abs(math.log(model_time_s(p, n, tr, en, link_bw) / t))
                       for n, tr, en, t, _ in rows) / len(rows)
        except (OverflowError, ValueError, ZeroDivisionError):
            return 1e9

    starts = []
    for a0, a1, e, ebw, kp in ((10.0, 1.0, 0.0, 50.0, 0.0), (5.0, 3.0, 1.0, 20.0, -1.0),
                               (20.0, 0.3, -1.0, 200.0, 1.5)):
        init = {"alpha_s": math.log(a0), "alpha_per_peer_s": math.log(a1), "eff": e,
                "engine_bw_bytes_per_s": math.log(ebw), "knee_exponent": kp}
        starts.append([init[nm] for nm in names])
    best = None
    for x0 in starts:
        x, v = nelder_mead(obj, x0)
        x, v = nelder_mead(obj, x, step=0.2)  # restart to escape a collapsed simplex
        if best is None or v < best[1]:
            best = (x, v)
    return decode(names, best[0])


def summarize(errs, rows):
    a = [abs(e) for e in errs]
    s = sorted(a)
    worst = max(range(len(a)), key=lambda i: a[i])
    return {
        "rows": len(rows),
        "median_abs_err": statistics.median(s),
        "p90_abs_err": s[min(len(s) - 1, int(math.ceil(0.9 * len(s))) - 1)],
        "max_abs_err": s[-1],
        "mean_signed_err": sum(errs) / len(errs),
        "worst_row": {"row": rows[worst][4], "measured_us": round(rows[worst][3] * 1e6, 4),
                      "model_us": round(rows[worst][3] * (1 + errs[worst]) * 1e6, 4)},
    }


def rounded(p):
    out = {}
    for k in PARAM_NAMES:
        v = p.get(k)
        if v is None:
            out[k] = None
        elif k in ("eff", "knee_exponent"):
            out[k] = round(v, 4)
        elif k.startswith("alpha") and v < 1e-10:
            out[k] = 0.0  # numerically zero (the fit drove it to its floor)
        else:
            out[k] = float(f"{v:.4g}")
    return out


# --------------------------------------------------------------------------------------------
def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("kernels", nargs="?",
                    default=os.path.join(REPO, "..", "shared", "calibration", "kernels"))
    ap.add_argument("--gpus", default=os.path.join(REPO, "scenarios", "catalog", "gpus.json"))
    ap.add_argument("--out", default=os.path.join(REPO, "scenarios", "catalog", "collectives.json"))
    ap.add_argument("--record", default=os.path.join(REPO, "docs", "collective-fit.json"))
    ap.add_argument("--report", default=os.path.join(REPO, "docs", "collective-fit.md"))
    args = ap.parse_args()

    kdir = os.path.abspath(args.kernels)
    kreadme = open(os.path.join(kdir, "README.md")).read()
    m = re.search(r"Commit `([0-9a-f]{40})`", kreadme)
    aic_commit = m.group(1) if m else "unknown"
    cal_readme = os.path.join(os.path.dirname(kdir), "README.md")

    gpus = {g["name"]: g for g in json.load(open(args.gpus))["gpus"]}

    def link_bw(system, fabric):
        if fabric == "infiniband":
            return gpus["H800-SXM"]["scale_out"]["nic_bw_bytes_per_s"]
        return gpus[SYSTEMS[system]]["scale_up"]["bw_bytes_per_s"]

    groups = load_groups(kdir)
    ib_groups, ib_text = ib_reference_groups(cal_readme) if os.path.exists(cal_readme) else ({}, None)
    groups.update(ib_groups)

    def rel(path):
        path = os.path.abspath(path)
        marker = os.sep + "shared" + os.sep
        i = path.find(marker)
        return path[i + 1:] if i >= 0 else path

    entries, record_groups = [], []
    order = list(SYSTEMS) + ["h800_ib"]
    for key in sorted(groups, key=lambda k: (order.index(k[0]), k[1], k[2], k[3], k[4])):
        g = groups[key]
        fam, rows = g["family"], g["rows"]
        bw = link_bw(g["system"], g["fabric"])
        names = FAMILY_PARAMS[fam]
        params = fit_group(names, rows, bw)
        errs = errors(params, rows, bw)
        stats = summarize(errs, rows)
        ns = sorted({r[0] for r in rows})
        if fam == "deepep_ll_ib":
            src = (f"fitted to the 6 published DeepEP low-latency InfiniBand points (H800, CX-7 "
                   f"400 Gb/s per GPU, 128 tokens/rank, hidden 7168 top-8) quoted in "
                   f"{rel(cal_readme)} (network notes; origin deepseek-ai/DeepEP docs/legacy.md); "
                   f"link = H800-SXM scale_out.nic_bw_bytes_per_s; fit: {SCRIPT}")
            gpu_name = "H800-SXM"
        else:
            src = (f"fitted to {rel(g['table'])} ({len(rows)} rows"
                   + (f", op={g['op']}" if fam in ("nccl", "deepep_ll", "deepep_normal") else "")
                   + (f", kernel={g['kernel']}" if fam in ("custom_allreduce", "trtllm_alltoall")
                      else "")
                   + (f", op={g['op']}, dtype={g['variant']}" if fam == "trtllm_alltoall" else "")
                   + f"), NVIDIA AIConfigurator silicon perf data @ {aic_commit}; fit: {SCRIPT}")
            gpu_name = SYSTEMS[g["system"]]
        entry = {
            "system": g["system"],
            "gpu": gpu_name,
            "fabric": g["fabric"],
            "link": "scale_out" if g["fabric"] == "infiniband" else "scale_up",
            "link_bw_bytes_per_s": bw,
            "family": fam,
            "op": g["op"],
            "kernel": g["kernel"],
            "dtype": g["variant"] or None,
            "params": rounded(params),
            "fitted_params": names,
            "traffic": FORMULAS[fam],
            "valid_ranks": [ns[0], ns[-1]],
            "fit": {k: (round(v, 4) if isinstance(v, float) else v) for k, v in stats.items()},
            "source": src,
        }
        if fam == "custom_allreduce":
            entry["framework"] = g.get("framework")
            entry["used_by_aic"] = not g["kernel"].endswith("_eager")
        entries.append(entry)
        _POOLED[id(entry)] = [abs(x) for x in errs]
        record_groups.append(dict(entry, table_sha256=sha256(g["table"])))
        print(f"{g['system']:9s} {fam:17s} {g['op']:31s} {g['kernel']:29s} {g['variant']:6s} "
              f"n={len(rows):4d} med={stats['median_abs_err']*100:5.1f}% "
              f"p90={stats['p90_abs_err']*100:5.1f}% max={stats['max_abs_err']*100:5.1f}%",
              flush=True)

    reference_points = [
        {"what": "DeepEP normal (high-throughput) kernels, H800: ~153 GB/s over NVLink, 43-58 GB/s "
                 "over RDMA between nodes", "fitted": False,
         "source": f"{rel(cal_readme)} network notes (deepseek-ai/DeepEP docs/legacy.md)"},
        {"what": "DeepEP V2 at 8K tokens: 726/740 GB/s (dispatch/combine) over NVLink at EP8 on "
                 "Blackwell, 90/91 GB/s over RDMA at EP 8x2", "fitted": False,
         "source": f"{rel(cal_readme)} network notes"},
        {"what": "RoCE: ECMP routing badly degrades all-to-all, static routing matches InfiniBand "
                 "(DeepEP issue 82); 17.8 GB/s between nodes on 200G RoCE (issue 138); LL dispatch "
                 "~70 us, combine ~98 us on two H20 nodes over RoCE (issue 137); virtualised H200 "
                 "pays ~3x bare metal's cross-node EP16 cost", "fitted": False,
         "source": f"{rel(cal_readme)} network notes"},
        {"what": "KV-cache transfer: Mooncake 87 GB/s on 4x200G RoCE, 190 GB/s on 8x400G (40 GB); "
                 "NIXL ~49 GB/s on one 400G rail; 4.78 MB in 1.49 ms (NIXL issue 1240); GB200 "
                 "MNNVL lost to RDMA with 91k-120k descriptors (vLLM 55434); no RDMA: 0.5 GB/s "
                 "pull / 49 GB/s push (vLLM 52607); TCP fallback 1803 ms vs 3.08 ms (Dynamo PR "
                 "1314)", "fitted": False, "source": f"{rel(cal_readme)} network notes"},
    ]

    about = ("servesim collective-communication model, fitted by " + SCRIPT + " to measured "
             "kernel timings (shared/calibration/kernels, NVIDIA AIConfigurator @ " + aic_commit +
             ", Apache-2.0). One formula for every entry; only the numbers differ. "
             "t = (alpha^p + (traffic/bw_eff)^p)^(1/p); alpha = alpha_s + alpha_per_peer_s*(n-1); "
             "bw_eff = 1/(1/(eff*link_bw_bytes_per_s) + 1/(engines*engine_bw_bytes_per_s)) "
             "(engine term absent when engine_bw_bytes_per_s is null); p = knee_exponent. "
             "traffic and engines per family: see 'traffic'. Units: s, bytes, bytes/s. "
             "See docs/collective-fit.md.")
    out = {
        "_about": about,
        "generated_by": SCRIPT,
        "aic_commit": aic_commit,
        "formula": {
            "time_s": "(alpha^p + (traffic_bytes/bw_eff)^p)^(1/p)",
            "alpha": "alpha_s + alpha_per_peer_s*(n-1)",
            "bw_eff": "1/(1/(eff*link_bw_bytes_per_s) + 1/(engines*engine_bw_bytes_per_s))",
            "p": "knee_exponent",
            "traffic_by_family": FORMULAS,
        },
        "deepep_normal_sms": {
            "value": 20,
            "source": "SMs DeepEP's normal (high-throughput) kernels use unless told otherwise: "
                      "deepseek-ai/DeepEP deep_ep/buffer.py (class Buffer: num_sms: int = 20); "
                      "SGLang's DeepEP buffer uses the same default (num_sms: int = 20)",
        },
        "entries": entries,
        "reference_points": reference_points,
    }
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")

    record = {
        "generated_by": SCRIPT,
        "command": " ".join(["python3", SCRIPT] + [a for a in sys.argv[1:]]),
        "kernels_dir": rel(kdir),
        "aic_commit": aic_commit,
        "objective": "mean |log(model/measured)| per group, Nelder-Mead, 3 starts + restart",
        "ib_reference_text": ib_text,
        "groups": record_groups,
    }
    os.makedirs(os.path.dirname(args.record), exist_ok=True)
    with open(args.record, "w") as f:
        json.dump(record, f, indent=2)
        f.write("\n")

    write_report(args.report, entries, aic_commit, rel(kdir))


FAMILY_TITLES = {
    "nccl": "NCCL 2.29.2 (nccl-tests, no CUDA graph)",
    "custom_allreduce": "Framework custom all-reduce (bf16)",
    "deepep_ll": "DeepEP low-latency (decode) dispatch / combine",
    "deepep_normal": "DeepEP normal (prefill / high-throughput) dispatch / combine",
    "trtllm_alltoall": "TensorRT-LLM NVLink (MNNVL) MoE all-to-all, GB200",
    "deepep_ll_ib": "DeepEP low-latency over InfiniBand (H800, published points)",
}


def pct(x):
    return f"{x * 100:.1f}%"


def write_report(path, entries, aic_commit, kdir):
    L = []
    L.append("# Collective model fitted to measured kernel timings")
    L.append("")
    L.append(f"Generated by `{SCRIPT}` from `{kdir}` (NVIDIA AIConfigurator silicon perf data, "
             f"commit `{aic_commit}`). Do not edit by hand: rerun `python3 {SCRIPT}`. "
             "Parameters: `scenarios/catalog/collectives.json`; fit record: "
             "`docs/collective-fit.json`.")
    L.append("")
    L.append("## How servesim uses this")
    L.append("")
    L.append("Every entry of `scenarios/catalog/collectives.json` is keyed by `system` (AIC folder), "
             "`gpu` (catalog name), `family`, `op`, `kernel` and `dtype` (null unless the table has "
             "one). One formula serves all of them; only the numbers differ:")
    L.append("")
    L.append("```")
    L.append("alpha   = alpha_s + alpha_per_peer_s * (n - 1)                       [s]")
    L.append("inv_bw  = 1 / (eff * link_bw_bytes_per_s)")
    L.append("        + (engine_bw_bytes_per_s != null ? 1 / (engines * engine_bw_bytes_per_s) : 0)")
    L.append("b       = traffic_bytes * inv_bw                                     [s]")
    L.append("time_s  = (alpha^p + b^p)^(1/p),   p = knee_exponent in (0.2, 1]")
    L.append("```")
    L.append("")
    L.append("- `link_bw_bytes_per_s` is the GPU catalog's `scale_up.bw_bytes_per_s` (per GPU, per "
             "direction: 450e9 on H100/H200, 900e9 on B200/B300/GB200/GB300), or "
             "`scale_out.nic_bw_bytes_per_s` for the InfiniBand entry; it is copied into each "
             "entry, and `eff` is the fraction of it the kernel achieves at large sizes.")
    L.append("- `alpha` is the small-message latency; `knee_exponent` p blends the latency and "
             "bandwidth regimes: p = 1 adds them, p < 1 makes the knee softer (at the size where "
             "both terms are equal the time is 2^(1/p) × alpha), which reproduces the slow ramp of "
             "NCCL's protocol / pipelining switches between ~256 KB and ~16 MB.")
    L.append("- `engine_bw_bytes_per_s` (DeepEP only) is the bandwidth one engine moves: one SM for "
             "normal mode (`engines` = SMs given to the kernel, 4–24 measured; DeepEP's default is "
             "24 on H800-class setups), one local expert for low-latency mode (`engines` = "
             "num_experts / n; the LL receive path is per expert, so 1–2 local experts are slow).")
    L.append("- n = ranks in the group. Traffic (bytes one GPU sends):")
    L.append("")
    L.append("| family | traffic_bytes | engines | fitted parameters |")
    L.append("|---|---|---|---|")
    for fam in FORMULAS:
        L.append(f"| `{fam}` | {FORMULAS[fam]} | "
                 f"{'see traffic' if fam.startswith('deepep_') and fam != 'deepep_ll_ib' else '—'} | "
                 f"{', '.join('`' + p + '`' for p in FAMILY_PARAMS[fam])} |")
    L.append("")
    L.append("Which entry to use: tensor-parallel all-reduce under CUDA graphs → `custom_allreduce` "
             "(TRT-LLM: kernel `TRTLLM`; SGLang: `SGLang_CustomAllReduce_graph`; vLLM: "
             "`vLLM_custom_graph`; `*_eager` entries are fitted for completeness, AIC ignores "
             "them) for n ≤ 8 (≤ 4 measured on GB200/GB300), `nccl` beyond that or for all-gather / "
             "reduce-scatter; MoE expert parallelism → `deepep_ll` for decode steps, "
             "`deepep_normal` (engines = SMs, default 24) for prefill, `trtllm_alltoall` for "
             "TRT-LLM on GB200 NVL72 (EP 2–64). Groups that leave the scale-up domain: "
             "`deepep_ll_ib` is the only fitted scale-out curve (see below).")
    L.append("")
    L.append("## Fit summary")
    L.append("")
    L.append("Error = model / measured − 1 over every row of the table the entry was fitted to. "
             "Target: median |error| ≤ 15% per system and family.")
    L.append("")
    for fam in FAMILY_TITLES:
        es = [e for e in entries if e["family"] == fam]
        if not es:
            continue
        L.append(f"### {FAMILY_TITLES[fam]}")
        L.append("")
        L.append("| system | op | kernel | dtype | rows | median | p90 | worst | worst row (measured → model µs) | alpha_s | alpha_per_peer_s | eff | engine_bw_bytes_per_s | knee_exponent |")
        L.append("|---|---|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|")
        for e in es:
            f, p = e["fit"], e["params"]
            flag = "" if f["median_abs_err"] <= 0.15 else " ✗"
            L.append(f"| {e['system']} | {e['op']} | {e['kernel']} | {e['dtype'] or ''} | {f['rows']} | "
                     f"{pct(f['median_abs_err'])}{flag} | {pct(f['p90_abs_err'])} | {pct(f['max_abs_err'])} | "
                     f"{f['worst_row']['row']} ({f['worst_row']['measured_us']} → {f['worst_row']['model_us']}) | "
                     f"{p['alpha_s']:.3g} | {p['alpha_per_peer_s']:.3g} | {p['eff']:.3f} | "
                     f"{'' if p['engine_bw_bytes_per_s'] is None else format(p['engine_bw_bytes_per_s'], '.3g')} | "
                     f"{p['knee_exponent']:.3f} |")
        L.append("")
    # per system x family roll-up
    L.append("### Roll-up per system and family (all rows of the family pooled)")
    L.append("")
    L.append("| system | family | entries | rows | median | p90 | worst | entries over 15% median |")
    L.append("|---|---|---:|---:|---:|---:|---:|---:|")
    keys = []
    for e in entries:
        k = (e["system"], e["family"])
        if k not in keys:
            keys.append(k)
    for k in keys:
        es = [e for e in entries if (e["system"], e["family"]) == k]
        rows = sum(e["fit"]["rows"] for e in es)
        L.append(f"| {k[0]} | {k[1]} | {len(es)} | {rows} | "
                 f"{pct(pooled_median(es))} | {pct(pooled_p90(es))} | "
                 f"{pct(max(e['fit']['max_abs_err'] for e in es))} | "
                 f"{sum(1 for e in es if e['fit']['median_abs_err'] > 0.15)} |")
    L.append("")
    at_bound = [e for e in entries if e["params"]["eff"] >= 0.999]
    L.append("## Parameters at a bound")
    L.append("")
    if at_bound:
        L.append("`eff` reached its upper bound 1 (the link term never limits inside the measured "
                 "range, so `eff` is not identified and should be read as 'at most link rate') in: "
                 + ", ".join(f"{e['system']} {e['family']} {e['op']}" for e in at_bound) + ".")
    else:
        L.append("None.")
    L.append("")
    L.extend(NOTES)
    with open(path, "w") as fh:
        fh.write("\n".join(L) + "\n")


_POOLED = {}


def pooled_median(es):
    return statistics.median(_pooled_errors(es))


def pooled_p90(es):
    s = sorted(_pooled_errors(es))
    return s[min(len(s) - 1, int(math.ceil(0.9 * len(s))) - 1)]


def _pooled_errors(es):
    out = []
    for e in es:
        out.extend(_POOLED[id(e)])
    return out


NOTES = [
    "## What is and is not fitted",
    "",
    "Fitted (one entry per system × family × op [× kernel, dtype]; every row of each table):",
    "",
    "- `comm_nccl.csv`: all_reduce, all_gather, reduce_scatter, alltoall; half and int8 rows "
    "pooled (the model works in bytes; int8 all-reduce is a few % slower at large sizes).",
    "- `comm_custom_allreduce.csv`: every kernel, `*_graph`/`TRTLLM` (what AIC uses) and `*_eager` "
    "(flagged `used_by_aic: false`).",
    "- `comm_deepep_ll.csv`, `comm_deepep_normal.csv`: dispatch and combine separately, all shapes, "
    "all SM budgets (normal mode).",
    "- `gb200/comm_trtllm_alltoall.csv`: every kernel × op × dtype, EP 2–64.",
    "- DeepEP low-latency over InfiniBand: the six published H800 points (EP8–256, 128 tokens/rank) "
    "from the network notes of `shared/calibration/README.md`; 3 parameters on 6 points, so treat it "
    "as a calibrated curve, not a validated one. At EP8 the published figure is already an RDMA "
    "figure (legacy DeepEP LL sends intra-node traffic through the NIC too), so `alpha_s` absorbs "
    "the EP8 cost and only traffic leaving the node, (n−8)/n, is charged to the NIC.",
    "",
    "Not fitted (kept in `collectives.json` → `reference_points` with their source): DeepEP normal "
    "mode over RDMA (43–58 GB/s, H800), DeepEP V2 figures, RoCE observations (ECMP vs static "
    "routing, 200G RoCE 17.8 GB/s, H20 LL over RoCE ~70/98 µs), KV-cache transfer rates (Mooncake, "
    "NIXL, TCP fallback). They are single figures without a size/rank sweep, so they do not pin "
    "down an alpha/eff pair; servesim times those paths with the scale-out fabric's own "
    "terms (fabrics.json: `achievable_fraction`, `nic_latency_s` + hops x `switch_hop_latency_s`), "
    "which may be checked against these points.",
    "",
    "## Known misfits (why the worst cases are large)",
    "",
    "- NCCL and custom all-reduce between ~1 MB and ~16 MB: NCCL switches protocol (LL → LL128 → "
    "Simple) and channel count, and TRT-LLM AUTO switches one-shot → two-shot → NCCL; each switch is "
    "a step (e.g. b200 n=4 all-reduce jumps from 39 to 85 µs between 4 and 8 MB). A smooth curve "
    "misses these steps by up to ~40%; medians stay at 4–9%.",
    "- Isolated spikes in the measured tables (e.g. TRT-LLM two-sided combine at EP16, 1 token: "
    "60–69 µs against ~18 µs at 16 tokens; SGLang graph all-reduce h100 n=8 1 KB: 38 µs) are "
    "measurement outliers; they set the worst case but were not removed.",
    "- DeepEP LL dispatch with 1–2 local experts (experts = 8 or 16 on 8 ranks) is receive-bound "
    "per expert; the local-expert engine term captures most of it, but dispatch keeps the "
    "highest medians (10–15%).",
    "- DeepEP normal mode: the dispatch payload dtype is not recorded per row (FP8 if DeepEP was "
    "built with SM90 features, which the fit assumes); `eff` is relative to that assumption. On "
    "every system the time is SM-limited up to 24 SMs, so `eff` sits at 1 and `engine_bw_bytes_per_s` "
    "(bytes per SM per second) carries the bandwidth.",
    "- DeepEP LL over InfiniBand: `eff` sits at 1 on the NIC and the model still overshoots EP16 "
    "combine (195 µs measured, ~240 modelled): the published times grow more slowly with EP than "
    "NIC-bound traffic would, i.e. transfers overlap with the fixed cost; the fit is a curve through "
    "six points, not a measured NIC efficiency.",
    "- All NVLink data is single-node (≤ 8 GPUs; ≤ 4 on GB200/GB300) except the TRT-LLM all-to-all "
    "(EP ≤ 64 on GB200 NVL72). Using an entry beyond `valid_ranks` is extrapolation.",
    "",
]

if __name__ == "__main__":
    main()
