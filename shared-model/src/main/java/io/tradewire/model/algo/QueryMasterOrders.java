package io.tradewire.model.algo;

/** A user's master orders, newest first. Reply: {@link MasterOrderList}. */
public record QueryMasterOrders(String userId) {
}
