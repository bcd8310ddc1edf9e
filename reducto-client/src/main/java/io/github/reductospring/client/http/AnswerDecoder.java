package io.github.reductospring.client.http;

import java.util.function.Function;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * What an answer's JSON means, read straight from the parser (no tree is built unless the decoder asks for one).
 *
 * @param <T> the decoded answer
 */
@FunctionalInterface
public interface AnswerDecoder<T> {

	/**
	 * Decodes an answer.
	 * @param answer a parser over the whole body, before its first token (an empty body has none)
	 * @return the decoded answer
	 */
	T decode(JsonParser answer);

	/** A decoder of the answer's tree, for answers that are small or rare; an empty body reads as JSON null. */
	static <T> AnswerDecoder<T> tree(Function<JsonNode, T> decode) {
		return (answer) -> decode.apply((answer.nextToken() == null) ? NullNode.getInstance()
				: answer.readValueAsTree());
	}

}
