package io.github.reductospring.client.retry;

/**
 * Whether repeating a call can do harm, which decides what may be retried.
 */
public enum CallKind {

	/** Reads and cancels: repeating them changes nothing. */
	IDEMPOTENT,

	/**
	 * Submissions and uploads: a repeat can create a second job. Retried only when the server surely created
	 * nothing (the connection was refused, or it answered 429 or 503).
	 */
	SUBMISSION

}
