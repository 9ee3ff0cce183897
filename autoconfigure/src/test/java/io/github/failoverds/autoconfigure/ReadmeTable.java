package io.github.failoverds.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Markdown table of the project's README: the first table after a heading, one list of cells per row
 * (the header row and the separator row left out).
 *
 * @param heading the heading the table follows
 * @param rows the cells of each row, trimmed
 */
record ReadmeTable(String heading, List<List<String>> rows) {

	/** The README of the project, seen from a module's directory (where the tests run). */
	static final Path README = Path.of("..", "README.md");

	private static final Pattern CODE = Pattern.compile("`([^`]+)`");

	/**
	 * Read the first table after a heading.
	 * @param heading the heading's whole line, e.g. {@code ### Metrics}
	 * @return the table
	 * @throws IOException when the README cannot be read
	 * @throws IllegalStateException when there is no such heading, or no table below it
	 */
	static ReadmeTable after(String heading) throws IOException {
		List<String> lines = Files.readAllLines(README);
		int start = lines.indexOf(heading);
		if (start < 0) {
			throw new IllegalStateException("README.md has no heading '" + heading + "'");
		}
		int first = start + 1;
		while (first < lines.size() && !lines.get(first).startsWith("|")) {
			first++;
		}
		List<List<String>> rows = new ArrayList<>();
		for (int i = first + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
			String line = lines.get(i).trim();
			String[] cells = line.substring(1, line.length() - 1).split("(?<!\\\\)\\|", -1);
			rows.add(Arrays.stream(cells).map(String::trim).toList());
		}
		if (rows.isEmpty()) {
			throw new IllegalStateException("README.md has no table below '" + heading + "'");
		}
		return new ReadmeTable(heading, rows);
	}

	/**
	 * The text in backticks in a cell, e.g. {@code [from, to]} for {@code `from`, `to`}.
	 * @param cell a cell
	 * @return the code spans, in order
	 */
	static List<String> codeIn(String cell) {
		List<String> code = new ArrayList<>();
		Matcher matcher = CODE.matcher(cell);
		while (matcher.find()) {
			code.add(matcher.group(1));
		}
		return code;
	}

}
