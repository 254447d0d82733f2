package org.jfsac.clip.checkpoint;

import org.jfsac.core.io.ElementType;

/** A storage named by a checkpoint's pickle: the archive entry {@code <prefix>/data/<key>}, not yet read. */
record StorageRef(String key, ElementType type, long numel) {}
