package dev.erc.model;

import dev.erc.api.internal.AtomicFiles;
import dev.erc.api.TrainingHistory;
import dev.erc.compute.autograd.Tensor;
import dev.erc.model.io.ParameterFile;
import dev.erc.model.io.ParameterFileException;
import dev.erc.model.optim.Adam;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The state of a training run after a completed epoch: the model's settings, the input standardisation's statistics
 * (fitted on the training split; a resumed run checks that its data gives the same), all current weights, the best
 * weights
 * of the stage in progress, the optimiser's moments, and the epochs done. Written atomically after every epoch, so a
 * run killed mid-epoch resumes from the last completed one; since every epoch's randomness is derived from
 * (seed, stage, part, epoch), the resumed run computes exactly what the uninterrupted one would have.
 */
final class TrainingCheckpoint {

    /** Where training stands. {@code epoch} is the last completed epoch of (stage, part); 0 when it just began. */
    record Progress(int stage, int part, int epoch, double bestF1, int bestEpoch, List<TrainingHistory.Epoch> history,
                    String selected) {
    }

    record Loaded(Properties settings, Map<String, Tensor> inputStatistics, Map<String, Tensor> weights,
                  Map<String, float[]> best, Adam.State optimizer, Progress progress) {
    }

    private TrainingCheckpoint() {
    }

    /** True when the checkpoint {@code r} (null: none) is past (stage, part): that part need not run again. */
    static boolean done(Loaded r, int stage, int part) {
        return r != null && (r.progress().stage() > stage || (r.progress().stage() == stage
                && r.progress().part() > part));
    }

    /** {@code r} when it stopped inside (stage, part), so that part continues from it; else null. */
    static Loaded inProgress(Loaded r, int stage, int part) {
        return r != null && r.progress().stage() == stage && r.progress().part() == part ? r : null;
    }

    static void write(Path path, Properties settings, Map<String, Tensor> inputStatistics, Map<String, Tensor> weights,
                      Map<String, float[]> best, Adam.State opt, Progress p) throws IOException {
        Properties progress = new Properties();
        progress.setProperty("stage", Integer.toString(p.stage()));
        progress.setProperty("part", Integer.toString(p.part()));
        progress.setProperty("epoch", Integer.toString(p.epoch()));
        progress.setProperty("bestF1", Double.toString(p.bestF1()));
        progress.setProperty("bestEpoch", Integer.toString(p.bestEpoch()));
        progress.setProperty("selected", p.selected());
        progress.setProperty("optimizer.step", Integer.toString(opt == null ? 0 : opt.step()));
        for (int i = 0; i < p.history().size(); i++) {
            TrainingHistory.Epoch e = p.history().get(i);
            progress.setProperty("history." + i, String.format(Locale.ROOT, "%d,%d,%s,%s,%s,%s", e.stage(), e.epoch(),
                    Double.toString(e.trainLoss()), Double.toString(e.validWeightedF1()),
                    Double.toString(e.validAccuracy()), Double.toString(e.seconds())));
        }
        Map<String, Tensor> bestTensors = new LinkedHashMap<>();
        best.forEach((k, v) -> bestTensors.put(k, Tensor.of(v, v.length)));
        Map<String, Tensor> optTensors = new LinkedHashMap<>();
        if (opt != null) {
            for (int i = 0; i < opt.m().length; i++) {
                optTensors.put("m." + i, Tensor.of(opt.m()[i], opt.m()[i].length));
                optTensors.put("v." + i, Tensor.of(opt.v()[i], opt.v()[i].length));
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            entry(zip, "model.properties", props(settings));
            entry(zip, "progress.properties", props(progress));
            entry(zip, "standardizer.params", ParameterFile.encode(inputStatistics));
            entry(zip, "weights.params", ParameterFile.encode(weights));
            entry(zip, "best.params", ParameterFile.encode(bestTensors));
            entry(zip, "optimizer.params", ParameterFile.encode(optTensors));
        }
        AtomicFiles.write(path, bytes.toByteArray());
    }

    private static byte[] props(Properties p) throws IOException {
        return ModelFile.properties(p, null);
    }

    private static void entry(ZipOutputStream zip, String name, byte[] data) throws IOException {
        zip.putNextEntry(ModelFile.entry(name));
        zip.write(data);
        zip.closeEntry();
    }

    static Loaded read(Path path) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(path))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        } catch (java.util.zip.ZipException e) {
            throw new ParameterFileException(path + ": not a training checkpoint (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw ModelFile.unreadable(path, "training checkpoint", e);
        }
        for (String name : List.of("model.properties", "progress.properties", "standardizer.params", "weights.params",
                "best.params", "optimizer.params")) {
            if (!entries.containsKey(name)) {
                throw new ParameterFileException(path + ": not a training checkpoint (no " + name + ")");
            }
        }
        Properties settings = new Properties();
        settings.load(new ByteArrayInputStream(entries.get("model.properties")));
        Properties progress = new Properties();
        progress.load(new ByteArrayInputStream(entries.get("progress.properties")));
        Map<String, float[]> best = new HashMap<>();
        ParameterFile.decode(path, entries.get("best.params")).forEach((k, t) -> best.put(k, t.data()));
        Map<String, Tensor> opt = ParameterFile.decode(path, entries.get("optimizer.params"));
        int n = opt.size() / 2;
        float[][] m = new float[n][];
        float[][] v = new float[n][];
        for (int i = 0; i < n; i++) {
            m[i] = opt.get("m." + i).data();
            v[i] = opt.get("v." + i).data();
        }
        List<TrainingHistory.Epoch> history = new ArrayList<>();
        for (int i = 0; progress.getProperty("history." + i) != null; i++) {
            String[] f = progress.getProperty("history." + i).split(",");
            history.add(new TrainingHistory.Epoch(Integer.parseInt(f[0]), Integer.parseInt(f[1]),
                    Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
                    Double.parseDouble(f[5])));
        }
        Progress p = new Progress(Integer.parseInt(progress.getProperty("stage")),
                Integer.parseInt(progress.getProperty("part")), Integer.parseInt(progress.getProperty("epoch")),
                Double.parseDouble(progress.getProperty("bestF1")), Integer.parseInt(progress.getProperty("bestEpoch")),
                history, progress.getProperty("selected", ""));
        Adam.State state = n == 0 ? null : new Adam.State(Integer.parseInt(progress.getProperty("optimizer.step")), m, v);
        return new Loaded(settings, ParameterFile.decode(path, entries.get("standardizer.params")),
                ParameterFile.decode(path, entries.get("weights.params")), best, state, p);
    }
}
