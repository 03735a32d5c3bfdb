package org.celebadcgan.io;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * One line of {@code metrics.jsonl}: the figures of a log interval, an evaluation, or an event (a setting changed on
 * resume). Every field but {@code step} may be missing, and a missing value stays missing (null, omitted from the
 * JSON, drawn as a gap): nothing reads it as 0. The one type the trainer writes and the report and notebook read.
 *
 * @param step           GAN steps done
 * @param epoch          epoch of the last step (1-based)
 * @param round          synchronisation rounds done
 * @param lossD          mean D loss over the interval
 * @param lossG          mean G loss
 * @param dReal          mean D(x)
 * @param dFakeBefore    mean D(G(z)) in the D step
 * @param dFakeAfter     mean D(G(z)) in the G step
 * @param imagesPerSec   images per second over the interval (wall clock)
 * @param roundMs        mean wall time of a round
 * @param computeMsMax   slowest worker's compute time in a round (mean over the interval)
 * @param computeMsMedian median worker's compute time in a round
 * @param syncMs         mean time of a round not spent computing (exchange, scheduling)
 * @param bytesMoved     bytes sent over the network per round, all workers together
 * @param swd            sliced Wasserstein distance x10^3, average over levels (evaluations)
 * @param swdLevels      SWD x10^3 per pyramid level, finest first
 * @param event          what a non-figure line records (e.g. "config_change")
 * @param key            the setting an event concerns
 * @param from           its old value
 * @param to             its new value
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MetricsRecord(
        @JsonProperty("step") long step,
        @JsonProperty("epoch") Long epoch,
        @JsonProperty("round") Long round,
        @JsonProperty("loss_d") Double lossD,
        @JsonProperty("loss_g") Double lossG,
        @JsonProperty("d_x") Double dReal,
        @JsonProperty("d_g_z1") Double dFakeBefore,
        @JsonProperty("d_g_z2") Double dFakeAfter,
        @JsonProperty("img_s") Double imagesPerSec,
        @JsonProperty("round_ms") Double roundMs,
        @JsonProperty("compute_ms_max") Double computeMsMax,
        @JsonProperty("compute_ms_median") Double computeMsMedian,
        @JsonProperty("sync_ms") Double syncMs,
        @JsonProperty("bytes_moved") Long bytesMoved,
        @JsonProperty("swd") Double swd,
        @JsonProperty("swd_levels") List<Double> swdLevels,
        @JsonProperty("event") String event,
        @JsonProperty("key") String key,
        @JsonProperty("from") String from,
        @JsonProperty("to") String to) {

    /** An evaluation line: SWD x10^3 per level and their average at {@code step}. */
    public static MetricsRecord evaluation(long step, double swd, List<Double> levels) {
        return new MetricsRecord(step, null, null, null, null, null, null, null, null, null, null, null, null, null,
                swd, List.copyOf(levels), null, null, null, null);
    }

    /** An event line: {@code key} changed from {@code from} to {@code to} at {@code step}. */
    public static MetricsRecord change(long step, String key, String from, String to) {
        return new MetricsRecord(step, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, "config_change", key, from, to);
    }

    /** True for a line with the interval's training figures. */
    public boolean hasLosses() {
        return lossD != null && lossG != null;
    }
}
