package io.github.reductospring.autoconfigure.cleanup;


import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.scheduling.support.CronTrigger;

import io.github.reductospring.autoconfigure.ReductoAutoConfiguration;
import io.github.reductospring.autoconfigure.ReductoConfigurationException;
import io.github.reductospring.client.ReactiveJobOperations;
import io.github.reductospring.client.cleanup.CleanupRequest;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the scheduled retention sweep, off by default
 * ({@code reducto.cleanup.enabled=true}). It runs on the application's {@link TaskScheduler} when there is one, else
 * on a one-thread scheduler of its own. A retention of zero or less, an invalid cron expression or a non-terminal
 * status fails startup with a failure analysis.
 */
@AutoConfiguration(after = ReductoAutoConfiguration.class,
		afterName = "org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration")
@ConditionalOnClass(ReactiveJobOperations.class)
@ConditionalOnBean(ReactiveJobOperations.class)
@ConditionalOnBooleanProperty("reducto.cleanup.enabled")
@EnableConfigurationProperties(ReductoCleanupProperties.class)
public final class ReductoCleanupAutoConfiguration {

	/** What to do about the setting the refusal names: each has its own rule. */
	private static String adviceFor(@Nullable String refusal) {
		String message = (refusal != null) ? refusal : "";
		if (message.startsWith("CleanupRequest.statuses")) {
			return "Set reducto.cleanup.statuses to one or more of completed, failed, cancelled (the default is all "
					+ "three); a cleanup never deletes pending or running jobs.";
		}
		if (message.startsWith("CleanupRequest.concurrency")) {
			return "Set reducto.cleanup.concurrency between 1 and 64 (default 4).";
		}
		if (message.startsWith("CleanupRequest.clockSkewMargin")) {
			return "Set reducto.cleanup.clock-skew-margin to zero or a positive duration such as 5m (the default).";
		}
		return "Set reducto.cleanup.retention to a positive duration such as 30d (the default).";
	}

	@Bean
	@ConditionalOnMissingBean
	ReductoCleanupSweep reductoCleanupSweep(ReactiveJobOperations operations, ReductoCleanupProperties properties,
			ObjectProvider<TaskScheduler> taskScheduler, ObjectProvider<CleanupReportListener> listeners) {
		CleanupRequest request;
		try {
			request = new CleanupRequest(properties.getRetention(), properties.getStatuses(), properties.isDryRun(),
					properties.getConcurrency(), properties.getClockSkewMargin());
		}
		catch (IllegalArgumentException ex) {
			throw ReductoConfigurationException.settingRefused(ex, adviceFor(ex.getMessage()));
		}
		if (!CronExpression.isValidExpression(properties.getSchedule())) {
			throw new ReductoConfigurationException(
					"reducto.cleanup.schedule is not a valid cron expression: '" + properties.getSchedule() + "'",
					"Set reducto.cleanup.schedule to a Spring cron expression with six fields, such as '0 0 3 * * *' "
							+ "(every day at 03:00).");
		}
		TaskScheduler shared = taskScheduler.getIfAvailable();
		ThreadPoolTaskScheduler own = (shared != null) ? null : ownScheduler();
		return new ReductoCleanupSweep(operations, request, new CronTrigger(properties.getSchedule()),
				(shared != null) ? shared : own, listeners.orderedStream().toList(), own);
	}

	private static ThreadPoolTaskScheduler ownScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(1);
		scheduler.setThreadNamePrefix("reducto-cleanup-");
		scheduler.setDaemon(true);
		scheduler.initialize();
		return scheduler;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class CleanupMetricsConfiguration {

		/** {@code reducto.cleanup.deleted}, {@code reducto.cleanup.failures} and {@code reducto.cleanup.duration}. */
		@Bean
		CleanupReportListener reductoCleanupMetrics(MeterRegistry registry) {
			return (report) -> {
				String dryRun = Boolean.toString(report.dryRun());
				Counter.builder("reducto.cleanup.deleted")
					.description("Jobs deleted by the retention sweep")
					.register(registry)
					.increment(report.deleted());
				Counter.builder("reducto.cleanup.failures")
					.description("Deletions that failed in the retention sweep")
					.register(registry)
					.increment(report.failed());
				Timer.builder("reducto.cleanup.duration")
					.description("Duration of retention sweeps")
					.tag("dry_run", dryRun)
					.register(registry)
					.record(report.took());
			};
		}

	}


}
