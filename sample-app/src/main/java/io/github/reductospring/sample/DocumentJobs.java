package io.github.reductospring.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Service;

import io.github.reductospring.client.JobOperations;
import io.github.reductospring.client.ListQuery;
import io.github.reductospring.client.SubmitRequest;
import io.github.reductospring.client.error.JobNotCancellableException;
import io.github.reductospring.client.error.JobTimeoutException;
import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobStatus;

/**
 * An ordinary service that uses {@link JobOperations}, as an application would.
 */
@Service
public class DocumentJobs {

	private final JobOperations jobs;

	private final SampleProperties properties;

	public DocumentJobs(JobOperations jobs, SampleProperties properties) {
		this.jobs = jobs;
		this.properties = properties;
	}

	/**
	 * Submits the sample documents plus one to cancel, waits for them, and returns their final states.
	 * @param log where to report progress
	 * @return the jobs as they ended
	 */
	public Report run(java.util.function.Consumer<String> log) {
		List<String> ids = new ArrayList<>();
		for (String document : this.properties.getDocuments()) {
			ids.add(this.jobs.submit(SubmitRequest.parse(document).metadata(java.util.Map.of("source", "sample-app"))
				.build()));
		}
		String toCancel = this.jobs.submit(SubmitRequest.parse(this.properties.getDocumentToCancel()).build());
		log.accept("Submitted " + (ids.size() + 1) + " parse jobs");
		try {
			Job cancelled = this.jobs.cancel(toCancel);
			log.accept("Cancelled " + toCancel + " (now " + cancelled.status() + ")");
		}
		catch (JobNotCancellableException ex) {
			log.accept("Could not cancel " + toCancel + ": " + ex.getMessage());
		}
		ids.add(toCancel);
		List<Job> finished = new ArrayList<>();
		for (String id : ids) {
			try {
				finished.add(this.jobs.await(id, this.properties.getAwaitTimeout()));
			}
			catch (JobTimeoutException ex) {
				log.accept(ex.getMessage());
				finished.add(ex.getLastSeen() != null ? ex.getLastSeen() : this.jobs.get(id));
			}
		}
		long listed;
		try (var all = this.jobs.listAll(ListQuery.firstPage().withLimit(2).withExcludeConfigs(true))) {
			listed = all.count();
		}
		log.accept("Paged through " + listed + " jobs, 2 per page");
		int chunks = finished.stream()
			.filter((job) -> job.status() == JobStatus.COMPLETED)
			.mapToInt((job) -> this.jobs.parseResult(job).chunks().size())
			.sum();
		return new Report(finished, listed, chunks);
	}

	/**
	 * What the run saw.
	 *
	 * @param jobs the submitted jobs, as they ended
	 * @param listedJobs how many jobs the account holds
	 * @param parsedChunks chunks in the completed jobs' results
	 */
	public record Report(List<Job> jobs, long listedJobs, int parsedChunks) {

		/** A plain-text table of the jobs. */
		public String table() {
			StringBuilder table = new StringBuilder();
			table.append(String.format("%-38s %-8s %-10s %-6s %-8s %s%n", "JOB ID", "TYPE", "STATUS", "PAGES",
					"SECONDS", "NOTE"));
			for (Job job : this.jobs) {
				Duration duration = job.duration();
				table.append(String.format("%-38s %-8s %-10s %-6s %-8s %s%n", job.jobId(), job.type(), job.status(),
						(job.totalPages() != null) ? job.totalPages() : "-",
						(duration != null) ? String.format("%.1f", duration.toMillis() / 1000.0) : "-",
						(job.error() != null) ? job.error().description() : ""));
			}
			return table.toString();
		}

	}

}
