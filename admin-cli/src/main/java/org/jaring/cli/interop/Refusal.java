package org.jaring.cli.interop;

/** One item of an import file that was not stored: where it is, what it said, and why. */
record Refusal(String position, String type, String value, String reason) {}
