package io.github.reductospring.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import io.netty.channel.ChannelOption;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import io.github.reductospring.client.http.ConnectionPoolSettings;
import io.github.reductospring.client.http.ReductoHttpPipeline;
import io.github.reductospring.client.http.ReductoTransport;

/**
 * How a client connects, as {@link ReductoClientBuilder} was told when the pipeline was built, carried out on the
 * pipeline's first call: straight over Reactor Netty (the default, or the client a factory makes), over a Spring
 * connector, or through a WebClient when one is asked for (a builder to start from, or customizers).
 *
 * @param startFrom the WebClient builder to start from, if any
 * @param connector a connector handed in, used as it is (its pool is its own business)
 * @param pooledConnector builds a connector over the client's own pool
 * @param pooledHttpClient builds Reactor Netty's client over the client's own pool
 * @param pool the client's own pool
 * @param customizers changes to the client's WebClient
 * @param connectTimeout the default client's connect timeout
 * @param readTimeout the default client's read timeout
 */
record TransportChoice(@Nullable Supplier<WebClient.Builder> startFrom, @Nullable ClientHttpConnector connector,
		@Nullable Function<ConnectionProvider, ClientHttpConnector> pooledConnector,
		@Nullable Function<ConnectionProvider, HttpClient> pooledHttpClient, ConnectionPoolSettings pool,
		List<Consumer<WebClient.Builder>> customizers, Duration connectTimeout, Duration readTimeout) {

	TransportChoice {
		customizers = List.copyOf(customizers);
	}

	/** The pipeline's clients, the API's with this authorization; the result fetcher's without. */
	ReductoHttpPipeline.Clients build(String authorization) {
		// A connection pool of its own unless a connector was handed in or comes with the WebClient builder: then
		// the pipeline owns and closes it.
		ConnectionProvider ownPool = null;
		ClientHttpConnector connector = this.connector;
		HttpClient http = null;
		if (connector == null && (this.pooledConnector != null || this.pooledHttpClient != null || this.startFrom == null)) {
			ownPool = this.pool.newPool("reducto");
			if (this.pooledConnector != null) {
				connector = this.pooledConnector.apply(ownPool);
			}
			else {
				http = (this.pooledHttpClient != null) ? this.pooledHttpClient.apply(ownPool) : defaultHttpClient(ownPool);
			}
		}
		HttpHeaders apiHeaders = new HttpHeaders();
		apiHeaders.set(HttpHeaders.AUTHORIZATION, authorization);
		apiHeaders.set(HttpHeaders.USER_AGENT, ReductoClientBuilder.userAgent());
		apiHeaders.set(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
		if (this.startFrom == null && this.customizers.isEmpty()) {
			// Straight over Reactor Netty or the connector: what a WebClient adds per call costs a tenth of a call's
			// throughput, and a Spring connector's adapters another tenth; nothing of either is asked for.
			return (http != null)
					? new ReductoHttpPipeline.Clients(ReductoTransport.over(http, apiHeaders),
							ReductoTransport.over(http, new HttpHeaders()), ownPool)
					: new ReductoHttpPipeline.Clients(ReductoTransport.over(Objects.requireNonNull(connector), apiHeaders),
							ReductoTransport.over(connector, new HttpHeaders()), ownPool);
		}
		if (http != null) {
			connector = new ReactorClientHttpConnector(http);
		}
		WebClient.Builder base = (this.startFrom != null) ? this.startFrom.get().clone() : WebClient.builder();
		if (connector != null) {
			base.clientConnector(connector);
		}
		// Results delivered by URL are fetched from third-party storage: never with the API key.
		WebClient resultFetcher = base.clone().build();
		WebClient.Builder api = base.defaultHeaders((headers) -> apiHeaders.forEach(headers::put));
		this.customizers.forEach((customizer) -> customizer.accept(api));
		return new ReductoHttpPipeline.Clients(ReductoTransport.over(api.build()), ReductoTransport.over(resultFetcher),
				ownPool);
	}

	private HttpClient defaultHttpClient(ConnectionProvider connections) {
		return HttpClient.create(connections)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) this.connectTimeout.toMillis())
			.responseTimeout(this.readTimeout);
	}

}
