package io.github.reductospring.sample;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobStatus;
import io.github.reductospring.emulator.ReductoEmulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the sample as its main method does, on the embedded emulator, and checks what it reports.
 */
class SampleApplicationTests {

	@Test
	void mainJobEndsEveryJobAndPrintsTheTable() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
			.web(WebApplicationType.NONE)
			.initializers(new EmbeddedEmulator())
			.run("--sample.await-timeout=20s")) {
			ReductoEmulator emulator = context.getBean(ReductoEmulator.class);
			EmbeddedEmulator.scriptSampleJobs(emulator);
			List<String> log = new ArrayList<>();
			DocumentJobs.Report report = context.getBean(DocumentJobs.class).run(log::add);
			assertThat(report.jobs()).extracting(Job::status)
				.containsExactly(JobStatus.COMPLETED, JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED);
			assertThat(report.table()).contains("COMPLETED", "FAILED", "CANCELLED", "password protected");
			assertThat(report.parsedChunks()).isEqualTo(3 + 12);
			// The runner ran once at startup, this test once more: 8 jobs, all listed.
			assertThat(report.listedJobs()).isEqualTo(8);
			assertThat(log).anyMatch((line) -> line.startsWith("Cancelled "));
			// Two pages of two in the startup run, four in this one.
			assertThat(emulator.requestCount("GET", "/jobs")).isEqualTo(6);
		}
	}

}
