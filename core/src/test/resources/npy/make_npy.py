"""Generates the .npy test inputs with numpy itself (run with /usr/bin/python3, numpy 1.24).

Every array holds values the Java test recomputes from a formula, so the test checks our reader
against files numpy wrote, in every header version, byte order and dtype we claim to read.
"""
import numpy as np
from numpy.lib import format as npf

base = (np.arange(24).reshape(2, 3, 4) - 7) * 0.5          # exact in every float type used


def save(name, arr, version=None):
    with open(name, "wb") as f:
        npf.write_array(f, arr, version=version, allow_pickle=True)


save("f4_v1.npy", base.astype("<f4"), (1, 0))
save("f4_v2.npy", base.astype("<f4"), (2, 0))
save("f4_v3.npy", base.astype("<f4"), (3, 0))
save("f4_big.npy", base.astype(">f4"), (1, 0))
save("f8.npy", base.astype("<f8"))
save("f2.npy", base.astype("<f2"))
save("i8.npy", (np.arange(24).reshape(2, 3, 4) - 7).astype("<i8"))
save("i4_big.npy", (np.arange(24).reshape(2, 3, 4) - 7).astype(">i4"))
save("scalar_f4.npy", np.array(2.5, dtype="<f4"))
save("fortran_f4.npy", np.asfortranarray(base.astype("<f4")))
save("object.npy", np.array([{"a": 1}, None], dtype=object))
