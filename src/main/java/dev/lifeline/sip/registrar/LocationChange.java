package dev.lifeline.sip.registrar;

/** One change to one binding, as queued for the writer and reported to listeners. */
record LocationChange(Kind kind, Binding binding) {
    enum Kind { INSERTED, UPDATED, DELETED, EXPIRED }

    boolean removes() { return kind == Kind.DELETED || kind == Kind.EXPIRED; }

    void tell(LocationListener l) {
        switch (kind) {
            case INSERTED -> l.inserted(binding);
            case UPDATED -> l.updated(binding);
            case DELETED -> l.deleted(binding);
            case EXPIRED -> l.expired(binding);
        }
    }
}
