package org.jfsac.tools;

import org.jfsac.core.backend.Backend;
import org.jfsac.core.errors.ErrorLine;
import org.jfsac.clip.image.RgbImage;
import org.jfsac.fsac.api.CheckpointRef;
import org.jfsac.fsac.api.FsacClassifier;
import org.jfsac.fsac.towers.ClipBackbone;
import org.jfsac.fsac.demo.DemoModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** Train a head on k normal images and save it. */
@Command(name = "fit", mixinStandardHelpOptions = true, description = "Fit CLIP-FSAC++ for one class on normal images; save the head.")
final class FitCommand implements Callable<Integer> {
    @Mixin BackboneOptions backbone;
    @Mixin MethodOptions method;
    @Mixin DeviceOption device;
    @Mixin ConfigOptions config;
    @Mixin BadImagesOption badImages;
    @Option(names = "--class-name", required = true, description = "class name as used in the prompts (e.g. metal_nut)") String className;
    @Option(names = "--normal", required = true, arity = "1..*", paramLabel = "DIR|FILE", description = "normal images (files or folders)") List<Path> normal;
    @Option(names = "--out", required = true, paramLabel = "HEAD.safetensors", description = "where to write the head (and HEAD.safetensors.json, its metadata)") Path out;
    @Option(names = "--seed", defaultValue = "0", description = "seed of the head's initialisation, shuffles and synthesis (default ${DEFAULT-VALUE})") long seed;
    @Option(names = "--demo-model", description = "use the demo's random-weight CLIP instead of --checkpoint") boolean demoModel;

    @Override public Integer call() throws Exception {
        if (config.printIfAsked()) return 0;
        // Usage errors before the device is probed.
        var cfg = method.build();
        List<RgbImage> imgs = new ArrayList<>();
        List<Path> files = new ArrayList<>(); // the usable ones, in order
        Map<String, String> skipped = new LinkedHashMap<>(); // every image decoded before anything is trained
        for (Path p : imageFiles(normal)) {
            try {
                imgs.add(RgbImage.read(p));
                files.add(p);
            } catch (java.io.IOException e) {
                if (!badImages.skip) throw new java.io.IOException(ErrorLine.format(e) + "; fix or remove it, or pass --skip-bad-images", e);
                skipped.put(p.toString(), ErrorLine.format(e));
                System.err.println("skipping " + ErrorLine.format(e));
            }
        }
        if (imgs.isEmpty()) throw new IllegalArgumentException("no usable images in " + normal + " (" + skipped.size() + " skipped)");
        Backend be = device.open();
        ClipBackbone clip = demoModel ? DemoModel.backbone(be, 64, 0) : backbone.load(be);
        System.err.println("fitting '" + className + "' on " + imgs.size() + " normal image(s), " + cfg.epochs + " epochs");
        ConsoleProgress progress = new ConsoleProgress();
        FsacClassifier c;
        try (var t = progress.start("train", cfg.epochs)) {
            // features from the files, as the evaluation computes them (each file in the mode Pillow opens it in)
            c = FsacClassifier.create(clip, className, cfg).fitRgb(imgs, clip.encodeFiles(files), seed, (e, loss, h) -> t.step());
        }
        Map<String, String> extra = new LinkedHashMap<>();
        if (demoModel) extra.put("demo_model", "64:0");
        else extra.putAll(CheckpointRef.record(backbone.checkpoint, out));
        if (backbone.model != null) extra.put("model", backbone.model);
        extra.put("resize", backbone.resize);
        if (!skipped.isEmpty()) extra.put("skipped_images", new com.google.gson.Gson().toJson(skipped));
        c.save(out, extra);
        System.err.println("wrote " + out);
        return 0;
    }

    static List<Path> imageFiles(List<Path> args) throws java.io.IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : args) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> f.getFileName().toString().toLowerCase().matches(".*\\.(png|jpe?g|bmp)$")).sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(p)) files.add(p);
            else throw new java.nio.file.NoSuchFileException(p.toString(), null, "no such file or folder");
        }
        if (files.isEmpty()) throw new IllegalArgumentException("no images found in " + args);
        return files;
    }
}
