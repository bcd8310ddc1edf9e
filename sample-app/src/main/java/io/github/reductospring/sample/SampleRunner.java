package io.github.reductospring.sample;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * Runs the sample's main job at startup and prints the result table.
 */
@Component
@ConditionalOnBooleanProperty(name = "sample.run-on-startup", matchIfMissing = true)
class SampleRunner implements ApplicationRunner {

	private final DocumentJobs documentJobs;

	SampleRunner(DocumentJobs documentJobs) {
		this.documentJobs = documentJobs;
	}

	@Override
	public void run(ApplicationArguments args) {
		DocumentJobs.Report report = this.documentJobs.run(System.out::println);
		System.out.println();
		System.out.print(report.table());
		System.out.println();
		System.out.println("Chunks parsed in completed jobs: " + report.parsedChunks());
	}

}
