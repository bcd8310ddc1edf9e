package io.github.reductospring.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.core.metrics.StartupStep;

import io.github.reductospring.autoconfigure.ReductoProperties;
import io.github.reductospring.client.JobOperations;
import io.github.reductospring.client.ListQuery;
import io.github.reductospring.client.error.ReductoException;

/**
 * One start of a small application for {@link StartupBenchmark}, in a JVM of its own: a service that injects
 * {@link JobOperations} as the users' services do, with the starter's auto-configuration ({@code with}), without
 * it ({@code without}), or with only the starter's properties bound ({@code floor}). Prints
 * {@code REFRESH_MS <context refresh in ms>}, {@code CPU_MS <the process's CPU time until then>},
 * {@code STARTER_BEANS_MS <the starter's beans' own creation time, during the refresh>},
 * {@code REFRESH_CLASSES <classes the JVM loaded by the end of the refresh>},
 * {@code REFRESH_ALLOCATED_MB <heap the main thread allocated by then>}, and with the starter
 * {@code FIRST_CALL_MS <the first call, to a closed port>} (with {@code --after-pause}, 3 s after startup). With
 * {@code --beans} as second argument, the 30 beans that took longest by themselves; with {@code --steps}, each kind
 * of startup step's own time ({@code STEP <name> <ms>}).
 */
public final class StartupProbe {

	private StartupProbe() {
	}

	public static void main(String[] args) throws IOException, InterruptedException {
		String mode = (args.length == 0) ? "with" : args[0];
		boolean withStarter = mode.equals("with");
		List<String> arguments = new ArrayList<>(List.of("--reducto.api-key=startup-probe",
				"--reducto.base-url=http://127.0.0.1:9", "--reducto.retry.enabled=false",
				"--spring.main.banner-mode=off",
				"--logging.level.root=WARN"));
		if (!withStarter) {
			arguments.add("--spring.autoconfigure.exclude=" + String.join(",", reductoAutoConfigurations()));
		}
		// The floor: no auto-configuration of the starter's, only its properties bound and one bean made from them,
		// what any starter with these properties would cost.
		SpringApplication application = mode.equals("floor")
				? new SpringApplication(Application.class, PropertiesOnly.class) : new SpringApplication(Application.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setLogStartupInfo(false);
		BufferingApplicationStartup startup = new BufferingApplicationStartup(10_000);
		application.setApplicationStartup(startup);
		// Counted when the refresh ends: the first call, after it, loads classes of its own. The
		// bytes are the main thread's, allocated since it started: the refresh runs on it.
		long[] atRefresh = new long[2];
		application.addListeners((ApplicationListener<ApplicationEvent>) (event) -> {
			if (event instanceof ContextRefreshedEvent) {
				atRefresh[0] = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
				atRefresh[1] = ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
					.getCurrentThreadAllocatedBytes();
			}
		});
		long runStart = System.nanoTime();
		try (ConfigurableApplicationContext context = application.run(arguments.toArray(String[]::new))) {
			System.out.println("RUN_MS " + ((System.nanoTime() - runStart) / 1e6));
			// CPU of every thread (JIT compilers and GC included) until the application ran: on 2 cores, work on
			// other threads slows the refresh as much as work on its own.
			System.out.println("CPU_MS " + (((com.sun.management.OperatingSystemMXBean) ManagementFactory
				.getOperatingSystemMXBean()).getProcessCpuTime() / 1e6));
			List<StartupTimeline.TimelineEvent> events = startup.getBufferedTimeline().getEvents();
			StartupTimeline.TimelineEvent refresh = events.stream()
				.filter((event) -> event.getStartupStep().getName().equals("spring.context.refresh"))
				.findFirst()
				.orElseThrow();
			System.out.println("REFRESH_MS " + (refresh.getDuration().toNanos() / 1e6));
			// What started during the refresh only.
			List<StartupTimeline.TimelineEvent> duringRefresh = events.stream()
				.filter((event) -> !event.getStartTime().isAfter(refresh.getEndTime()))
				.toList();
			System.out.println("REFRESH_CLASSES " + atRefresh[0]);
			System.out.println("REFRESH_ALLOCATED_MB " + (atRefresh[1] / 1e6));
			Map<String, Long> selfNanos = beanSelfNanos(duringRefresh);
			// The starter's own beans by themselves: far less spread between starts than the refresh, though it
			// leaves out what the starter costs outside bean creation (its auto-configurations' conditions).
			System.out.println("STARTER_BEANS_MS " + selfNanos.entrySet()
				.stream()
				.filter((bean) -> isStarterBean(context, bean.getKey()))
				.mapToLong(Map.Entry::getValue)
				.sum() / 1e6);
			JobOperations jobs = context.getBean(DocumentService.class).jobs();
			if (jobs != null) {
				// What the first call pays for what was not made at startup, up to its connection being refused (the
				// port is closed; retries are off): made by the same thread that refreshed the context.
				// With --after-pause, the call comes 3 s after startup.
				if (List.of(args).contains("--after-pause")) {
					Thread.sleep(3000);
				}
				long callStart = System.nanoTime();
				try {
					jobs.list(ListQuery.firstPage());
				}
				catch (ReductoException expected) {
					// Connection refused: the call went as far as the network.
				}
				System.out.println("FIRST_CALL_MS " + ((System.nanoTime() - callStart) / 1e6));
			}
			if (args.length > 1 && args[1].equals("--steps")) {
				// Where the refresh goes, by kind of step (parsing configuration, creating beans, ...): compared
				// with and without the starter, what it adds outside its own beans.
				new TreeMap<>(selfNanos(duringRefresh, StartupStep::getName))
					.forEach((step, nanos) -> System.out.printf(Locale.ROOT, "STEP %s %.1f%n", step, nanos / 1e6));
			}
			if (args.length > 1 && args[1].equals("--beans")) {
				selfNanos.entrySet()
					.stream()
					.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
					.limit(30)
					.forEach((bean) -> System.out.printf(Locale.ROOT, "%6.1f ms %s%s%n", bean.getValue() / 1e6,
							bean.getKey(), isStarterBean(context, bean.getKey()) ? " (starter)" : ""));
			}
		}
		System.exit(0);
	}

	/**
	 * How long each bean's creation took by itself: its time less that of the beans created while it was (its
	 * dependencies, which have their own entry).
	 */
	private static Map<String, Long> beanSelfNanos(List<StartupTimeline.TimelineEvent> events) {
		return selfNanos(events, (step) -> step.getName().equals("spring.beans.instantiate") ? beanName(step) : null);
	}

	/**
	 * Each step's own time (less that of the steps inside it), summed by the key given ({@code null}: left out).
	 */
	private static Map<String, Long> selfNanos(List<StartupTimeline.TimelineEvent> events,
			Function<StartupStep, @Nullable String> key) {
		Map<Long, Long> childNanos = new HashMap<>();
		for (StartupTimeline.TimelineEvent event : events) {
			Long parent = event.getStartupStep().getParentId();
			if (parent != null) {
				childNanos.merge(parent, event.getDuration().toNanos(), Long::sum);
			}
		}
		Map<String, Long> selfNanos = new HashMap<>();
		for (StartupTimeline.TimelineEvent event : events) {
			String name = key.apply(event.getStartupStep());
			if (name != null) {
				selfNanos.merge(name, event.getDuration().toNanos()
						- childNanos.getOrDefault(event.getStartupStep().getId(), 0L), Long::sum);
			}
		}
		return selfNanos;
	}

	/** Whether a bean is the starter's: its type is this project's, and not the probe's own. */
	private static boolean isStarterBean(ConfigurableApplicationContext context, String beanName) {
		if (!context.getBeanFactory().containsBean(beanName)) {
			return false;
		}
		Class<?> type = context.getBeanFactory().getType(beanName);
		String name = (type != null) ? type.getName() : "";
		return name.startsWith("io.github.reductospring.") && !name.startsWith("io.github.reductospring.benchmarks.");
	}

	private static String beanName(StartupStep step) {
		for (StartupStep.Tag tag : step.getTags()) {
			if (tag.getKey().equals("beanName")) {
				return tag.getValue();
			}
		}
		return "?";
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

	/** The floor mode's stand-in for the starter: its properties, bound and checked, and nothing else. */
	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ReductoProperties.class)
	static class PropertiesOnly {

		@Bean
		String reductoApiKeyPresent(ReductoProperties properties) {
			return Boolean.toString(properties.getApiKey() != null);
		}

	}

	/** Stands for a user's service. */
	record DocumentService(@Nullable JobOperations jobs) {
	}

}
