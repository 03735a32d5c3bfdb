package org.celebadcgan.config;

/**
 * A deliberate change of a setting that defines the run, accepted on resume with {@code --allow-change KEY}.
 *
 * @param step the step the run resumed from when the change took effect
 * @param key  the config key
 * @param from its value in the checkpoint
 * @param to   its value from then on
 */
public record ConfigChange(long step, String key, String from, String to) {
}
