"""Reference data for HeatmapTest (run with /usr/bin/python3; matplotlib 3.6.3 made the committed files).

stdout        : the 33 nodes that Heatmap.java embeds, matplotlib's turbo at i/32, as 0xRRGGBB
turbo_256.csv   : matplotlib's full 256-entry turbo table (0-255 floats), the independent reference that the
                  interpolated colormap is compared with
"""
import numpy as np
import matplotlib

cm = matplotlib.colormaps["turbo"]
nodes = np.rint(cm(np.linspace(0, 1, 33))[:, :3] * 255).astype(int)
print(", ".join("0x%02x%02x%02x" % (r, g, b) for r, g, b in nodes))
full = cm(np.linspace(0, 1, 256))[:, :3] * 255
np.savetxt("turbo_256.csv", full, fmt="%.4f", delimiter=",", header="r,g,b at t=i/255 (matplotlib turbo)")
