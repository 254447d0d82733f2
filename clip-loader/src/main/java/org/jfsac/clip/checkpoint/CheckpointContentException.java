package org.jfsac.clip.checkpoint;

import net.razorvine.pickle.PickleException;

/**
 * Raised from inside the unpickler (allow-listed constructors, storage checks), where only
 * unchecked exceptions can pass; its message is already complete and is shown without the
 * "corrupt data.pkl" wording used for the pickle library's own errors.
 */
final class CheckpointContentException extends PickleException {
    CheckpointContentException(String message) { super(message); }
}
