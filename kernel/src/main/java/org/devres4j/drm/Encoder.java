package org.devres4j.drm;

/**
 * A KMS encoder of a {@link DrmDevice}, made with {@link Kms#encoder}.
 *
 * <p><b>Lifetime / order / concurrency:</b> see {@link ModeObject}: software, released with the
 * drmm list at the last put.
 */
public final class Encoder extends ModeObject {

    Encoder(DrmDevice device, String name) {
        super(device, name);
    }

    @Override
    String kind() {
        return "encoder";
    }
}
