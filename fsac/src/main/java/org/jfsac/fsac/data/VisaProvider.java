package org.jfsac.fsac.data;

/** Registers {@link VisaDataset} (either layout, detected per root) as dataset {@value #NAME}. */
public final class VisaProvider extends DatasetEntry {

    /** The registered name, {@code --dataset visa}. */
    public static final String NAME = "visa";

    /** For {@link java.util.ServiceLoader}. */
    public VisaProvider() {
        super(NAME, "VisA: the raw download with split_csv/1cls.csv, or the tree reorganised like MVTec AD",
                VisaDataset::classes, VisaDataset::load);
    }
}
