package org.jfsac.tools;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jfsac.clip.pretrained.CheckpointDownloader;
import org.jfsac.clip.pretrained.PretrainedWeights;

/** A download's progress bar (MB) and events on stderr. */
final class DownloadProgress implements CheckpointDownloader.Listener {
    private ProgressBar bar;

    @Override public void progress(PretrainedWeights weights, long done, long total) {
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName("download " + weights.fileName()).setInitialMax(Math.max(total, 0))
                    .setUnit(" MB", 1 << 20).setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .setUpdateIntervalMillis(500).build();
        }
        if (total > 0) bar.maxHint(total);
        bar.stepTo(done);
        if (total >= 0 && done >= total) finish();
    }

    @Override public void note(String message) {
        finish();
        System.err.println(message);
    }

    private void finish() {
        if (bar != null) bar.close();
        bar = null;
    }
}
