#!/usr/bin/python3
"""Head files as the CLIP-FSAC++ authors' train.py saves them, written by PyTorch, for AuthorsHeadsTest.

train.py lines 502-503 (commented out in their published code) save
    torch.save({"image_path": inputs["image_path"], "image_state_dict": image_head.state_dict(),
                "text_state_dict": text_head.state_dict()}, ...)
of their ImageHead and TextHead (adapter_plus.py, imported unchanged by authors_code.py).

- authors_head_c48.pt: that layout holding the initial weights of testdata/fsac-authors-code (init.*, C = 48,
  the width of testdata/openclip's tiny models), with a list of image paths as train.py would store.
- Malformed and hostile files at C = 4 (small):
  authors_head_c4_wrong_shape.pt   text_state_dict["linear.weight"] is [4, 3]
  authors_head_c4_missing_key.pt   image_state_dict lacks "to_out_image.0.bias"
  authors_head_c4_no_text.pt       no "text_state_dict" entry
  authors_head_c4_os_system.pt     text_state_dict is an object whose unpickling calls os.system (never run by
                                   jfsac: the allow-list unpickler refuses the global)
  authors_head_c4_modules.pt       the modules themselves instead of their state dicts (pickles adapter_plus.ImageHead)
Run: /usr/bin/python3 make_authors_heads.py  (torch 1.13; reads ../../../../../testdata/fsac-authors-code)
"""
import sys
sys.dont_write_bytecode = True  # no __pycache__ beside the test data

import os

import numpy as np
import torch

import authors_code

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "..", "..", "..", "..", "testdata", "fsac-authors-code")


class RunsACommand:
    """What a hostile checkpoint does: its unpickling calls os.system."""

    def __reduce__(self):
        return os.system, ("echo this must never run > /dev/null",)


def heads(adapter_plus, dim, seed=0):
    torch.manual_seed(seed)
    return authors_code.make_heads(adapter_plus, dim)


def save(name, obj):
    torch.save(obj, os.path.join(HERE, name))
    print(name, os.path.getsize(os.path.join(HERE, name)), "bytes")


def main():
    adapter_plus, _ = authors_code.load("visa")
    image_head, text_head = heads(adapter_plus, 48)
    for prefix, module in (("image_head", image_head), ("text_head", text_head)):
        module.load_state_dict({k: torch.from_numpy(np.load(os.path.join(FIXTURE, f"init.{prefix}.{k}.npy")))
                                for k in module.state_dict()})
    save("authors_head_c48.pt", {"image_path": ["visa/candle/train/good/0000.JPG"],
                                 "image_state_dict": image_head.state_dict(), "text_state_dict": text_head.state_dict()})

    image_head, text_head = heads(adapter_plus, 4)
    text = text_head.state_dict()
    text["linear.weight"] = torch.zeros(4, 3)
    save("authors_head_c4_wrong_shape.pt", {"image_state_dict": image_head.state_dict(), "text_state_dict": text})
    image = image_head.state_dict()
    del image["to_out_image.0.bias"]
    save("authors_head_c4_missing_key.pt", {"image_state_dict": image, "text_state_dict": text_head.state_dict()})
    save("authors_head_c4_no_text.pt", {"image_state_dict": image_head.state_dict()})
    save("authors_head_c4_os_system.pt", {"image_state_dict": image_head.state_dict(), "text_state_dict": RunsACommand()})
    save("authors_head_c4_modules.pt", {"image_state_dict": image_head, "text_state_dict": text_head})


if __name__ == "__main__":
    main()
