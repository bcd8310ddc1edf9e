package io.github.reductospring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link ReductoConfigurationException} into a startup report that says what to set.
 */
class ReductoConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<ReductoConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ReductoConfigurationException cause) {
		return new FailureAnalysis("The Reducto client is not configured correctly: " + cause.getMessage(),
				cause.getAction(), cause);
	}

}
