package io.github.reductospring.client.webhook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A thread-safe set of the most recently added ids, forgetting the oldest beyond a capacity. Used to recognise
 * repeats (webhook redeliveries, late webhooks for jobs already reported) in bounded memory.
 */
final class RecentlySeen {

	private final Set<String> ids;

	RecentlySeen(int capacity) {
		this.ids = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, false) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
				return size() > capacity;
			}
		}));
	}

	/** Adds an id; returns {@code false} when it was already there. */
	boolean add(String id) {
		return this.ids.add(id);
	}

	/** Whether the id is remembered. */
	boolean contains(String id) {
		return this.ids.contains(id);
	}

	/** Forgets an id. */
	void remove(String id) {
		this.ids.remove(id);
	}

}
