package io.github.failoverds.sample.load;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Switches the background load: {@code GET /demo/load} tells whether it writes,
 * {@code POST /demo/load} with {@code {"enabled": true|false}} switches it.
 */
@RestController
@RequestMapping("/demo/load")
class LoadController {

	private final LoadGenerator load;

	LoadController(LoadGenerator load) {
		this.load = load;
	}

	@GetMapping
	LoadState state() {
		return new LoadState(this.load.isEnabled());
	}

	@PostMapping
	LoadState change(@RequestBody LoadState state) {
		this.load.setEnabled(state.enabled());
		return state();
	}

	record LoadState(boolean enabled) {
	}

}
