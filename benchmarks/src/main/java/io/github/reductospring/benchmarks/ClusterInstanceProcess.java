package io.github.reductospring.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** One {@link ClusterInstance} of {@link ClusterBenchmark}: its JVM and the thread reading its reports. */
record ClusterInstanceProcess(String name, Process process, AtomicInteger boundPort, CountDownLatch ready,
		CountDownLatch submitted, Path log) {

	static ClusterInstanceProcess start(String name, int jobs, String jdbcUrl, URI emulator, boolean webhooks,
			ClusterBenchmark.Options options, ClusterBenchmark.Run run) throws IOException {
		// The instance binds its webhook endpoint to a port of its choosing and says which: a port picked here and
		// bound there was once taken in between.
		List<String> command = JavaProcess.command(ClusterInstance.class, List.of("-Xmx512m"), List.of("--name", name,
				"--jobs", Integer.toString(jobs), "--jdbc-url", jdbcUrl, "--emulator-url", emulator.toString(),
				"--webhook-port", "0", "--webhooks", Boolean.toString(webhooks), "--submit-within-s",
				Long.toString(options.submitWithin().toSeconds()), "--rate-share",
				Double.toString(1.0 / options.instances()), "--await", Boolean.toString(options.await())));
		Path log = Path.of(System.getProperty("java.io.tmpdir"),
				"reducto-cluster-" + (webhooks ? "webhooks" : "polling") + "-" + name + ".log");
		Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
		return of(name, process, log, jobs, run);
	}

	/** An instance over a started process, whose output is read from now on. */
	static ClusterInstanceProcess of(String name, Process process, Path log, int jobs, ClusterBenchmark.Run run) {
		AtomicInteger port = new AtomicInteger();
		CountDownLatch ready = new CountDownLatch(1);
		CountDownLatch submitted = new CountDownLatch((jobs > 0) ? 1 : 0);
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = lines.readLine()) != null) {
					if (line.startsWith("READY ")) {
						port.set(Integer.parseInt(line.substring("READY ".length())));
						ready.countDown();
					}
					if (line.equals("SUBMISSIONS-DONE")) {
						submitted.countDown();
					}
					run.line(line);
				}
			}
			catch (IOException ended) {
				// the process is gone
			}
		}, "cluster-benchmark-" + name);
		reader.setDaemon(true);
		reader.start();
		return new ClusterInstanceProcess(name, process, port, ready, submitted, log);
	}

	/** Whether it submitted all its jobs, or will submit no more (it was killed). */
	boolean doneSubmitting() {
		return this.submitted.getCount() == 0 || !this.process.isAlive();
	}

	/** The port its webhook endpoint listens on, known once it is ready. */
	int webhookPort() {
		return this.boundPort.get();
	}

	/** Waits until it is ready; fails as soon as it has died, and after 2 minutes. */
	void awaitReady() throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
		while (!this.ready.await(1, TimeUnit.SECONDS)) {
			if (!this.process.isAlive() && !this.ready.await(1, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Instance " + this.name + " exited with code "
						+ this.process.exitValue() + " before it was ready; its log: " + this.log);
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Instance " + this.name + " did not start within 2 minutes; its log: "
						+ this.log);
			}
		}
	}

	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	/** Stops it as a long GC pause would ({@code SIGSTOP}), or lets it go on ({@code SIGCONT}). */
	void signal(String signal) throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(this.process.pid())).inheritIO().start();
		if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
			throw new IllegalStateException("kill -" + signal + " " + this.process.pid() + " failed");
		}
	}

	void stop() throws InterruptedException {
		if (this.process.isAlive()) {
			this.process.destroy();
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
	}

}
