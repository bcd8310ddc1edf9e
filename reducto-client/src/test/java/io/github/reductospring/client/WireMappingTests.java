package io.github.reductospring.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobPage;
import io.github.reductospring.client.model.JobStatus;
import io.github.reductospring.client.model.JobType;
import tools.jackson.core.JsonParser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link WireMapping}: jobs and pages read straight from the parser, as the wire sends them.
 */
class WireMappingTests {

	@Test
	void aCompletedJobIsReadWithItsResultAndAComputedEnd() {
		Job job = job("""
				{"status": "Completed", "progress": null, "reason": null, "type": "Parse", "num_pages": 2,
				 "total_pages": 2, "duration": 4.5, "created_at": "2026-04-16T18:04:18.123Z",
				 "raw_config": "{\\"input\\": \\"x\\"}", "source": {"nested": [1, 2, {"deep": true}]},
				 "result": {"job_id": "j1", "result": {"type": "full", "chunks": [{"content": "# Title"}]}}}""");
		assertThat(job.jobId()).isEqualTo("j1");
		assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
		assertThat(job.rawStatus()).isEqualTo("Completed");
		assertThat(job.type()).isEqualTo(JobType.PARSE);
		assertThat(job.createdAt()).isEqualTo(Instant.parse("2026-04-16T18:04:18.123Z"));
		assertThat(job.duration()).isEqualTo(Duration.ofMillis(4500));
		assertThat(job.completedAt()).isEqualTo(Instant.parse("2026-04-16T18:04:22.623Z"));
		assertThat(job.numPages()).isEqualTo(2);
		assertThat(job.rawConfig()).isEqualTo("{\"input\": \"x\"}");
		assertThat(job.result().at("/result/chunks/0/content").stringValue()).isEqualTo("# Title");
		assertThat(job.error()).isNull();
	}

	@Test
	void fieldsOfAnUnexpectedTypeReadAsAbsentAndUnknownStatusesAreKept() {
		Job job = job("""
				{"status": "Paused", "progress": "half", "type": 7, "num_pages": 1.5, "total_pages": 99999999999,
				 "duration": [1], "created_at": {"at": 1}, "raw_config": "", "result": null, "completed_at": "soon"}""");
		assertThat(job.status()).isEqualTo(JobStatus.UNKNOWN);
		assertThat(job.rawStatus()).isEqualTo("Paused");
		assertThat(job.progress()).isNull();
		assertThat(job.type()).isNull();
		assertThat(job.numPages()).isNull();
		assertThat(job.totalPages()).isNull();
		assertThat(job.duration()).isNull();
		assertThat(job.createdAt()).isNull();
		assertThat(job.completedAt()).isNull();
		assertThat(job.rawConfig()).isNull();
		assertThat(job.result()).isNull();
	}

	@Test
	void errorsAreReadInEveryFormTheWireUses() {
		assertThat(job("{\"status\": \"Failed\", \"reason\": \"Document is encrypted\"}").error().reason())
			.isEqualTo("Document is encrypted");
		assertThat(job("{\"status\": \"Failed\", \"error\": \"boom\"}").error().message()).isEqualTo("boom");
		Job structured = job("{\"status\": \"Failed\", \"reason\": \"r\", \"error\": {\"code\": 422, \"name\": "
				+ "\"Invalid\", \"message\": \"bad page\"}}");
		assertThat(structured.error().code()).isEqualTo(422);
		assertThat(structured.error().name()).isEqualTo("Invalid");
		assertThat(structured.error().message()).isEqualTo("bad page");
		// An informational reason on a healthy job is not an error.
		assertThat(job("{\"status\": \"InProgress\", \"reason\": \"\"}").error()).isNull();
	}

	@Test
	void aJobWithoutStatusIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> job("{\"progress\": 0.5}"))
			.withMessage("a job needs a 'status'");
		assertThatIllegalArgumentException().isThrownBy(() -> job("[]")).withMessage("a job needs a 'status'");
		assertThatIllegalArgumentException().isThrownBy(() -> job("")).withMessage("a job needs a 'status'");
	}

	@Test
	void aPageIsReadJobByJob() {
		JobPage page = read("""
				{"extra": {"ignored": [1]}, "jobs": [
				  {"job_id": "a", "status": "Pending", "type": "Extract", "created_at": "2026-04-16T18:04:18"},
				  {"job_id": "b", "status": "Cancelled", "type": "Edit", "created_at": "2026-04-16T20:04:18+02:00",
				   "duration": 1.0}],
				 "next_cursor": "c2"}""", WireMapping::page);
		assertThat(page.jobs()).extracting(Job::jobId).containsExactly("a", "b");
		assertThat(page.jobs().get(0).createdAt()).isEqualTo(Instant.parse("2026-04-16T18:04:18Z"));
		assertThat(page.jobs().get(1).status()).isEqualTo(JobStatus.CANCELLED);
		assertThat(page.jobs().get(1).completedAt()).isEqualTo(Instant.parse("2026-04-16T18:04:19Z"));
		assertThat(page.nextCursor()).isEqualTo("c2");
		assertThat(read("{\"jobs\": [], \"next_cursor\": null}", WireMapping::page).nextCursor()).isNull();
	}

	@Test
	void aPageThatCannotBeTrustedIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> read("{\"next_cursor\": null}", WireMapping::page))
			.withMessage("a job list needs a 'jobs' array");
		assertThatIllegalArgumentException().isThrownBy(() -> read("{\"jobs\": {}}", WireMapping::page))
			.withMessage("a job list needs a 'jobs' array");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> read("{\"jobs\": [{\"status\": \"Pending\"}]}", WireMapping::page))
			.withMessage("a listed job has no 'job_id'");
		assertThatIllegalArgumentException().isThrownBy(() -> read("{\"jobs\": [\"a\"]}", WireMapping::page))
			.withMessage("a listed job has no 'job_id'");
		// Read as 'no more pages', a cursor of another type would end a listing silently halfway.
		assertThatIllegalArgumentException()
			.isThrownBy(() -> read("{\"jobs\": [], \"next_cursor\": 12}", WireMapping::page))
			.withMessage("'next_cursor' must be a string or null, got NUMBER");
	}

	private static Job job(String json) {
		return read(json, (parser) -> WireMapping.job("j1", parser));
	}

	private static <T> T read(String json, Function<JsonParser, T> decode) {
		try (JsonParser parser = WireMapping.DEFAULT_JSON.createParser(json.getBytes(StandardCharsets.UTF_8))) {
			return decode.apply(parser);
		}
	}

}
