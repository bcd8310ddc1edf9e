package io.github.reductospring.emulator;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

import org.jspecify.annotations.Nullable;

/**
 * Runs the emulator as a process ({@code java -jar reducto-emulator-exec.jar}, and the container image) until it is
 * stopped. {@code --help} lists the options.
 */
public final class EmulatorCommandLine {

	private EmulatorCommandLine() {
	}

	/**
	 * Runs the emulator until the process is stopped.
	 * @param args command-line options
	 * @throws InterruptedException when interrupted while serving
	 */
	public static void main(String[] args) throws InterruptedException {
		ReductoEmulator.Builder builder = ReductoEmulator.builder().port(8089).recordRequests(false);
		long pendingMs = 300;
		long processingMs = 1200;
		long spreadMs = 0;
		double failureShare = 0;
		double errorShare = 0;
		double rateLimitShare = 0;
		double slowShare = 0;
		double resetShare = 0;
		long slowMs = 2000;
		int seedJobs = 0;
		long seedAgeDays = 0;
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (arg.equals("--help") || arg.equals("-h")) {
				System.out.println(HELP);
				return;
			}
			String value = requireValue(arg, (i + 1 < args.length) ? args[++i] : null);
			switch (arg) {
				case "--port" -> builder.port(Integer.parseInt(value));
				case "--api-key" -> builder.apiKey(value);
				case "--bind-address" -> builder.bindAddress(value);
				case "--pending-ms" -> pendingMs = Long.parseLong(value);
				case "--processing-ms" -> processingMs = Long.parseLong(value);
				case "--processing-spread-ms" -> spreadMs = Long.parseLong(value);
				case "--failure-share" -> failureShare = Double.parseDouble(value);
				case "--error-share" -> errorShare = Double.parseDouble(value);
				case "--rate-limit-share" -> rateLimitShare = Double.parseDouble(value);
				case "--slow-share" -> slowShare = Double.parseDouble(value);
				case "--reset-share" -> resetShare = Double.parseDouble(value);
				case "--slow-ms" -> slowMs = Long.parseLong(value);
				case "--seed-jobs" -> seedJobs = Integer.parseInt(value);
				case "--seed-age-days" -> seedAgeDays = Long.parseLong(value);
				case "--webhook-target" -> builder.webhookTarget(URI.create(value));
				case "--signing-secret" -> builder.signingSecret(value);
				case "--record-requests" -> builder.recordRequests(Boolean.parseBoolean(value));
				default -> {
					System.err.println("Unknown option " + arg + " (try --help)");
					System.exit(2);
				}
			}
		}
		builder.defaultScripts(JobScript.randomly(pendingMs, processingMs, spreadMs, failureShare));
		ReductoEmulator emulator = builder.build().start();
		emulator.randomFaults(new RandomFaults(errorShare, rateLimitShare, slowShare, Duration.ofMillis(slowMs),
				resetShare));
		Instant seededAt = emulator.clock().instant().minus(Duration.ofDays(seedAgeDays));
		for (int i = 0; i < seedJobs; i++) {
			emulator.seedJobCreatedAt("Parse", JobScript.completesImmediately(), seededAt);
		}
		System.out.println("Reducto emulator listening on " + emulator.baseUrl() + " (API key: " + emulator.apiKey() + ")");
		Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
		new CountDownLatch(1).await();
	}

	private static final String HELP = """
			Usage: java -jar reducto-emulator-exec.jar [options]

			A local, Reducto-compatible API for tests: job endpoints, submissions, uploads, webhooks.

			  --port N                  port to listen on (default 8089; 0 = random)
			  --bind-address ADDRESS    address to listen on (default 127.0.0.1; 0.0.0.0 in a container)
			  --api-key KEY             API key to accept as 'Authorization: Bearer KEY' (default emulator-key)
			  --pending-ms N            how long a new job stays Pending (default 300)
			  --processing-ms N         how long it then runs before it ends (default 1200)
			  --processing-spread-ms N  add a random 0..N ms to each job's running time (default 0)
			  --failure-share F         share of jobs that fail, 0 to 1 (default 0)
			  --error-share F           share of API requests answered 503 (default 0)
			  --rate-limit-share F      share of API requests answered 429 with retry-after: 1 (default 0)
			  --reset-share F           share of API requests whose connection is dropped unanswered (default 0)
			  --slow-share F            share of API requests answered only after --slow-ms (default 0)
			  --slow-ms N               delay of slow answers (default 2000)
			  --seed-jobs N             start with N completed jobs (default 0)
			  --seed-age-days N         how many days ago the seeded jobs were created (default 0)
			  --webhook-target URL      where Svix-mode webhooks are delivered (default: none)
			  --signing-secret SECRET   whsec_ secret that signs Svix deliveries (default: a test secret)
			  --record-requests BOOL    keep every request in memory for inspection (default false)
			  --help                    this text

			GET /_emulator/ready answers 200 once listening; GET /_emulator/stats counts requests per route,
			GET /_emulator/statuses answers per status.
			""";


	private static String requireValue(String option, @Nullable String value) {
		if (value == null || value.startsWith("--")) {
			System.err.println("Option " + option + " needs a value (try --help)");
			System.exit(2);
		}
		return value;
	}

}
