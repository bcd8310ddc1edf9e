package io.github.reductospring.autoconfigure;

/**
 * Micrometer observations of Reducto calls.
 */
public class ReductoObservationsProperties {

	/**
	 * Whether each Reducto call is recorded as an observation (timer and span) and retries are counted.
	 */
	private boolean enabled = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
