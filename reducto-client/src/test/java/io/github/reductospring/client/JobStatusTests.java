package io.github.reductospring.client;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.reductospring.client.model.JobStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JobStatus#fromWire(String)}.
 */
class JobStatusTests {

	@ParameterizedTest
	@CsvSource({ "Pending,PENDING,false", "Idle,PENDING,false", "InProgress,PROCESSING,false",
			"Completing,PROCESSING,false", "Processing,PROCESSING,false", "Completed,COMPLETED,true",
			"Failed,FAILED,true", "Cancelled,CANCELLED,true", "Canceled,CANCELLED,true", "COMPLETED,COMPLETED,true",
			"pending,PENDING,false", "' InProgress ',PROCESSING,false", "Archived,UNKNOWN,false", "'',UNKNOWN,false" })
	void mapsWireValuesIgnoringCase(String wire, JobStatus expected, boolean terminal) {
		assertThat(JobStatus.fromWire(wire)).isEqualTo(expected);
		assertThat(JobStatus.fromWire(wire).isTerminal()).isEqualTo(terminal);
	}

	@ParameterizedTest
	@CsvSource({ "''" })
	void missingStatusIsUnknown(String ignored) {
		assertThat(JobStatus.fromWire(null)).isEqualTo(JobStatus.UNKNOWN);
	}

}
