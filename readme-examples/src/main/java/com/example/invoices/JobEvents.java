package com.example.invoices;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.github.reductospring.autoconfigure.JobStatusChangedEvent;

@Component
class JobEvents {

    private static final Log log = LogFactory.getLog(JobEvents.class);

    @EventListener
    void onJobChange(JobStatusChangedEvent event) {
        if (event.getJob().isTerminal()) {
            log.info("Job " + event.getJob().jobId() + " ended " + event.getJob().status());
        }
    }

}
