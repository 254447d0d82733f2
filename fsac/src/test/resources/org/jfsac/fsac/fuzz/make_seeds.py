#!/usr/bin/python3
"""Writes the seed corpora of the fsac fuzz targets (issue 11), a few hundred bytes each: VisA split
files (as in VisA's split_csv/1cls.csv) and a head file laid out per the safetensors spec with the
jfsac.head metadata FsacClassifier.save writes. Run from the repository root."""
import json, os, struct

R = "fsac/src/test/resources/org/jfsac/fsac"

def put(folder, name, data):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)

visa = f"{R}/data/VisaCsvFuzzTestInputs/splitCsv"
put(visa, "seed0.csv", b"object,split,label,image,mask\n"
    b"candle,train,normal,candle/Data/Images/Normal/0000.JPG,\n"
    b"candle,test,anomaly,candle/Data/Images/Anomaly/000.JPG,candle/Data/Masks/Anomaly/000.png\n")
put(visa, "seed1.csv", b"\xef\xbb\xbfmask,image,label,split,object\n,a.JPG,normal,test,pcb1\n")

meta = {"class_name": "disc", "clip_weights": "demo", "fsac_config": {"alpha1": 0.4, "epochs": 1}}
header = json.dumps({"prototypes": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},
                     "__metadata__": {"jfsac.head": json.dumps(meta)}}).encode()
put(f"{R}/api/HeadFuzzTestInputs/load", "seed0.safetensors",
    struct.pack("<Q", len(header)) + header + struct.pack("<4f", 1, 0, 0, 1))
