package io.github.reductospring.benchmarks;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import io.github.reductospring.client.JobOperations;

/**
 * One start of a small application for {@link StartupBenchmark}, in a JVM of its own: a service that injects
 * {@link JobOperations} as the users' services do, with the starter's auto-configuration ({@code with}) or without
 * it ({@code without}). Prints {@code REFRESH_MS <context refresh in ms>} and {@code CPU_MS <the process's CPU time
 * until then>}.
 */
public final class StartupProbe {

	private StartupProbe() {
	}

	public static void main(String[] args) throws IOException {
		boolean withStarter = args.length == 0 || args[0].equals("with");
		List<String> arguments = new ArrayList<>(List.of("--reducto.api-key=startup-probe",
				"--reducto.base-url=http://127.0.0.1:9", "--spring.main.banner-mode=off",
				"--logging.level.root=WARN"));
		if (!withStarter) {
			arguments.add("--spring.autoconfigure.exclude=" + String.join(",", reductoAutoConfigurations()));
		}
		SpringApplication application = new SpringApplication(Application.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setLogStartupInfo(false);
		BufferingApplicationStartup startup = new BufferingApplicationStartup(10_000);
		application.setApplicationStartup(startup);
		long runStart = System.nanoTime();
		try (ConfigurableApplicationContext context = application.run(arguments.toArray(String[]::new))) {
			System.out.println("RUN_MS " + ((System.nanoTime() - runStart) / 1e6));
			// CPU of every thread (JIT compilers and GC included) until the application ran: on 2 cores, work on
			// other threads slows the refresh as much as work on its own.
			System.out.println("CPU_MS " + (((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
				.getOperatingSystemMXBean()).getProcessCpuTime() / 1e6));
			long refreshNanos = startup.getBufferedTimeline()
				.getEvents()
				.stream()
				.filter((event) -> event.getStartupStep().getName().equals("spring.context.refresh"))
				.mapToLong((event) -> event.getDuration().toNanos())
				.sum();
			System.out.println("REFRESH_MS " + (refreshNanos / 1e6));
			System.out.println("CLASSES " + java.lang.management.ManagementFactory.getClassLoadingMXBean()
				.getTotalLoadedClassCount());
			if (args.length > 1 && args[1].equals("--beans")) {
				// The slowest bean creations (nested ones included in their parent's time), to see where time goes.
				startup.getBufferedTimeline()
					.getEvents()
					.stream()
					.filter((event) -> event.getStartupStep().getName().equals("spring.beans.instantiate"))
					.sorted(java.util.Comparator.comparing(
							org.springframework.boot.context.metrics.buffering.StartupTimeline.TimelineEvent::getDuration)
						.reversed())
					.limit(25)
					.forEach((event) -> System.out.println(event.getDuration().toMillis() + " ms "
							+ event.getStartupStep().getTags().iterator().next().getValue()));
			}
		}
		System.exit(0);
	}

	/** Every auto-configuration of this project's, from the class path's auto-configuration imports. */
	private static List<String> reductoAutoConfigurations() throws IOException {
		List<String> names = new ArrayList<>();
		Enumeration<URL> imports = StartupProbe.class.getClassLoader()
			.getResources("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");
		while (imports.hasMoreElements()) {
			try (var in = imports.nextElement().openStream()) {
				new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
					.map(String::trim)
					.filter((line) -> line.startsWith("io.github.reductospring."))
					.forEach(names::add);
			}
		}
		return names;
	}

	/** The application: a service that uses the starter's {@link JobOperations} where there is one. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

		@Bean
		DocumentService documentService(ObjectProvider<JobOperations> jobs) {
			return new DocumentService(jobs.getIfAvailable());
		}

	}

	/** Stands for a user's service. */
	record DocumentService(@org.jspecify.annotations.Nullable JobOperations jobs) {
	}

}
