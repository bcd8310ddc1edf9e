package io.github.reductospring.emulator;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import tools.jackson.databind.json.JsonMapper;

/**
 * Sends each request to its endpoint family after checking its Bearer key, and answers what is not the API's:
 * {@code GET /version}, {@code POST /configure_webhook}, result URLs and the emulator's own {@code /_emulator/}
 * endpoints.
 */
final class EmulatorRoutes {

	/** The emulator's own endpoints. */
	static final String PREFIX = "/_emulator/";

	/** Where the emulator serves results that Reducto would hand out as presigned URLs. */
	static final String RESULTS_PATH = PREFIX + "results/";

	/** Where presigned uploads go: without the API key, as to third-party storage. */
	static final String UPLOADS_PATH = PREFIX + "uploads/";

	private final JsonMapper json;

	private final String apiKey;

	private final JobStore store;

	private final Recorder recorder;

	private final JobRoutes jobs;

	private final SubmissionRoutes submissions;

	private final Supplier<URI> baseUrl;

	EmulatorRoutes(JsonMapper json, String apiKey, JobStore store, Recorder recorder, JobRoutes jobs,
			SubmissionRoutes submissions, Supplier<URI> baseUrl) {
		this.json = json;
		this.apiKey = apiKey;
		this.store = store;
		this.recorder = recorder;
		this.jobs = jobs;
		this.submissions = submissions;
		this.baseUrl = baseUrl;
	}

	Answer route(EmulatorRequest request) {
		if (request.method().equals("GET") && request.rawPath().startsWith(RESULTS_PATH)) {
			return resultUrl(request);
		}
		if (request.method().equals("PUT") && request.rawPath().startsWith(UPLOADS_PATH)) {
			return Answer.json(this.json, 200, this.json.nullNode());
		}
		if (request.is("GET", PREFIX + "stats")) {
			return Answer.json(this.json, 200, this.json.valueToTree(this.recorder.routeCounts()));
		}
		if (request.is("GET", PREFIX + "statuses")) {
			return Answer.json(this.json, 200, this.json.valueToTree(this.recorder.statusCounts()));
		}
		if (request.is("GET", PREFIX + "ready")) {
			return Answer.json(this.json, 200, this.json.getNodeFactory().stringNode("ready"));
		}
		if (request.is("GET", "/version")) {
			return Answer.json(this.json, 200, this.json.getNodeFactory().stringNode("v1.11.57-emulator"));
		}
		Answer refused = authenticate(request);
		if (refused != null) {
			return refused;
		}
		Answer answer = this.jobs.route(request);
		if (answer == null) {
			answer = this.submissions.route(request);
		}
		if (answer == null && request.is("POST", "/configure_webhook")) {
			answer = Answer.json(this.json, 200,
					this.json.getNodeFactory().stringNode(this.baseUrl.get() + PREFIX + "svix-portal"));
		}
		return (answer != null) ? answer : Answer.detail(this.json, 404, "Not Found");
	}

	/** The route a path counts under: its template, never the filled-in path. */
	static String routeOf(String rawPath) {
		if (JobRoutes.JOB_PATH.matcher(rawPath).matches()) {
			return "/job/{jobId}";
		}
		if (JobRoutes.CANCEL_PATH.matcher(rawPath).matches()) {
			return "/cancel/{jobId}";
		}
		if (rawPath.startsWith(UPLOADS_PATH)) {
			return UPLOADS_PATH + "{uploadId}";
		}
		return rawPath.startsWith(RESULTS_PATH) ? RESULTS_PATH + "{jobId}" : rawPath;
	}

	private @org.jspecify.annotations.Nullable Answer authenticate(EmulatorRequest request) {
		String authorization = request.header("Authorization");
		if (authorization == null || !authorization.startsWith("Bearer ")) {
			return Answer.detail(this.json, 401, "Not authenticated");
		}
		if (!authorization.substring("Bearer ".length()).equals(this.apiKey)) {
			return Answer.detail(this.json, 401, "Invalid API key");
		}
		return null;
	}

	/** A presigned result URL: third-party storage, which must never be sent the API key. */
	private Answer resultUrl(EmulatorRequest request) {
		if (request.header("Authorization") != null) {
			this.recorder.resultUrlFetchedWithAuthorization();
		}
		EmulatedJob job = this.store
			.find(EmulatorRequest.decodeSegment(request.rawPath().substring(RESULTS_PATH.length())));
		if (job == null) {
			return Answer.of(403, java.util.Map.of(),
					"<Error><Code>AccessDenied</Code></Error>".getBytes(StandardCharsets.UTF_8));
		}
		return Answer.json(this.json, 200, ResultShapes.fullParseResult(this.json, job));
	}

}
