package org.immunorisk.training.local;

import java.util.List;

/**
 * Everything one local training run writes, in the order it is written: binaries the manifest names, the model card
 * and its image, then the manifest. Nothing is on disk until {@link ModelDirectory#write}.
 *
 * @param siblings files the manifest names (the forest binary), written first
 * @param card     the model card ({@code <id>.md})
 * @param images   the card's images ({@code <id>-roc.png} and {@code <id>-calibration.png}, or {@code <id>-km.png})
 * @param manifest the manifest ({@code <id>.json}), written last
 */
record Trained(String id, List<File> siblings, File card, List<File> images, File manifest) {

	/** A file to write: its name in the output folder and its bytes. */
	record File(String name, byte[] bytes) {}
}
