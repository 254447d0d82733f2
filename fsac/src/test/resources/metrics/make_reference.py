#!/usr/bin/python3
"""Writes sklearn_reference.json: scikit-learn's answers for BinaryMetricsTest.

Run from this folder with Debian's interpreter (it has sklearn; the `python3` on PATH may not):
    /usr/bin/python3 make_reference.py
Generated with scikit-learn 1.2.1 / numpy 1.24.2. The output is committed; tests never run Python.

Per case: scores, labels, auroc (roc_auc_score), ap (average_precision_score), f1max (the WinCLIP /
CLIP-FSAC++ evaluation code: max over finite 2PR/(P+R) of precision_recall_curve), roc curves with
drop_intermediate True and False, and the precision-recall curve.
sklearn 1.2.1 sets the first ROC threshold to max(score)+1; sklearn >= 1.3 (and the Java code) use +inf,
so the first ROC threshold is left out here and the test checks it is infinite.
"""
import json
import warnings

import numpy as np
import sklearn
from sklearn.metrics import (average_precision_score, precision_recall_curve, roc_auc_score,
                             roc_curve)

rng = np.random.default_rng(20240611)


def f1max(labels, scores):
    precision, recall, _ = precision_recall_curve(labels, scores)
    with np.errstate(divide="ignore", invalid="ignore"):
        f1 = (2 * precision * recall) / (precision + recall)
    return float(np.max(f1[np.isfinite(f1)]))


def both_classes(labels):
    """Every case needs a positive and a negative (the Java code rejects one-class input)."""
    labels = labels.copy()
    if labels.min() == labels.max():
        labels[0] = 1 - labels[0]
    return labels


def make_case(name, scores, labels):
    scores = np.asarray(scores, dtype=np.float64)
    labels = both_classes(np.asarray(labels, dtype=np.int64))
    case = {"name": name, "scores": scores.tolist(), "labels": labels.tolist(),
            "auroc": float(roc_auc_score(labels, scores)),
            "ap": float(average_precision_score(labels, scores)),
            "f1max": f1max(labels, scores)}
    for drop in (True, False):
        fpr, tpr, thr = roc_curve(labels, scores, drop_intermediate=drop)
        case["roc_drop" if drop else "roc_full"] = {
            "fpr": fpr.tolist(), "tpr": tpr.tolist(), "thresholds_after_first": thr[1:].tolist()}
    precision, recall, thr = precision_recall_curve(labels, scores)
    case["pr"] = {"precision": precision.tolist(), "recall": recall.tolist(), "thresholds": thr.tolist()}
    return case


def image_cases():
    cases = []
    for i in range(12):  # continuous-ish scores rounded to few decimals: some ties
        n = int(rng.integers(2, 501))
        labels = (rng.random(n) < rng.uniform(0.1, 0.9)).astype(int)
        scores = np.round(rng.normal(size=n) + labels * rng.uniform(0, 2), int(rng.integers(1, 4)))
        cases.append(make_case(f"random_{i}_n{n}", scores, labels))
    for i in range(6):  # heavy ties: a handful of distinct values
        n = int(rng.integers(2, 501))
        labels = (rng.random(n) < 0.4).astype(int)
        scores = rng.integers(0, int(rng.integers(2, 6)), size=n) + labels * rng.integers(0, 2, size=n)
        cases.append(make_case(f"heavy_ties_{i}_n{n}", scores.astype(float) / 4, labels))
    n = 57
    labels = (rng.random(n) < 0.3).astype(int)
    cases.append(make_case("all_same_score", np.full(n, 0.25), labels))
    labels = (rng.random(80) < 0.5).astype(int)
    cases.append(make_case("perfect_separation", labels + np.round(rng.random(80), 2), labels))
    cases.append(make_case("inverted_separation", -labels - np.round(rng.random(80), 2), labels))
    cases.append(make_case("perfect_with_tie_at_boundary",
                           [0.1, 0.2, 0.5, 0.5, 0.9, 0.95], [0, 0, 0, 1, 1, 1]))
    cases.append(make_case("two_samples", [0.3, 0.7], [0, 1]))
    cases.append(make_case("two_samples_tied", [0.5, 0.5], [1, 0]))
    labels = np.zeros(400, dtype=int)
    labels[int(rng.integers(0, 400))] = 1
    cases.append(make_case("single_positive_n400", np.round(rng.random(400), 3), labels))
    labels = np.ones(300, dtype=int)
    labels[int(rng.integers(0, 300))] = 0
    cases.append(make_case("single_negative_n300", np.round(rng.random(300), 3), labels))
    n = 200  # negative and large-magnitude scores, negative zero mixed with zero
    labels = (rng.random(n) < 0.5).astype(int)
    scores = np.round(rng.normal(scale=1e6, size=n) + labels * 5e5, -4)
    scores[:10] = 0.0
    scores[10:20] = -0.0
    cases.append(make_case("large_magnitude_and_signed_zero", scores, labels))
    n = 300  # logits through a sigmoid, like the method's anomaly scores in [0, 1]
    labels = (rng.random(n) < 0.35).astype(int)
    scores = 1 / (1 + np.exp(-(rng.normal(size=n) * 3 + labels * 2)))
    cases.append(make_case("sigmoid_unrounded", scores, labels))
    return cases


def pixel_case(name, maps, masks):
    flat_maps = np.concatenate([m.ravel() for m in maps]).astype(np.float32)
    flat_masks = np.concatenate([m.ravel() for m in masks]).astype(int)
    return {"name": name, "maps": [m.astype(np.float32).ravel().tolist() for m in maps],
            "masks": [m.ravel().astype(int).tolist() for m in masks],
            "auroc": float(roc_auc_score(flat_masks, flat_maps))}


def pixel_cases():
    cases = []
    sizes = [(8, 8), (16, 12), (5, 7)]
    maps, masks = [], []
    for h, w in sizes:
        mask = np.zeros((h, w), dtype=bool)
        mask[h // 4:h // 2, w // 3:w // 2 + 1] = True
        maps.append((rng.random((h, w)) + mask * 0.5).astype(np.float32))
        masks.append(mask)
    masks[2][:] = False  # a normal image with an empty mask still contributes negatives
    cases.append(pixel_case("three_images_float32", maps, masks))
    cases.append(pixel_case("rounded_heavy_ties", [np.round(m * 4) / 4 for m in maps], masks))
    big_map = rng.random((64, 64)).astype(np.float32)
    big_mask = rng.random((64, 64)) < (0.1 + 0.5 * big_map)
    cases.append(pixel_case("single_64x64", [big_map], [big_mask]))
    return cases


def stats_cases():
    cases = []
    for n in (2, 3, 5, 10):
        values = rng.uniform(0.8, 1.0, size=n)
        cases.append({"values": values.tolist(), "mean": float(np.mean(values)),
                      "std": float(np.std(values, ddof=1)),
                      "stderr": float(np.std(values, ddof=1) / np.sqrt(n))})
    return cases


if __name__ == "__main__":
    warnings.simplefilter("error")  # no case may be one sklearn warns about
    out = {"generator": f"make_reference.py, scikit-learn {sklearn.__version__}, numpy {np.__version__}",
           "image": image_cases(), "pixel": pixel_cases(), "stats": stats_cases()}
    with open("sklearn_reference.json", "w") as f:
        json.dump(out, f, allow_nan=False, separators=(",", ":"))
    print(len(out["image"]), "image cases,", len(out["pixel"]), "pixel cases,", len(out["stats"]), "stats cases")
