#!/usr/bin/python3
"""Reference for HistogramBinsTest (run with /usr/bin/python3 from this folder; numpy 1.24.2 made histogram_bins.json).

numpy.histogram_bin_edges(values, bins="auto"): the report's score histograms bin over the observed range with
numpy's "auto" rule (the smaller width of Freedman-Diaconis and Sturges; Sturges alone when the IQR is 0; range
+-0.5 when all values are equal). Exercises numpy/lib/histograms.py _hist_bin_auto, _hist_bin_fd,
_hist_bin_sturges and _get_outer_edges. Per case: the values, the number of bins and the first and last edge.
"""
import json

import numpy as np

rng = np.random.default_rng(1130)
cases = []


def case(name, values):
    values = np.asarray(values, dtype=np.float64)
    edges = np.histogram_bin_edges(values, bins="auto")
    cases.append({"name": name, "values": values.tolist(), "bins": len(edges) - 1,
                  "lo": float(edges[0]), "hi": float(edges[-1])})


for i in range(8):  # anomaly scores clustered near 0.5 (a random-weight head) or spread out
    n = int(rng.integers(2, 400))
    spread = float(rng.choice([1e-3, 1e-2, 0.1]))
    case(f"clustered_{i}_n{n}", np.clip(rng.normal(0.5, spread, size=n), 0, 1))
for n in (2, 4, 16, 64, 128):  # powers of two: Sturges' log2 is exact
    case(f"uniform_n{n}", rng.random(n))
case("iqr_zero_with_outlier", [0.5] * 20 + [0.9])
case("all_equal", [0.503] * 7)
case("two_groups", [0.49, 0.495, 0.5, 0.501, 0.61, 0.62, 0.63, 0.64])
with open("histogram_bins.json", "w") as f:
    json.dump({"generator": f"numpy {np.__version__}", "cases": cases}, f)
print(len(cases), "cases;", [c["bins"] for c in cases])
