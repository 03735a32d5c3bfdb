package org.celebadcgan.train;

import java.util.Locale;

/**
 * Averages step figures over a log interval and formats the line GAN users know from the tutorial:
 * {@code [step/steps][epoch e] Loss_D Loss_G D(x) D(G(z)) a / b}, plus images per second and ETA.
 */
public final class ProgressLog {

    private final long totalSteps;
    private final int batch;
    private double lossD;
    private double lossG;
    private double dReal;
    private double dFakeD;
    private double dFakeG;
    private int n;
    private long intervalStart = System.nanoTime();

    public ProgressLog(long totalSteps, int batch) {
        this.totalSteps = totalSteps;
        this.batch = batch;
    }

    public void add(StepResult r) {
        lossD += r.lossD();
        lossG += r.lossG();
        dReal += r.dReal();
        dFakeD += r.dFakeD();
        dFakeG += r.dFakeG();
        n++;
    }

    /** The line for the interval ending at {@code step} (1-based, of {@code totalSteps}), then starts a new one. */
    public String line(long step, long epoch) {
        double secs = (System.nanoTime() - intervalStart) / 1e9;
        String s = format(step, totalSteps, epoch, mean(), n * (double) batch / Math.max(secs, 1e-9),
                (totalSteps - step) * (secs / Math.max(n, 1)));
        lossD = lossG = dReal = dFakeD = dFakeG = 0;
        n = 0;
        intervalStart = System.nanoTime();
        return s;
    }

    /** The tutorial's line: {@code [step/steps][epoch e] Loss_D Loss_G D(x) D(G(z)) a / b}, img/s and ETA. */
    public static String format(long step, long totalSteps, long epoch, StepResult mean, double imagesPerSecond,
                                double etaSeconds) {
        return String.format(Locale.ROOT,
                "[%d/%d][epoch %d] Loss_D: %.4f Loss_G: %.4f D(x): %.4f D(G(z)): %.4f / %.4f | %.1f img/s | ETA %s",
                step, totalSteps, epoch, mean.lossD(), mean.lossG(), mean.dReal(), mean.dFakeD(), mean.dFakeG(),
                imagesPerSecond, duration(etaSeconds));
    }

    /** Mean figures of the current interval (before {@link #line} resets it). */
    public StepResult mean() {
        double k = Math.max(n, 1);
        return new StepResult(lossD / k, lossG / k, dReal / k, dFakeD / k, dFakeG / k);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
