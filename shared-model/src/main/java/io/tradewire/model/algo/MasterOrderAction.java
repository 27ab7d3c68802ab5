package io.tradewire.model.algo;

/**
 * Look up, cancel, pause or resume one master order of a user, named by its id or by the client's id. Reply: the
 * master order's {@link MasterOrderView} after the action; failure: {@link io.tradewire.model.ErrorCode#ORDER_NOT_FOUND}
 * (also for another user's order), {@link io.tradewire.model.ErrorCode#ORDER_NOT_ACTIVE} for an action on a finished one.
 *
 * @param masterOrderId the master order's id, or null to name it by {@code clientOrderId}
 * @param reason        the client's reason for a cancel or pause, or null
 */
public record MasterOrderAction(String userId, String masterOrderId, String clientOrderId, Kind kind, String reason) {

    public enum Kind {
        QUERY,
        CANCEL,
        PAUSE,
        RESUME
    }
}
