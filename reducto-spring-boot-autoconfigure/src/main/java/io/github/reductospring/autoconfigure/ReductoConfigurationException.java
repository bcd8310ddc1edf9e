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

	/**
	 * The client refused a setting: its message, with the client's setting names replaced by the properties that
	 * set them.
	 * @param refusal the client's refusal
	 * @param action what the user should do about it
	 * @return the exception
	 */
	public static ReductoConfigurationException settingRefused(IllegalArgumentException refusal, String action) {
		return new ReductoConfigurationException(ReductoSettingNames.inPropertyTerms(String.valueOf(refusal.getMessage())),
				action, refusal);
	}

	/** What the user should do about it. */
	public String getAction() {
		return this.action;
	}

}
