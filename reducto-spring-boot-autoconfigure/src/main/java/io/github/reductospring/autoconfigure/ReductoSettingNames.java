package io.github.reductospring.autoconfigure;

import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the client's setting names in its messages ({@code RetrySettings.maxRetries}) into the properties a Boot
 * user sets ({@code reducto.retry.max-retries}): the client knows no Boot, the user knows no settings records.
 */
final class ReductoSettingNames {

	/** What to do about a refused setting, once the report names its property. */
	static final String CORRECT_PROPERTY = "Correct the reducto.* property named above.";

	private static final Map<String, String> PREFIXES = Map.of("RetrySettings", "reducto.retry", "PollingSettings",
			"reducto.polling", "TrackingSettings", "reducto.tracking", "RateLimitSettings", "reducto.rate-limit",
			"WebhookSettings", "reducto.webhook", "CleanupRequest", "reducto.cleanup", "ReductoClientBuilder",
			"reducto", "JdbcTrackingSettings", "reducto.tracking.jdbc", "ConnectionPoolSettings", "reducto.http");

	/** Where a setting's property is not its name in kebab case. */
	private static final Map<String, String> RENAMED = Map.of("WebhookSettings.maxBodyBytes",
			"reducto.webhook.max-body-size", "CleanupRequest.olderThan", "reducto.cleanup.retention",
			"ReductoClientBuilder.maxResponseBytes", "reducto.max-response-size", "JdbcTrackingSettings.followFor",
			"reducto.tracking.default-timeout");

	private ReductoSettingNames() {
	}

	/** The message with every setting name replaced by its property. */
	static String inPropertyTerms(String message) {
		// Compiled here, not when the class loads: only a refused setting needs it, and every startup loads the class.
		Pattern setting = Pattern.compile("\\b(" + String.join("|", PREFIXES.keySet()) + ")\\.([a-zA-Z]+)\\b");
		Matcher matcher = setting.matcher(message);
		StringBuilder translated = new StringBuilder();
		while (matcher.find()) {
			String renamed = RENAMED.get(matcher.group());
			String property = (renamed != null) ? renamed
					: PREFIXES.get(matcher.group(1)) + "." + kebab(matcher.group(2));
			matcher.appendReplacement(translated, Matcher.quoteReplacement(property));
		}
		return matcher.appendTail(translated).toString();
	}

	/**
	 * Builds settings from properties, turning the client's refusal into a startup failure that names the property.
	 * @param <T> the settings
	 * @param settings builds them
	 * @param action what the user should do
	 * @return the settings
	 */
	static <T> T fromProperties(Supplier<T> settings, String action) {
		try {
			return settings.get();
		}
		catch (IllegalArgumentException ex) {
			throw ReductoConfigurationException.settingRefused(ex, action);
		}
	}

	private static String kebab(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
	}

}
