package org.jfsac.fsac.demo;

import java.util.List;
import java.util.SplittableRandom;

/** The procedural classes of the demo dataset: two textures and one object. */
public enum DemoClass {
    GRID("grid", false, List.of(Defect.SCRATCH, Defect.STAIN)),
    FABRIC("fabric", false, List.of(Defect.SCRATCH, Defect.STAIN)),
    DISC("disc", true, List.of(Defect.SCRATCH, Defect.HOLE));

    private final String dirName;
    private final boolean object;
    private final List<Defect> defects;

    DemoClass(String dirName, boolean object, List<Defect> defects) {
        this.dirName = dirName;
        this.object = object;
        this.defects = defects;
    }

    /** The class folder name, also the class name given to prompts. */
    public String dirName() {
        return dirName;
    }

    /** An object on a plain background (foreground-only synthesis applies), rather than a texture. */
    public boolean isObject() {
        return object;
    }

    public List<Defect> defects() {
        return defects;
    }

    public Scene render(int size, SplittableRandom rng) {
        return switch (this) {
            case GRID -> ProceduralImages.grid(size, rng);
            case FABRIC -> ProceduralImages.fabric(size, rng);
            case DISC -> ProceduralImages.disc(size, rng);
        };
    }
}
