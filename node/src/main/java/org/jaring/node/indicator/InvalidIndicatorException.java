package org.jaring.node.indicator;
public final class InvalidIndicatorException extends Exception {
    public InvalidIndicatorException(String m) { super(m); }
}
