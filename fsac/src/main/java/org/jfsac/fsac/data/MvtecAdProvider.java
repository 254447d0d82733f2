package org.jfsac.fsac.data;

/** Registers {@link MvtecDataset} as dataset {@value #NAME}. */
public final class MvtecAdProvider extends DatasetEntry {

    /** The registered name, {@code --dataset mvtec}. */
    public static final String NAME = "mvtec";

    /** For {@link java.util.ServiceLoader}. */
    public MvtecAdProvider() {
        super(NAME, "MVTec AD: <cls>/train/good, <cls>/test/<good|defect>, <cls>/ground_truth/<defect>/<name>_mask.png",
                MvtecDataset::classes, MvtecDataset::load);
    }
}
