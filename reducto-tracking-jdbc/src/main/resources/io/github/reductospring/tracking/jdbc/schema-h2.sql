-- Reducto job tracking (reducto-tracking-jdbc), H2 (tests). Safe to run again: every statement is IF NOT EXISTS.

CREATE TABLE IF NOT EXISTS reducto_tracked_job (
    application_id          VARCHAR(100) NOT NULL,
    job_id                  VARCHAR(256) NOT NULL,
    job_type                VARCHAR(32),
    status                  VARCHAR(16),
    created_no_earlier_than TIMESTAMP WITH TIME ZONE NOT NULL,
    deadline                TIMESTAMP WITH TIME ZONE NOT NULL,
    owner                   VARCHAR(200) NOT NULL,
    nudged                  BOOLEAN DEFAULT FALSE NOT NULL,
    event_published         BOOLEAN DEFAULT TRUE NOT NULL,
    nudge_epoch             BIGINT,
    ended_job               CLOB,
    ended_at                TIMESTAMP WITH TIME ZONE,
    updated_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (application_id, job_id)
);

CREATE INDEX IF NOT EXISTS reducto_tracked_job_unfinished ON reducto_tracked_job (application_id, ended_at, deadline);

CREATE TABLE IF NOT EXISTS reducto_poller_lease (
    application_id VARCHAR(100) NOT NULL PRIMARY KEY,
    owner          VARCHAR(200) NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    epoch          BIGINT DEFAULT 0 NOT NULL
);

ALTER TABLE reducto_poller_lease ADD COLUMN IF NOT EXISTS epoch BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE reducto_tracked_job ADD COLUMN IF NOT EXISTS nudge_epoch BIGINT;
