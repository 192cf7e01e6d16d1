package dk.sagsbro.metadata;

/** Where the child investigation (børnefaglig undersøgelse) stands. */
public enum Investigation {
    NONE, ONGOING, COMPLETED
}
