package io.github.reductospring.sample;

import java.util.Arrays;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Submits a few documents to Reducto, waits for them, pages through all jobs, cancels one and prints a table.
 * <p>
 * With no {@code REDUCTO_API_KEY} (and no {@code --reducto.api-key}) it starts the Reducto emulator inside itself,
 * so it needs no key and no network. With {@code --serve} it keeps running as a web application afterwards.
 */
@SpringBootApplication
@EnableConfigurationProperties(SampleProperties.class)
public class SampleApplication {

	public static void main(String[] args) {
		boolean serve = Arrays.asList(args).contains("--serve");
		SpringApplication application = new SpringApplication(SampleApplication.class);
		application.setWebApplicationType(serve ? WebApplicationType.REACTIVE : WebApplicationType.NONE);
		if (EmbeddedEmulator.isWanted(args)) {
			application.addInitializers(new EmbeddedEmulator());
		}
		ConfigurableApplicationContext context = application.run(args);
		if (!serve) {
			System.exit(SpringApplication.exit(context));
		}
	}

}
