package io.github.reductospring.autoconfigure;

/**
 * The Reducto configuration cannot work. Reported at startup by {@link ReductoConfigurationFailureAnalyzer} with
 * what is wrong and what to do.
 */
public class ReductoConfigurationException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String action;

	public ReductoConfigurationException(String description, String action) {
		super(description);
		this.action = action;
	}

	public ReductoConfigurationException(String description, String action, Throwable cause) {
		super(description, cause);
		this.action = action;
	}

	/** What the user should do about it. */
	public String getAction() {
		return this.action;
	}

}
