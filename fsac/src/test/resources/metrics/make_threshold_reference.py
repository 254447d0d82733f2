#!/usr/bin/python3
"""Writes threshold_reference.json: the operating thresholds `calibrate` chooses, computed with scikit-learn.

Run from this folder with Debian's interpreter (it has sklearn; the `python3` on PATH may not):
    /usr/bin/python3 make_threshold_reference.py
Generated with scikit-learn 1.2.1 / numpy 1.24.2. The output is committed; tests never run Python.

Definitions (ThresholdsTest checks the Java code, org.jfsac.fsac.metrics.Thresholds, against them). An image is
anomalous when score >= threshold, so equal scores always get the same verdict.
- F1-max: over the points of sklearn.metrics.precision_recall_curve that carry a threshold (every point but the
  final P=1, R=0 one), F1 = 2PR/(P+R), skipping P=R=0 points; np.argmax picks the first maximum in sklearn's
  order of increasing thresholds, i.e. among thresholds with equal F1 the lowest one.
- Target FPR: over sklearn.metrics.roc_curve(drop_intermediate=False) points (after its artificial first
  threshold, which sklearn 1.2.1 sets to max+1 and newer versions to +inf), the lowest threshold whose false
  positive rate is <= the target. When no score reaches it (the highest-scored images include a normal one and
  their false positive rate already exceeds the target) the threshold is the next double above the highest score:
  nothing in the calibration set is flagged.
"""
import json

import numpy as np
import sklearn
from sklearn.metrics import precision_recall_curve, roc_curve

rng = np.random.default_rng(20261130)
TARGETS = [0.0, 0.01, 0.05, 0.1, 0.25, 0.5, 1.0]


def f1_threshold(labels, scores):
    precision, recall, thr = precision_recall_curve(labels, scores)
    p, r = precision[:-1], recall[:-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        f1 = 2 * p * r / (p + r)
    f1 = np.where(np.isfinite(f1), f1, -np.inf)
    k = int(np.argmax(f1))
    return {"threshold": float(thr[k]), "f1": float(f1[k]), "precision": float(p[k]), "recall": float(r[k])}


def fpr_threshold(labels, scores, target):
    fpr, tpr, thr = roc_curve(labels, scores, drop_intermediate=False)
    fpr, tpr, thr = fpr[1:], tpr[1:], thr[1:]
    ok = np.flatnonzero(fpr <= target)
    if ok.size == 0:
        return {"target": target, "threshold": float(np.nextafter(np.max(scores), np.inf)), "fpr": 0.0, "tpr": 0.0}
    k = int(ok.max())  # thresholds decrease along the curve: the last admissible point has the lowest threshold
    return {"target": target, "threshold": float(thr[k]), "fpr": float(fpr[k]), "tpr": float(tpr[k])}


def make_case(name, scores, labels):
    scores = np.asarray(scores, dtype=np.float64)
    labels = np.asarray(labels, dtype=np.int64)
    if labels.min() == labels.max():
        labels[0] = 1 - labels[0]
    return {"name": name, "scores": scores.tolist(), "labels": labels.tolist(),
            "f1max": f1_threshold(labels, scores),
            "fpr": [fpr_threshold(labels, scores, t) for t in TARGETS]}


cases = []
for i in range(10):  # anomaly-score-like values in [0, 1], rounded so that some tie
    n = int(rng.integers(4, 300))
    labels = (rng.random(n) < rng.uniform(0.1, 0.9)).astype(int)
    scores = np.clip(rng.normal(0.45 + 0.2 * labels * rng.uniform(0, 1), 0.1), 0, 1)
    cases.append(make_case(f"random_{i}_n{n}", np.round(scores, int(rng.integers(2, 5))), labels))
for i in range(4):  # heavy ties: a handful of distinct values
    n = int(rng.integers(4, 200))
    labels = (rng.random(n) < 0.4).astype(int)
    scores = (rng.integers(0, 4, size=n) + labels * rng.integers(0, 2, size=n)) / 5
    cases.append(make_case(f"heavy_ties_{i}_n{n}", scores, labels))
# F1 = 2/3 both at 0.8 (tp 2, fp 0) and at 0.2 (tp 4, fp 4): the lower threshold is chosen
cases.append(make_case("f1_tie_between_thresholds", [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2], [1, 1, 0, 0, 0, 0, 1, 1]))
cases.append(make_case("perfect_separation", [0.1, 0.2, 0.3, 0.7, 0.8], [0, 0, 0, 1, 1]))
cases.append(make_case("top_score_is_normal", [0.9, 0.5, 0.6, 0.2, 0.1], [0, 1, 1, 0, 0]))
cases.append(make_case("all_same_score", [0.5] * 6, [0, 1, 0, 1, 0, 0]))

with open("threshold_reference.json", "w") as f:
    json.dump({"generator": f"scikit-learn {sklearn.__version__}, numpy {np.__version__}", "cases": cases}, f)
print(f"wrote {len(cases)} cases")
