#!/usr/bin/env python3
"""Draws the Pareto frontiers of a servesim sweep (HDF5, see docs/hdf5-schema.md) in the style
of the public InferenceX charts: interactivity (tok/s/user) on x, throughput per GPU on y, one
line per group.

usage: plot_pareto.py OUT.h5 -o curve.png [--labels] [--no-points] [--y total|output]
"""
import argparse
import json
import os
import sys

# Colours per group, in group order: NVIDIA green first, then a colour-blind-safe set.
PALETTE = ["#76b900", "#1f6fd1", "#e8710a", "#9334e6", "#d01884", "#12a4af", "#5f6368"]


def text(v):
    """h5py gives variable-length strings as bytes or str depending on version and context."""
    return v.decode("utf-8") if isinstance(v, bytes) else str(v)


def tokens_label(n):
    n = int(round(n))
    return f"{n // 1024}k" if n % 1024 == 0 else (f"{n / 1000:g}k" if n % 1000 == 0 else str(n))


def title_of(f):
    try:
        base = json.loads(text(f.attrs["base_scenario_json"]))
        model = base.get("model", "")
        precision = base.get("precision", "").upper().replace("NVFP4", "FP4")
        w = base.get("workload", {})
        isl = w.get("input", {}).get("tokens")
        osl = w.get("output", {}).get("tokens")
        lengths = f"{tokens_label(isl)}/{tokens_label(osl)}" if isl and osl else ""
        return " · ".join(p for p in (model, precision, lengths) if p)
    except (KeyError, ValueError, TypeError):
        return text(f.attrs.get("sweep_name", "servesim sweep"))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("h5", help="sweep output written by `servesim sweep`")
    ap.add_argument("-o", "--output", required=True, help="image to write (.png, .svg, .pdf)")
    ap.add_argument("--labels", action="store_true",
                    help="label frontier points with their configuration and concurrency")
    ap.add_argument("--no-points", action="store_true",
                    help="draw only the frontiers, not every point that ran")
    ap.add_argument("--y", choices=["total", "output"], default="total",
                    help="throughput per GPU: input + output tokens (default) or output only")
    ap.add_argument("--title", help="chart title (default: model · precision · ISL/OSL)")
    args = ap.parse_args(argv)

    import h5py
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    ycol = f"{args.y}_tok_s_per_gpu"
    with h5py.File(args.h5, "r") as f:
        groups = [text(g) for g in f["frontiers"].attrs["groups"]]
        points = f["points"][()]
        frontiers = {}
        for name in f["frontiers"]:
            ds = f["frontiers"][name]
            frontiers[text(ds.attrs["group"])] = ds[()]
        title = args.title or title_of(f)
        version = text(f.attrs["servesim_version"])
        sweep_name = text(f.attrs["sweep_name"])

    plt.rcParams.update({"font.family": "DejaVu Sans", "font.size": 10})
    fig, ax = plt.subplots(figsize=(10, 6.2), dpi=150)
    point_group = [text(g) for g in points["group"]] if len(points) else []
    for k, group in enumerate(groups):
        colour = PALETTE[k % len(PALETTE)]
        if not args.no_points:
            mask = [g == group for g in point_group]
            xs = points["tok_s_per_user_median"][mask]
            ys = points[ycol][mask]
            ax.scatter(xs, ys, s=14, color=colour, alpha=0.22, linewidths=0, zorder=2)
        fr = frontiers.get(group)
        if fr is None or len(fr) == 0:
            continue
        order = fr["tok_s_per_user_median"].argsort()
        x = fr["tok_s_per_user_median"][order]
        y = fr[ycol][order]
        ax.plot(x, y, "-o", color=colour, lw=2.2, ms=5.5, mec="white", mew=0.8, zorder=3,
                label=f"{group}  ({len(fr)} frontier points)")
        if args.labels:
            configs = [text(c) for c in fr["config"][order]]
            concs = fr["concurrency"][order]
            for xi, yi, c, n in zip(x, y, configs, concs):
                tag = f"{c} c{n}" if n > 0 else c
                ax.annotate(tag, (xi, yi), textcoords="offset points", xytext=(5, 5),
                            fontsize=7, color=colour, rotation=20, zorder=4)

    ax.set_xlabel("Interactivity (tok/s/user)")
    what = "Token Throughput" if args.y == "total" else "Output Token Throughput"
    ax.set_ylabel(f"{what} per GPU (tok/s/gpu)")
    ax.set_title(title, loc="left", fontsize=14, fontweight="bold", pad=22)
    ax.text(0.0, 1.015, f"{what} per GPU vs. Interactivity · Pareto frontier per group",
            transform=ax.transAxes, fontsize=9.5, color="#5f6368", va="bottom")
    ax.set_xlim(left=0)
    top = max((float(fr[ycol].max()) for fr in frontiers.values() if len(fr)), default=1.0)
    if not args.no_points and len(points):
        top = max(top, float(points[ycol].max()))
    ax.set_ylim(0, top * (1.14 if args.labels else 1.06))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.grid(True, color="#dadce0", lw=0.7)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if not args.no_points and len(points):
        ax.scatter([], [], s=14, color="#9aa0a6", alpha=0.5, linewidths=0,
                   label="every simulated configuration (faint)")
    ax.legend(loc="upper right", frameon=False)
    fig.text(0.99, 0.01, f"servesim {version} · sweep {sweep_name} · simulated",
             ha="right", va="bottom", fontsize=7.5, color="#80868b")
    fig.tight_layout()

    # Write beside the target and rename, so a failed plot leaves no half-written image.
    fmt = os.path.splitext(args.output)[1].lstrip(".").lower() or "png"
    tmp = f"{args.output}.tmp.{os.getpid()}"
    try:
        fig.savefig(tmp, format=fmt, metadata={"Software": None} if fmt == "png" else None)
        os.replace(tmp, args.output)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
