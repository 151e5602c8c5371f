package dev.erc.eval.report;

import dev.erc.api.internal.AtomicFiles;
import dev.erc.api.LabelSet;
import dev.erc.api.TrainingHistory;
import dev.erc.eval.Evaluation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import smile.manifold.TSNE;

/**
 * The report's pictures, drawn headless with XChart: the confusion matrix, the training curves, and a t-SNE map of
 * the final utterance features coloured by emotion (the paper's Fig. 4; t-SNE from Smile). PNGs are written
 * atomically.
 */
public final class Plots {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {
    }

    /** A heat map of {@code confusion[gold][predicted]}, rows normalised to percentages of each gold class. */
    public static void confusion(Evaluation e, String title, Path png) throws IOException {
        int k = e.labels().size();
        HeatMapChart chart = new HeatMapChartBuilder().width(720).height(620).title(title)
                .xAxisTitle("predicted").yAxisTitle("gold").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setPlotContentSize(0.95);
        List<Number[]> cells = new ArrayList<>();
        for (int g = 0; g < k; g++) {
            long row = 0;
            for (long v : e.confusion()[g]) {
                row += v;
            }
            for (int p = 0; p < k; p++) {
                double pct = row == 0 ? 0 : 100.0 * e.confusion()[g][p] / row;
                // y runs bottom-up in XChart: put the first class on top
                cells.add(new Number[] {p, k - 1 - g, Math.round(pct * 10) / 10.0});
            }
        }
        List<String> reversed = new ArrayList<>(e.labels());
        java.util.Collections.reverse(reversed);
        chart.addSeries("% of gold class", e.labels(), reversed, cells);
        save(chart, png);
    }

    /** Training loss and validation weighted F1 per epoch, stage by stage (stage-1 pairs in sequence). */
    public static void curves(TrainingHistory h, String title, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(500).title(title).xAxisTitle("epoch (all stages)")
                .yAxisTitle("value").build();
        List<Double> x = new ArrayList<>();
        List<Double> loss = new ArrayList<>();
        List<Double> f1 = new ArrayList<>();
        int i = 0;
        for (TrainingHistory.Epoch e : h.epochs()) {
            x.add((double) ++i);
            loss.add(e.trainLoss());
            f1.add(e.validWeightedF1());
        }
        chart.addSeries("training loss", x, loss).setMarker(SeriesMarkers.NONE);
        chart.addSeries("validation weighted F1", x, f1).setMarker(SeriesMarkers.CIRCLE);
        save(chart, png);
    }

    /**
     * A 2-d t-SNE map of utterance features coloured by gold emotion. At most {@code maxPoints} utterances are
     * drawn (a seeded sample), since t-SNE is quadratic in their number.
     */
    public static void tsne(List<float[]> features, int[] gold, LabelSet labels, String title, Path png,
                            int maxPoints, long seed) throws IOException {
        int n = features.size();
        int[] pick = sample(n, Math.min(n, maxPoints), seed);
        double[][] x = new double[pick.length][];
        for (int i = 0; i < pick.length; i++) {
            float[] f = features.get(pick[i]);
            x[i] = new double[f.length];
            for (int j = 0; j < f.length; j++) {
                x[i][j] = f[j];
            }
        }
        TSNE tsne = new TSNE(x, 2, 30, 200, 500);
        XYChart chart = new XYChartBuilder().width(800).height(700).title(title).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(5);
        for (int c = 0; c < labels.size(); c++) {
            List<Double> px = new ArrayList<>();
            List<Double> py = new ArrayList<>();
            for (int i = 0; i < pick.length; i++) {
                if (gold[pick[i]] == c) {
                    px.add(tsne.coordinates[i][0]);
                    py.add(tsne.coordinates[i][1]);
                }
            }
            if (!px.isEmpty()) {
                chart.addSeries(labels.name(c), px, py);
            }
        }
        save(chart, png);
    }

    private static int[] sample(int n, int k, long seed) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] pick = java.util.Arrays.copyOf(all, k);
        java.util.Arrays.sort(pick);
        return pick;
    }

    private static void save(Chart<?, ?> chart, Path png) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.write(png, out.toByteArray());
    }
}
