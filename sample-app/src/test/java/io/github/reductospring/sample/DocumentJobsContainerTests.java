package io.github.reductospring.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import io.github.reductospring.client.JobOperations;
import io.github.reductospring.client.ListQuery;
import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobStatus;
import io.github.reductospring.testcontainers.ReductoEmulatorContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's service tested against the Reducto emulator in a container, wired by {@code @ServiceConnection}: no
 * properties to copy. (README shows this class under "Testing your own services".)
 */
@SpringBootTest(properties = "sample.run-on-startup=false")
@Testcontainers(disabledWithoutDocker = true)
class DocumentJobsContainerTests {

	@Container
	@ServiceConnection
	static ReductoEmulatorContainer reducto = new ReductoEmulatorContainer()
		.withJobTimeline(Duration.ofMillis(300), Duration.ofMillis(500), Duration.ofMillis(500));

	@Autowired
	DocumentJobs documentJobs;

	@Autowired
	JobOperations jobs;

	@Test
	void submitsTracksCancelsAndLists() {
		DocumentJobs.Report report = this.documentJobs.run((line) -> {
		});
		assertThat(report.jobs()).extracting(Job::status)
			.containsExactly(JobStatus.COMPLETED, JobStatus.COMPLETED, JobStatus.COMPLETED, JobStatus.CANCELLED);
		try (var all = this.jobs.listAll(ListQuery.firstPage())) {
			assertThat(all.count()).isEqualTo(4);
		}
		assertThat(report.parsedChunks()).isPositive();
	}

}
