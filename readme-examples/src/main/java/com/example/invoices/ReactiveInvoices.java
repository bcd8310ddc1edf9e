package com.example.invoices;

import java.time.Duration;

import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.github.reductospring.client.ReactiveJobOperations;
import io.github.reductospring.client.SubmitRequest;
import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.tracking.JobTracker;
import io.github.reductospring.client.tracking.JobUpdate;

@Service
public class ReactiveInvoices {

    private final ReactiveJobOperations reactiveJobs;

    private final JobTracker tracker;

    ReactiveInvoices(ReactiveJobOperations reactiveJobs, JobTracker tracker) {
        this.reactiveJobs = reactiveJobs;
        this.tracker = tracker;
    }

    public Mono<Job> parse(String url) {
        return reactiveJobs.submitAndAwait(SubmitRequest.parse(url).build(), Duration.ofMinutes(10));   // as it ended
    }

    public Mono<Job> follow(String jobId) {
        return tracker.track(jobId, Duration.ofMinutes(10));   // JobTimeoutException with the last seen state
    }

    public Flux<JobUpdate> changes() {
        return tracker.updates();   // every status change of every tracked job, once
    }

}
