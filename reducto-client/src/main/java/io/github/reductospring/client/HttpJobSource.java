package io.github.reductospring.client;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpMethod;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.github.reductospring.client.http.AnswerDecoder;
import io.github.reductospring.client.http.ReductoHttpPipeline.Call;
import io.github.reductospring.client.http.ReductoHttpPipeline;
import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobPage;
import io.github.reductospring.client.paging.JobPages;
import io.github.reductospring.client.tracking.JobTracker;

/**
 * The job reads over the pipeline: {@code GET /job/{id}}, {@code GET /jobs} and {@code POST /cancel/{id}}. The
 * operations and the tracker both read through it; the tracker sees it only as a {@link JobTracker.JobSource}.
 */
final class HttpJobSource implements JobTracker.JobSource {

	private static final Call GET_JOB = Call.read("get_job", HttpMethod.GET, "/job/{jobId}");

	private static final Call LIST_JOBS = Call.read("list_jobs", HttpMethod.GET, "/jobs");

	private static final Call CANCEL_JOB = Call.read("cancel_job", HttpMethod.POST, "/cancel/{jobId}");

	/** The tracker's and the cleanup's scans: the largest pages, without configurations. */
	private static final ListQuery SCAN = new ListQuery(ListQuery.MAX_LIMIT, null, true);

	private final ReductoHttpPipeline pipeline;

	HttpJobSource(ReductoHttpPipeline pipeline) {
		this.pipeline = pipeline;
	}

	@Override
	public Mono<Job> get(String jobId) {
		return Mono.defer(() -> {
			String id = Job.checkId(jobId);
			return this.pipeline.exchange(GET_JOB.forJob(id), (answer) -> WireMapping.job(id, answer));
		});
	}

	Mono<JobPage> list(ListQuery query) {
		return Mono.defer(() -> {
			Map<String, Object> parameters = new LinkedHashMap<>();
			parameters.put("limit", query.limit());
			parameters.put("exclude_configs", query.excludeConfigs());
			if (query.cursor() != null && !query.cursor().isEmpty()) {
				parameters.put("cursor", query.cursor());
			}
			return this.pipeline.exchange(LIST_JOBS.withQuery(parameters), WireMapping::page);
		});
	}

	Flux<Job> listAll(ListQuery query) {
		return JobPages.all(query.cursor(), (cursor) -> list(query.withCursor(cursor)));
	}

	@Override
	public Flux<Job> newestFirst() {
		return listAll(SCAN);
	}

	@Override
	public Mono<Void> cancel(String jobId) {
		return Mono.defer(() -> {
			String id = Job.checkId(jobId);
			return this.pipeline.exchange(CANCEL_JOB.forJob(id), AnswerDecoder.tree((json) -> json))
				.then();
		});
	}

}
