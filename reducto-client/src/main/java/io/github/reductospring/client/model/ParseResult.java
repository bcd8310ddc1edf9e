package io.github.reductospring.client.model;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A typed view of a parse job's result: chunks of content with their layout blocks, and usage. Fields that this
 * view does not model stay available in the job's JSON result.
 *
 * @param jobId the job's id
 * @param duration processing time in seconds
 * @param usage pages and credits used
 * @param chunks the content, in reading order
 * @param pdfUrl a link to the processed PDF, if any
 * @param studioLink a link to the job in Reducto Studio, if any
 */
public record ParseResult(@Nullable String jobId, @Nullable Double duration, @Nullable Usage usage, List<Chunk> chunks,
		@Nullable String pdfUrl, @Nullable String studioLink) {

	public ParseResult {
		chunks = (chunks != null) ? List.copyOf(chunks) : List.of();
	}

	/** All blocks of all chunks, in order. */
	public List<Block> blocks() {
		return this.chunks.stream().flatMap((chunk) -> chunk.blocks().stream()).toList();
	}

	/**
	 * Pages and credits a job used.
	 *
	 * @param numPages pages processed
	 * @param credits credits charged
	 */
	public record Usage(@Nullable Integer numPages, @Nullable Double credits) {
	}

	/**
	 * A piece of the document's content.
	 *
	 * @param content the content as Markdown
	 * @param embed the text meant for embedding
	 * @param enriched enriched content, if enrichment ran
	 * @param blocks the layout blocks of this chunk
	 */
	public record Chunk(@Nullable String content, @Nullable String embed, @Nullable String enriched,
			List<Block> blocks) {

		public Chunk {
			blocks = (blocks != null) ? List.copyOf(blocks) : List.of();
		}

	}

	/**
	 * A layout element: a title, a table, a paragraph.
	 *
	 * @param type the block type as Reducto names it ({@code Title}, {@code Table}, {@code Text}, ...)
	 * @param content the block's content
	 * @param bbox where it stands on its page
	 * @param confidence {@code high} or {@code low}
	 * @param imageUrl an image of the block, if any
	 */
	public record Block(@Nullable String type, @Nullable String content, @Nullable BoundingBox bbox,
			@Nullable String confidence, @Nullable String imageUrl) {
	}

	/**
	 * A box on a page, in fractions of the page's size.
	 *
	 * @param left distance from the left edge
	 * @param top distance from the top edge
	 * @param width width
	 * @param height height
	 * @param page page number, from 1
	 * @param originalPage page number in the original document
	 */
	public record BoundingBox(double left, double top, double width, double height, int page,
			@Nullable Integer originalPage) {
	}

}
