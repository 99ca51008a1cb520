package org.devres4j.drm;

/**
 * A KMS crtc of a {@link DrmDevice}, made with {@link Kms#crtc}.
 *
 * <p><b>Lifetime / order / concurrency:</b> see {@link ModeObject}: software, released with the
 * drmm list at the last put.
 */
public final class Crtc extends ModeObject {

    Crtc(DrmDevice device, String name) {
        super(device, name);
    }

    @Override
    String kind() {
        return "crtc";
    }
}
