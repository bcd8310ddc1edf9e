package io.github.reductospring.client;

import java.time.Duration;
import java.util.List;
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
 * pipeline's first call: always through a WebClient, started from the builder given (Boot's, with the application's
 * customizers) or a new one, over a connector handed in, one built over the client's own pool, or Reactor Netty's
 * over that pool.
 *
 * @param startFrom the WebClient builder to start from, if any
 * @param connector a connector handed in, used as it is (its pool is its own business)
 * @param pooledConnector builds a connector over the client's own pool
 * @param pool the client's own pool
 * @param customizers changes to the client's WebClient
 * @param connectTimeout the default connector's connect timeout
 * @param readTimeout the default connector's read timeout
 */
record TransportChoice(@Nullable Supplier<WebClient.Builder> startFrom, @Nullable ClientHttpConnector connector,
		@Nullable Function<ConnectionProvider, ClientHttpConnector> pooledConnector, ConnectionPoolSettings pool,
		List<Consumer<WebClient.Builder>> customizers, Duration connectTimeout, Duration readTimeout) {

	TransportChoice {
		customizers = List.copyOf(customizers);
	}

	/** The pipeline's clients, the API's with this authorization; the result fetcher's without. */
	ReductoHttpPipeline.Clients build(String authorization) {
		// A connection pool of its own unless a connector was handed in, or comes with the WebClient builder and none
		// was asked for: then the pipeline owns and closes it.
		ConnectionProvider ownPool = null;
		ClientHttpConnector connector = this.connector;
		if (connector == null && (this.pooledConnector != null || this.startFrom == null)) {
			ownPool = this.pool.newPool("reducto");
			connector = (this.pooledConnector != null) ? this.pooledConnector.apply(ownPool)
					: new ReactorClientHttpConnector(defaultHttpClient(ownPool));
		}
		WebClient.Builder base = (this.startFrom != null) ? this.startFrom.get().clone() : WebClient.builder();
		if (connector != null) {
			base.clientConnector(connector);
		}
		// Results delivered by URL are fetched from third-party storage: never with the API key.
		WebClient resultFetcher = base.clone().build();
		WebClient.Builder api = base.defaultHeaders((headers) -> {
			headers.set(HttpHeaders.AUTHORIZATION, authorization);
			headers.set(HttpHeaders.USER_AGENT, ReductoClientBuilder.userAgent());
			headers.set(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
		});
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
