package io.github.reductospring.benchmarks;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command that runs one of the benchmarks' main classes in a JVM of its own, on this JVM's class path. */
final class JavaProcess {

	private JavaProcess() {
	}

	/**
	 * {@code java <jvmOptions> -cp <this class path> <main> <arguments>}; from the benchmarks jar, through Boot's
	 * launcher, which runs {@code main} from it.
	 */
	static List<String> command(Class<?> main, List<String> jvmOptions, List<String> arguments) {
		return command(main, jvmOptions, arguments, System.getProperty("java.class.path"));
	}

	/** The same on another class path: another build's benchmarks jar, say, to compare with. */
	static List<String> command(Class<?> main, List<String> jvmOptions, List<String> arguments, String classPath) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", classPath));
		if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
			command.addAll(List.of("-Dloader.main=" + main.getName(),
					"org.springframework.boot.loader.launch.PropertiesLauncher"));
		}
		else {
			command.add(main.getName());
		}
		command.addAll(arguments);
		return command;
	}

}
