package io.tradewire.model.algo;

import java.util.List;

/** Reply to {@link QueryMasterOrders}. */
public record MasterOrderList(List<MasterOrderView> masterOrders) {
    public MasterOrderList {
        masterOrders = List.copyOf(masterOrders);
    }
}
