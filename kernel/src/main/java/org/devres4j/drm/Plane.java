package org.devres4j.drm;

/**
 * A KMS plane of a {@link DrmDevice}, made with {@link Kms#plane}.
 *
 * <p><b>Lifetime / order / concurrency:</b> see {@link ModeObject}: software, released with the
 * drmm list at the last put.
 */
public final class Plane extends ModeObject {

    Plane(DrmDevice device, String name) {
        super(device, name);
    }

    @Override
    String kind() {
        return "plane";
    }
}
